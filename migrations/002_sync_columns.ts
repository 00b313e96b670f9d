/** 002: the nullable columns the sidecar adds to the content tables (only when missing). */
import { SYNC_COLUMNS } from './schema/sync-columns';
import { addMissingColumns } from './support/schema-toolkit';
import type { TmuMigration } from './types';

export const syncColumnsMigration: TmuMigration = {
  name: '002_sync_columns',
  async up(knex, prefix) {
    for (const addition of SYNC_COLUMNS) {
      await addMissingColumns(knex, prefix, addition.table, addition.columns, addition.indexes);
    }
  },
  // Added columns are kept on rollback: they may hold data editors rely on.
  async down() {},
};
