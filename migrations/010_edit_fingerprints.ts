/**
 * 010: tmu_sync_fingerprints.tmdb_value, TMDb's value for a field an editor
 * changed, in the bytes the sidecar would write to that column (NULL while the
 * field is not edited). The plugin's edit boxes show it ("edited; TMDb now
 * says …") and write it back for "Use TMDb's value". Down drops the column.
 */
import { addMissingColumns, columnNames, ColumnSpec } from './support/schema-toolkit';
import type { TmuMigration } from './types';

export const FINGERPRINT_TABLE = 'tmu_sync_fingerprints';
export const TMDB_VALUE_COLUMN: ColumnSpec = { name: 'tmdb_value', type: 'longtext', nullable: true };

export const editFingerprintsMigration: TmuMigration = {
  name: '010_edit_fingerprints',
  async up(knex, prefix) {
    await addMissingColumns(knex, prefix, FINGERPRINT_TABLE, [TMDB_VALUE_COLUMN]);
  },
  async down(knex, prefix) {
    const table = `${prefix}${FINGERPRINT_TABLE}`;
    if (!(await knex.schema.hasTable(table)) || !(await columnNames(knex, table)).has(TMDB_VALUE_COLUMN.name)) return;
    await knex.schema.alterTable(table, (t) => t.dropColumn(TMDB_VALUE_COLUMN.name));
  },
};
