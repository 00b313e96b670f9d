/**
 * 006: tmu_sync_object_locks, one row while a title or person is being synced,
 * whatever started the sync (a "Sync now" job, a bulk or scheduled run, a
 * discovery). Expiring rows, so a process that died frees its objects.
 */
import { ensureTable, TableSpec } from './support/schema-toolkit';
import type { TmuMigration } from './types';

export const OBJECT_LOCK_TABLE: TableSpec = {
  name: 'tmu_sync_object_locks',
  columns: [
    { name: 'object_key', type: 'varchar', length: 191, nullable: false, primary: true },
    { name: 'holder', type: 'varchar', length: 191, nullable: false },
    { name: 'acquired_at', type: 'datetime' },
    { name: 'expires_at', type: 'datetime', nullable: false },
  ],
};

export const objectLocksMigration: TmuMigration = {
  name: '006_object_locks',
  async up(knex, prefix) {
    await ensureTable(knex, prefix, OBJECT_LOCK_TABLE);
  },
  // Kept on rollback (add-only schema); nothing reads it then.
  async down() {},
};
