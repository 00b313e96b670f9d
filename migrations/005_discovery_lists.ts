/**
 * 005: curated-list bookkeeping. `items_changed_at` moves only when a refresh
 * changed the items (so HTTP caches keep their ETag / Last-Modified across
 * refreshes that found the same titles); `last_error` tells the admin screen
 * why the last refresh did not run through.
 */
import type { ColumnAddition } from './schema/sync-columns';
import { addMissingColumns } from './support/schema-toolkit';
import type { TmuMigration } from './types';

/** The columns 005 adds (schema checks read them from here). */
export const DISCOVERY_LIST_COLUMNS: ColumnAddition = {
  table: 'tmu_media_lists',
  columns: [
    { name: 'items_changed_at', type: 'datetime' },
    { name: 'last_error', type: 'text' },
  ],
};

export const discoveryListsMigration: TmuMigration = {
  name: '005_discovery_lists',
  async up(knex, prefix) {
    await addMissingColumns(knex, prefix, DISCOVERY_LIST_COLUMNS.table, DISCOVERY_LIST_COLUMNS.columns);
  },
  // Added columns are kept on rollback, as in 002.
  async down() {},
};
