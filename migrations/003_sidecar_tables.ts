/** 003: the sidecar's own tables (jobs, log, API cache, state, keywords, curated lists, fingerprints). */
import { SIDECAR_TABLES } from './schema/sidecar-tables';
import { ensureTable } from './support/schema-toolkit';
import type { TmuMigration } from './types';

export const sidecarTablesMigration: TmuMigration = {
  name: '003_sidecar_tables',
  async up(knex, prefix) {
    for (const spec of SIDECAR_TABLES) await ensureTable(knex, prefix, spec);
  },
  async down(knex, prefix) {
    for (const spec of [...SIDECAR_TABLES].reverse()) await knex.schema.dropTableIfExists(`${prefix}${spec.name}`);
  },
};
