/** 004: database-enforced per-object locks on tmu_sync_jobs (queued_key, running_key). */
import { JOB_LOCK_COLUMNS, JOB_LOCK_INDEXES, JOB_LOCK_TABLE } from './schema/job-locks';
import { addMissingColumns, ensureIndex } from './support/schema-toolkit';
import type { TmuMigration } from './types';

export const jobLocksMigration: TmuMigration = {
  name: '004_job_locks',
  async up(knex, prefix) {
    const table = `${prefix}${JOB_LOCK_TABLE}`;
    await addMissingColumns(knex, prefix, JOB_LOCK_TABLE, [...JOB_LOCK_COLUMNS]);
    // Jobs already waiting or running take their lock; a duplicate (possible before
    // this migration) keeps none and still runs, serialized by the running lock.
    const rows: Array<{ id: number; object_key: string; status: string }> = await knex(table)
      .select('id', 'object_key', 'status')
      .whereIn('status', ['queued', 'running'])
      .whereNotNull('object_key')
      .whereNull('queued_key')
      .whereNull('running_key')
      .orderBy('id');
    const taken = new Set<string>();
    for (const row of rows) {
      const column = row.status === 'queued' ? 'queued_key' : 'running_key';
      const key = `${column}:${row.object_key}`;
      if (taken.has(key)) continue;
      taken.add(key);
      await knex(table)
        .where('id', row.id)
        .update({ [column]: row.object_key });
    }
    for (const index of JOB_LOCK_INDEXES) await ensureIndex(knex, table, index);
  },
  // The columns stay on rollback (add-only schema); the locks simply stop being used.
  async down() {},
};
