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
      const q = this.db(this.tableName).orderBy('id', 'desc').limit(filter.limit ?? 100);
      if (filter.jobId !== undefined) q.where('job_id', filter.jobId);
      if (filter.type !== undefined) q.where('type', filter.type);
      if (filter.action !== undefined) q.where('action', filter.action);
      const rows: Array<Record<string, unknown>> = await q;
      return rows.map(toEntry);
    });
  }

  /** Rows of a job by action, e.g. {synced: 290, failed: 10}. */
  async countByJob(jobId: number): Promise<Record<string, number>> {
    return dbCall('count tmu_sync_log', async () => {
      const rows: Array<{ action: unknown; n: unknown }> = await this.db(this.tableName)
        .select('action')
        .count({ n: '*' })
        .where('job_id', jobId)
        .groupBy('action');
      return Object.fromEntries(rows.map((r) => [String(r.action), Number(r.n)]));
    });
  }

  /** Which of these posts (of one object type) this job has already logged. */
  async loggedPosts(jobId: number, type: string, postIds: readonly number[]): Promise<Set<number>> {
    return dbCall('read tmu_sync_log', async () => {
      const out = new Set<number>();
      for (const part of chunk([...postIds])) {
        const rows: Array<{ post_id: unknown }> = await this.db(this.tableName)
          .select('post_id')
          .where({ job_id: jobId, type })
          .whereIn('post_id', part);
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
