/**
 * 008: what an editor decides about a curated list. `post_status` is the
 * status of the posts a list creates for the titles it adds (old lists get
 * 'draft': nothing new goes public until someone publishes it). An item's
 * `pinned` keeps it at its place and in the list whatever TMDb answers;
 * `hidden` keeps a removed title out for good (the row stays, so a refresh
 * knows not to add it again).
 */
import type { ColumnAddition } from './schema/sync-columns';
import { addMissingColumns } from './support/schema-toolkit';
import type { TmuMigration } from './types';

export const LIST_CURATION_COLUMNS: readonly ColumnAddition[] = [
  { table: 'tmu_media_lists', columns: [{ name: 'post_status', type: 'varchar', length: 20, nullable: false, default: 'draft' }] },
  {
    table: 'tmu_media_list_items',
    columns: [
      { name: 'pinned', type: 'tinyint', nullable: false, default: 0 },
      { name: 'hidden', type: 'tinyint', nullable: false, default: 0 },
    ],
  },
];

export const listCurationMigration: TmuMigration = {
  name: '008_list_curation',
  async up(knex, prefix) {
    for (const addition of LIST_CURATION_COLUMNS) await addMissingColumns(knex, prefix, addition.table, addition.columns);
  },
  // Added columns are kept on rollback, as in 002.
  async down() {},
};
