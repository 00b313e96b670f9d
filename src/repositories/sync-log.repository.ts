import type { Knex } from 'knex';
import { Db, chunk, dbCall, toDate } from './repository-support';
import { tableName } from './table-names';

/** One row per object a job synced or failed, and per schedule event (type `schedule:<name>`). */
export interface SyncLogEntry {
  jobId: number | null;
  /** movie | tv | drama | person, or schedule:daily / schedule:weekly. */
  type: string;
  tmdbId: number | null;
  postId: number | null;
  /** synced | failed for objects; started | skipped | succeeded | partial | failed | cancelled for schedules. */
  action: string;
  message: string | null;
  at: Date;
}

const MAX_MESSAGE = 1000;
/** Job statuses never left again: only these jobs are pruned. */
const ENDED_STATUSES = ['succeeded', 'failed', 'partial', 'cancelled'];
/** Rows deleted per statement: short locks while jobs write. */
const PRUNE_BATCH = 500;

/** Deletes the rows `where` selects, by id, PRUNE_BATCH at a time. */
async function deleteInBatches(db: Db, table: string, where: (q: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows: Array<{ id: unknown }> = await where(db(table).select('id')).limit(PRUNE_BATCH);
    if (rows.length > 0)
      deleted += await db(table)
        .whereIn(
          'id',
          rows.map((r) => Number(r.id)),
        )
        .delete();
    if (rows.length < PRUNE_BATCH) return deleted;
  }
}

/** tmu_sync_log: the durable record of what each job did, item by item (also how a restarted job knows what is done). */
export class SyncLogRepository {
  constructor(
    private readonly db: Db,
    private readonly prefix: string,
  ) {}

  get tableName(): string {
    return tableName(this.prefix, 'tmu_sync_log');
  }

  async add(entry: Omit<SyncLogEntry, 'at'> & { at?: Date }): Promise<void> {
    await dbCall('write tmu_sync_log', async () => {
      await this.db(this.tableName).insert({
        job_id: entry.jobId,
        type: entry.type.slice(0, 32),
        tmdb_id: entry.tmdbId,
        post_id: entry.postId,
        action: entry.action.slice(0, 32),
        message: entry.message === null ? null : entry.message.slice(0, MAX_MESSAGE),
        at: entry.at ?? new Date(),
      });
    });
  }

  /** Newest first. */
  async list(filter: { jobId?: number; type?: string; action?: string; limit?: number } = {}): Promise<SyncLogEntry[]> {
    return dbCall('read tmu_sync_log', async () => {
      const q = this.db(this.tableName)
        .orderBy('id', 'desc')
        .limit(filter.limit ?? 100);
      if (filter.jobId !== undefined) q.where('job_id', filter.jobId);
      if (filter.type !== undefined) q.where('type', filter.type);
      if (filter.action !== undefined) q.where('action', filter.action);
      const rows: Array<Record<string, unknown>> = await q;
      return rows.map(toEntry);
    });
  }

  /**
   * The history older than `before`: log rows, except those of a queued or
   * running job (a resumed job reads them to know what is done), and jobs that
   * ended, except a cancelled one whose worker still holds it.
   */
  async pruneBefore(before: Date): Promise<{ jobs: number; logRows: number }> {
    const jobs = tableName(this.prefix, 'tmu_sync_jobs');
    return dbCall('prune tmu_sync_log and tmu_sync_jobs', async () => {
      const logRows = await deleteInBatches(this.db, this.tableName, (q) =>
        q.where('at', '<', before).where((w) => w.whereNull('job_id').orWhereNotIn('job_id', this.db(jobs).select('id').whereIn('status', ['queued', 'running']))),
      );
      const ended = await deleteInBatches(this.db, jobs, (q) => q.whereIn('status', ENDED_STATUSES).whereNull('lease_owner').where('finished_at', '<', before));
      return { jobs: ended, logRows };
    });
  }

  /** Rows of a job by action, e.g. {synced: 290, failed: 10}. */
  async countByJob(jobId: number): Promise<Record<string, number>> {
    return dbCall('count tmu_sync_log', async () => {
      const rows: Array<{ action: unknown; n: unknown }> = await this.db(this.tableName).select('action').count({ n: '*' }).where('job_id', jobId).groupBy('action');
      return Object.fromEntries(rows.map((r) => [String(r.action), Number(r.n)]));
    });
  }

  /** Which of these posts (of one object type) this job has already logged. */
  async loggedPosts(jobId: number, type: string, postIds: readonly number[]): Promise<Set<number>> {
    return dbCall('read tmu_sync_log', async () => {
      const out = new Set<number>();
      for (const part of chunk([...postIds])) {
        const rows: Array<{ post_id: unknown }> = await this.db(this.tableName).select('post_id').where({ job_id: jobId, type }).whereIn('post_id', part);
        for (const r of rows) out.add(Number(r.post_id));
      }
      return out;
    });
  }
}

function toEntry(row: Record<string, unknown>): SyncLogEntry {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    jobId: num(row.job_id),
    type: String(row.type ?? ''),
    tmdbId: num(row.tmdb_id),
    postId: num(row.post_id),
    action: String(row.action ?? ''),
    message: row.message === null || row.message === undefined ? null : String(row.message),
    at: toDate(row.at) ?? new Date(0),
  };
}
