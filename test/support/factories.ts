/**
 * Row factories for the tmu_* tables. IDs come from one counter per test file,
 * so rows made in one test never collide with rows of another.
 */
import type { CastRow, CrewRow, DramaRow, EpisodeRow, MovieRow, PersonRow, SeasonRow, TvRow, VideoRow } from '../../src/domain/rows';
import type { MediaListItemRecord } from '../../src/repositories/media-list.repository';
import type { DiscoveredTitle } from '../../src/services/discovery/discovery.schema';

let nextPostId = 1000;
let nextTmdbId = 500000;

/** A fresh WordPress-like post ID. */
export function postId(): number {
  nextPostId += 1;
  return nextPostId;
}

/** A fresh TMDb id. */
export function tmdbId(): number {
  nextTmdbId += 1;
  return nextTmdbId;
}

export function movieRow(overrides: Partial<MovieRow> = {}): MovieRow {
  return {
    ID: postId(),
    tmdb_id: tmdbId(),
    release_date: '1999-03-31',
    release_timestamp: 922838400,
    original_title: 'The Matrix',
    tagline: 'Welcome to the Real World.',
    production_house: 'Warner Bros. Pictures, Village Roadshow Pictures',
    runtime: 136,
    certification: 'R',
    revenue: 463517383,
    budget: 63000000,
    star_cast: null,
    videos: null,
    images: null,
    average_rating: 8.2,
    vote_count: 26000,
    popularity: 85.3,
    title: 'The Matrix',
    overview: 'Set in the 22nd century…',
    imdb_id: 'tt0133093',
    status: 'Released',
    adult: 0,
    original_language: 'en',
    ...overrides,
  };
}

export function tvRow(overrides: Partial<TvRow> = {}): TvRow {
  return {
    ID: postId(),
    tmdb_id: tmdbId(),
    release_date: '2011-04-17',
    release_timestamp: 1302998400,
    original_title: 'Game of Thrones',
    finished: '1',
    tagline: 'Winter is coming.',
    production_house: 'HBO',
    runtime: 60,
    certification: 'TV-MA',
    star_cast: null,
    videos: null,
    images: null,
    seasons: null,
    last_season: 8,
    last_episode: 6,
    average_rating: 8.4,
    vote_count: 22000,
    popularity: 300.1,
    title: 'Game of Thrones',
    ...overrides,
  };
}

export function dramaRow(overrides: Partial<DramaRow> = {}): DramaRow {
  return {
    ID: postId(),
    tmdb_id: tmdbId(),
    release_date: '2019-12-14',
    release_timestamp: 1576281600,
    original_title: '사랑의 불시착',
    finished: '1',
    tagline: null,
    production_house: 'Studio Dragon',
    runtime: 70,
    certification: 'TV-14',
    star_cast: null,
    videos: null,
    images: null,
    average_rating: 8.7,
    vote_count: 1800,
    popularity: 60.2,
    title: 'Crash Landing on You',
    ...overrides,
  };
}

export function personRow(overrides: Partial<PersonRow> = {}): PersonRow {
  return {
    ID: postId(),
    tmdb_id: tmdbId(),
    name: 'Keanu Reeves',
    date_of_birth: '1964-09-02',
    gender: 'Male',
    profession: 'Acting',
    birthplace: 'Beirut, Lebanon',
    dead_on: null,
    social_media_account: null,
    popularity: 40.5,
    ...overrides,
  };
}

export function seasonRow(overrides: Partial<SeasonRow> = {}): SeasonRow {
  return {
    ID: postId(),
    season_no: 1,
    season_name: 'Season 1',
    air_date: '2011-04-17',
    air_date_timestamp: 1302998400,
    total_episodes: 10,
    average_rating: 8.1,
    tmdb_id: tmdbId(),
    poster_path: '/poster.jpg',
    overview: 'The first season.',
    ...overrides,
  };
}

export function episodeRow(overrides: Partial<EpisodeRow> = {}): EpisodeRow {
  return {
    ID: postId(),
    season_no: 1,
    episode_no: 1,
    episode_title: 'Winter Is Coming',
    air_date: '2011-04-17',
    air_date_timestamp: 1302998400,
    episode_type: 'standard',
    runtime: 62,
    overview: 'Lord Stark…',
    credits: null,
    average_rating: 7.9,
    vote_count: 300,
    tmdb_id: tmdbId(),
    still_path: '/still.jpg',
    ...overrides,
  };
}

export function castRow(overrides: Partial<CastRow> = {}): CastRow {
  return { person: postId(), job: 'Neo', release_year: 922838400, ...overrides };
}

export function crewRow(overrides: Partial<CrewRow> = {}): CrewRow {
  return { person: postId(), department: 'Directing', job: 'Director', release_year: 922838400, ...overrides };
}

export function videoRow(parentPostId: number, sourceKey = 'vKQi3bBA1y8', overrides: Partial<VideoRow> = {}): VideoRow {
  return {
    ID: postId(),
    video_data: `a:2:{s:6:"source";s:${sourceKey.length}:"${sourceKey}";s:12:"content_type";s:7:"Trailer";}`,
    post_id: parentPostId,
    ...overrides,
  };
}

/** A stored curated-list item (tmu_media_list_items), at the given position. */
export function listItem(position: number, overrides: Partial<MediaListItemRecord> = {}): MediaListItemRecord {
  return { id: postId(), listId: 1, position, postId: postId(), tmdbId: tmdbId(), mediaType: 'movie', pinned: false, hidden: false, ...overrides };
}

/** A title a discovery found (and synced or found in the library). */
export function discoveredTitle(overrides: Partial<DiscoveredTitle> = {}): DiscoveredTitle {
  const id = overrides.tmdbId ?? tmdbId();
  return { tmdbId: id, kind: 'movie', mediaType: 'movie', postId: postId(), title: `Title ${id}`, synced: true, created: false, ...overrides };
}

/** The same title as a stored list item, as discovery finds it again. */
export function foundAgain(item: MediaListItemRecord, overrides: Partial<DiscoveredTitle> = {}): DiscoveredTitle {
  const kind = item.mediaType === 'movie' ? 'movie' : 'tv';
  return discoveredTitle({ tmdbId: item.tmdbId, kind, mediaType: item.mediaType, postId: item.postId ?? postId(), ...overrides });
}
