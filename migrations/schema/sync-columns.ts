/**
 * The nullable columns the sidecar adds to the legacy tables
 * (src/domain/rows.ts). Added only when missing; a column a
 * site already has (e.g. from the theme's Step 03 migration) is left as it is.
 *
 * Frozen: later changes go in new migrations, never here.
 */
import type { ColumnSpec, IndexSpec } from '../support/schema-toolkit';

const text = (name: string): ColumnSpec => ({ name, type: 'text' });
const varchar = (name: string, length = 255): ColumnSpec => ({ name, type: 'varchar', length });
const bigint = (name: string): ColumnSpec => ({ name, type: 'bigint' });
const syncedAt: ColumnSpec = { name: 'synced_at', type: 'datetime' };

const titleColumns: ColumnSpec[] = [
  text('title'),
  text('overview'),
  varchar('imdb_id', 32),
  varchar('status', 64),
  { name: 'adult', type: 'tinyint' },
  varchar('poster_path'),
  varchar('backdrop_path'),
  text('homepage'),
  varchar('original_language', 16),
  text('genres'),
  text('keywords'),
  text('production_companies'),
  text('production_countries'),
  text('spoken_languages'),
  text('networks'),
  syncedAt,
];

const personColumns: ColumnSpec[] = [text('biography'), varchar('imdb_id', 32), varchar('profile_path'), syncedAt];

const seasonColumns: ColumnSpec[] = [bigint('tmdb_id'), varchar('poster_path'), text('overview'), syncedAt];

const episodeColumns: ColumnSpec[] = [bigint('tmdb_id'), varchar('still_path'), syncedAt];

export interface ColumnAddition {
  table: string;
  columns: ColumnSpec[];
  indexes?: IndexSpec[];
}

const tmdbIndex: IndexSpec = { columns: ['tmdb_id'] };

export const SYNC_COLUMNS: readonly ColumnAddition[] = [
  { table: 'tmu_movies', columns: titleColumns },
  { table: 'tmu_tv_series', columns: titleColumns },
  { table: 'tmu_dramas', columns: titleColumns },
  { table: 'tmu_people', columns: personColumns },
  { table: 'tmu_tv_series_seasons', columns: seasonColumns, indexes: [tmdbIndex] },
  { table: 'tmu_dramas_seasons', columns: seasonColumns, indexes: [tmdbIndex] },
  { table: 'tmu_tv_series_episodes', columns: episodeColumns, indexes: [tmdbIndex] },
  {
    table: 'tmu_dramas_episodes',
    // Every drama season is imported, so drama episodes are keyed like TV episodes.
    // air_date_timestamp: EpisodeRow has it; the legacy drama table did not.
    columns: [...episodeColumns, bigint('season_no'), { name: 'season_id', type: 'postRef' }, bigint('air_date_timestamp')],
    indexes: [tmdbIndex, { columns: ['dramas', 'season_no', 'episode_no'] }, { columns: ['season_id'] }],
  },
];
