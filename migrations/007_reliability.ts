/**
 * 007: tmu_sync_deliveries, the webhook deliveries seen within the signature
 * window, so a replay is refused on every process and after a restart.
 */
import { ensureTable, TableSpec } from './support/schema-toolkit';
import type { TmuMigration } from './types';

export const DELIVERY_TABLE: TableSpec = {
  name: 'tmu_sync_deliveries',
  columns: [
    { name: 'delivery_id', type: 'varchar', length: 64, nullable: false, primary: true },
    /** NULL while the first request is being answered. */
    { name: 'status', type: 'int' },
    { name: 'body', type: 'text' },
    { name: 'claimed_at', type: 'datetime', nullable: false },
    { name: 'expires_at', type: 'datetime', nullable: false },
  ],
  indexes: [{ columns: ['expires_at'] }],
};

export const reliabilityMigration: TmuMigration = {
  name: '007_reliability',
  async up(knex, prefix) {
    await ensureTable(knex, prefix, DELIVERY_TABLE);
  },
  // Kept on rollback (add-only schema); nothing reads it then.
  async down() {},
};
