/**
 * 007: tmu_sync_deliveries, the webhook deliveries seen within the signature
 * window, so a replay is refused on every process and after a restart; and the
 * TEXT columns we own that hold TMDb text or job progress widened to LONGTEXT
 * on MySQL (a 70,000-character overview does not fit 65,535 bytes). Legacy
 * columns keep their type: values for them are cut to fit when written.
 */
import type { Knex } from 'knex';
import { dialectOf, ensureTable, TableSpec } from './support/schema-toolkit';
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

const TITLE_TEXT = ['title', 'overview', 'homepage', 'genres', 'keywords', 'production_companies', 'production_countries', 'spoken_languages', 'networks'];

/** Columns the sidecar added (migrations 002 and 003) as TEXT, by unprefixed table. */
export const WIDENED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  tmu_movies: TITLE_TEXT,
  tmu_tv_series: TITLE_TEXT,
  tmu_dramas: TITLE_TEXT,
  tmu_people: ['biography'],
  tmu_tv_series_seasons: ['overview'],
  tmu_dramas_seasons: ['overview'],
  tmu_sync_jobs: ['progress', 'error'],
};

/** TEXT → LONGTEXT where the column is still TEXT; a site that widened or retyped one keeps its choice. */
async function widen(knex: Knex, prefix: string): Promise<void> {
  if (dialectOf(knex) !== 'mysql') return; // SQLite's TEXT has no length limit
  for (const [name, columns] of Object.entries(WIDENED_COLUMNS)) {
    const table = `${prefix}${name}`;
    const rows: Array<{ COLUMN_NAME: string; IS_NULLABLE: string }> = await knex('information_schema.COLUMNS')
      .select('COLUMN_NAME', 'IS_NULLABLE')
      .whereRaw('TABLE_SCHEMA = DATABASE()')
      .andWhere({ TABLE_NAME: table, DATA_TYPE: 'text' })
      .whereIn('COLUMN_NAME', [...columns]);
    for (const row of rows) {
      const nullable = row.IS_NULLABLE === 'YES' ? 'NULL' : 'NOT NULL';
      await knex.raw(`ALTER TABLE ?? MODIFY ?? LONGTEXT ${nullable}`, [table, row.COLUMN_NAME]);
    }
  }
}

export const reliabilityMigration: TmuMigration = {
  name: '007_reliability',
  async up(knex, prefix) {
    await ensureTable(knex, prefix, DELIVERY_TABLE);
    await widen(knex, prefix);
  },
  // Kept on rollback (add-only schema); nothing reads it then.
  async down() {},
};
