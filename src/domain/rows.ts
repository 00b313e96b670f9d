/**
 * Rows of the tmu_* tables, as TMU templates read them.
 * List columns are already encoded (PHP serialize() or JSON) by the mappers' column codec.
 * `ID` is always the WordPress post ID.
 */
export interface SyncedExtras {
  title?: string | null;
  overview?: string | null;
  imdb_id?: string | null;
  status?: string | null;
  adult?: number | null;
  poster_path?: string | null;
  backdrop_path?: string | null;
  homepage?: string | null;
  original_language?: string | null;
  genres?: string | null;
  keywords?: string | null;
  production_companies?: string | null;
  production_countries?: string | null;
  spoken_languages?: string | null;
  synced_at?: Date | null;
  /** Where to watch in the site's region: a list of {name, url} (docs/columns.md); absent when TMDb's answer had no such block. */
  streaming_platforms?: string | null;
}

export interface MovieRow extends SyncedExtras {
  ID: number;
  tmdb_id: number;
  release_date: string | null;
  release_timestamp: number | null;
  original_title: string | null;
  tagline: string | null;
  production_house: string | null;
  runtime: number | null;
  certification: string | null;
  revenue: number | null;
  budget: number | null;
  star_cast: string | null;
  videos: string | null;
  images: string | null;
  average_rating: number | null;
  vote_count: number | null;
  popularity: number | null;
}

export interface TvRow extends SyncedExtras {
  ID: number;
  tmdb_id: number;
  release_date: string | null;
  release_timestamp: number | null;
  original_title: string | null;
  finished: string | null;
  tagline: string | null;
  production_house: string | null;
  runtime: number | null;
  certification: string | null;
  star_cast: string | null;
  videos: string | null;
  images: string | null;
  seasons?: string | null;
  last_season?: number | null;
  last_episode?: number | null;
  average_rating: number | null;
  vote_count: number | null;
  popularity: number | null;
  networks?: string | null;
}

/** Dramas: like TV, without seasons/last_season/last_episode/revenue/budget. */
export type DramaRow = Omit<TvRow, 'seasons' | 'last_season' | 'last_episode'>;

export interface CastRow {
  person: number;
  job: string | null;
  release_year: number | null;
  count?: number | null;
}

export interface CrewRow extends CastRow {
  department: string | null;
}

export interface PersonRow {
  ID: number;
  tmdb_id: number;
  name: string;
  date_of_birth: string | null;
  gender: 'Male' | 'Female' | 'Not Specified';
  profession: string | null;
  birthplace: string | null;
  dead_on: string | null;
  social_media_account: string | null;
  popularity: number | null;
  photos?: string | null;
  /** Never NULL: the legacy person template unserialize()s it unchecked. */
  videos?: string | null;
  known_for?: string | null;
  biography?: string | null;
  imdb_id?: string | null;
  profile_path?: string | null;
  synced_at?: Date | null;
}

export interface SeasonRow {
  ID: number;
  season_no: number;
  season_name: string | null;
  air_date: string | null;
  air_date_timestamp: number | null;
  total_episodes: number;
  average_rating: number;
  tmdb_id?: number | null;
  poster_path?: string | null;
  overview?: string | null;
  synced_at?: Date | null;
}

export interface EpisodeRow {
  ID: number;
  season_no: number;
  episode_no: number;
  episode_title: string | null;
  air_date: string | null;
  air_date_timestamp: number | null;
  episode_type: string | null;
  runtime: number | null;
  overview: string | null;
  credits: string | null;
  average_rating: number;
  vote_count: number;
  tmdb_id?: number | null;
  still_path?: string | null;
  synced_at?: Date | null;
}

export interface VideoRow {
  ID: number;
  video_data: string;
  post_id: number;
}
