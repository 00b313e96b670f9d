/**
 * 001: the legacy TMU content tables. Missing tables are
 * created; existing ones are adopted (missing columns and indexes added, rows
 * and existing columns untouched). Foreign keys to `${prefix}posts(ID)` only on
 * MySQL/MariaDB when that table exists, and only on tables created here.
 */
import { CONTENT_TABLES } from './schema/content-tables';
import { ensureTable } from './support/schema-toolkit';
import type { TmuMigration } from './types';

export const contentTablesMigration: TmuMigration = {
  name: '001_content_tables',
  async up(knex, prefix) {
    for (const spec of CONTENT_TABLES) await ensureTable(knex, prefix, spec);
  },
  // Never drops a content table: a site's data outlives the sidecar.
  async down() {},
};
