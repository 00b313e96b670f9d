/**
 * 009: an index on tmu_sync_jobs (status, finished_at). Retention pruning
 * (JOB_RETENTION_DAYS) deletes ended jobs with `status IN (ended) AND finished_at < cutoff`;
 * before, it read every job of those statuses (the old jobs of a big site). Status
 * first, so the query reads only old ended jobs on SQLite and MariaDB alike (a
 * finished_at-only index lost to the status index on SQLite). Down drops it again.
 */
import { ensureIndex, indexName, IndexSpec, listIndexes } from './support/schema-toolkit';
import type { TmuMigration } from './types';

export const JOB_FINISHED_INDEX: IndexSpec = { columns: ['status', 'finished_at'] };

export const jobFinishedIndexMigration: TmuMigration = {
  name: '009_job_finished_index',
  async up(knex, prefix) {
    await ensureIndex(knex, `${prefix}tmu_sync_jobs`, JOB_FINISHED_INDEX);
  },
  async down(knex, prefix) {
    const table = `${prefix}tmu_sync_jobs`;
    const name = indexName(table, JOB_FINISHED_INDEX);
    // Only our own index: one a site made itself on these columns stays.
    if (!(await listIndexes(knex, table)).some((e) => e.name.toLowerCase() === name.toLowerCase())) return;
    await knex.schema.alterTable(table, (t) => t.dropIndex(JOB_FINISHED_INDEX.columns, name));
  },
};
