import type { Knex } from 'knex';
import type { JobRecord } from '../domain/job';
import { dbCall } from './repository-support';
import { toJobRecord } from './job-rows';

/** Waiting jobs looked at per merge: the newest few, where the last hand-overs went. */
const CANDIDATES = 5;

/**
 * Adds work to a job still waiting in tmu_sync_jobs instead of queueing another (the people of many
 * titles in one `people.refresh`). The update is conditional on the job still being queued with the
 * payload that was read, so a job a worker claimed meanwhile is never changed: the caller queues a new one.
 */
export class JobMergeRepository {
  private readonly table: string;

  constructor(
    private readonly db: Knex,
    prefix: string,
  ) {
    this.table = `${prefix}tmu_sync_jobs`;
  }

  /**
   * `merge` gives the new payload of a waiting job, the payload it was given when the job holds the work already,
   * or null when it should not take the work; the job merged into, or null.
   */
  async mergeIntoQueued(type: string, merge: (payload: Record<string, unknown>) => Record<string, unknown> | null): Promise<JobRecord | null> {
    return dbCall(`merge into a queued ${type} job`, async () => {
      const rows: Array<Record<string, unknown>> = await this.db(this.table).where({ type, status: 'queued', attempts: 0 }).orderBy('id', 'desc').limit(CANDIDATES);
      for (const row of rows) {
        const record = toJobRecord(row);
        const next = merge(record.payload);
        if (!next) continue;
        // The work is in the job already (`merge` gave its payload back): nothing to write.
        if (next === record.payload) return record;
        const changed = await this.db(this.table)
          .where({ id: row.id, status: 'queued', payload: row.payload })
          .update({ payload: JSON.stringify(next) });
        if (changed === 1) return toJobRecord({ ...row, payload: JSON.stringify(next) });
      }
      return null;
    });
  }
}
