/** Names of the tmu_* tables (unprefixed) and the prefixed-name helpers. */

export type TitleKind = 'movie' | 'tv' | 'drama';
export type SeriesKind = 'tv' | 'drama';

export const CONTENT_TABLE_NAMES = [
  'tmu_movies',
  'tmu_movies_cast',
  'tmu_movies_crew',
  'tmu_people',
  'tmu_dramas',
  'tmu_dramas_cast',
  'tmu_dramas_crew',
  'tmu_dramas_episodes',
  'tmu_dramas_seasons',
  'tmu_tv_series',
  'tmu_tv_series_cast',
  'tmu_tv_series_crew',
  'tmu_tv_series_episodes',
  'tmu_tv_series_seasons',
  'tmu_videos',
  'tmu_seo_options',
] as const;

export const SIDECAR_TABLE_NAMES = [
  'tmu_sync_jobs',
  'tmu_sync_log',
  'tmu_api_cache',
  'tmu_sync_state',
  'tmu_keywords',
  'tmu_media_lists',
  'tmu_media_list_items',
  'tmu_sync_fingerprints',
  'tmu_sync_object_locks',
  'tmu_sync_deliveries',
] as const;

/** Created by LocalContentRepository.ensureSchema(), never by the migrations. */
type LocalTableName = 'tmu_local_posts' | 'tmu_local_terms' | 'tmu_local_term_relationships' | 'tmu_local_term_meta' | 'tmu_local_attachments';

export type ContentTableName = (typeof CONTENT_TABLE_NAMES)[number];
type SidecarTableName = (typeof SIDECAR_TABLE_NAMES)[number];
export type TmuTableName = ContentTableName | SidecarTableName | LocalTableName;

/** Tables of the migrator itself; not counted as content. */
export const MIGRATION_TABLE_NAMES = ['tmu_migrations', 'tmu_migrations_lock'] as const;

export function tableName(prefix: string, name: TmuTableName): string {
  return `${prefix}${name}`;
}

export interface TitleTables {
  title: ContentTableName;
  cast: ContentTableName;
  crew: ContentTableName;
  /** The column of cast/crew rows that holds the title's post ID. */
  contentColumn: 'movie' | 'tv_series' | 'dramas';
  /** cast/crew have a `count` column (TMDb total_episode_count). */
  hasCount: boolean;
}

export const TITLE_TABLES: Record<TitleKind, TitleTables> = {
  movie: { title: 'tmu_movies', cast: 'tmu_movies_cast', crew: 'tmu_movies_crew', contentColumn: 'movie', hasCount: false },
  tv: { title: 'tmu_tv_series', cast: 'tmu_tv_series_cast', crew: 'tmu_tv_series_crew', contentColumn: 'tv_series', hasCount: true },
  drama: { title: 'tmu_dramas', cast: 'tmu_dramas_cast', crew: 'tmu_dramas_crew', contentColumn: 'dramas', hasCount: true },
};

export interface SeriesTables {
  seasons: ContentTableName;
  episodes: ContentTableName;
  /** The column of season/episode rows that holds the series' post ID. */
  seriesColumn: 'tv_series' | 'dramas';
}

export const SERIES_TABLES: Record<SeriesKind, SeriesTables> = {
  tv: { seasons: 'tmu_tv_series_seasons', episodes: 'tmu_tv_series_episodes', seriesColumn: 'tv_series' },
  drama: { seasons: 'tmu_dramas_seasons', episodes: 'tmu_dramas_episodes', seriesColumn: 'dramas' },
};

/** DECIMAL(10,1) columns: values are rounded to one decimal before writing, so re-writes compare equal. */
export const DECIMAL_COLUMNS: ReadonlySet<string> = new Set(['average_rating', 'popularity', 'total_average_rating']);
