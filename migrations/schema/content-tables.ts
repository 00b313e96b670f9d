/**
 * The legacy TMU content tables, column for column:
 * same names, same types (bigint(20) [unsigned], text, longtext, varchar(255),
 * DECIMAL(10,1)), same NOT NULL/DEFAULT rules. `ID` is the WordPress post ID
 * except in cast/crew and seo_options, where it is an auto-increment key.
 *
 * Frozen: later changes go in new migrations, never here.
 */
import type { ColumnSpec, IndexSpec, TableSpec } from '../support/schema-toolkit';

const text = (name: string): ColumnSpec => ({ name, type: 'text' });
const longtext = (name: string): ColumnSpec => ({ name, type: 'longtext' });
const bigint = (name: string): ColumnSpec => ({ name, type: 'bigint' });
const varchar = (name: string): ColumnSpec => ({ name, type: 'varchar', length: 255 });
/** bigint(20) UNSIGNED NOT NULL reference to a post. */
const postRef = (name: string): ColumnSpec => ({ name, type: 'postRef', nullable: false });
const decimal0 = (name: string, nullable = true): ColumnSpec => ({ name, type: 'decimal', default: 0, nullable });
const bigint0 = (name: string, nullable = true): ColumnSpec => ({ name, type: 'bigint', default: 0, nullable });
const postId: ColumnSpec = { name: 'ID', type: 'postId' };
const autoId: ColumnSpec = { name: 'ID', type: 'autoId' };

const tmdbIndex: IndexSpec = { columns: ['tmdb_id'] };

const movies: TableSpec = {
  name: 'tmu_movies',
  columns: [
    postId,
    bigint('tmdb_id'),
    text('release_date'),
    bigint('release_timestamp'),
    text('original_title'),
    text('tagline'),
    text('production_house'),
    text('streaming_platforms'),
    bigint('runtime'),
    text('certification'),
    bigint('revenue'),
    bigint('budget'),
    text('star_cast'),
    longtext('credits'),
    longtext('credits_temp'),
    text('videos'),
    text('images'),
    decimal0('average_rating'),
    bigint0('vote_count'),
    decimal0('popularity'),
    decimal0('total_average_rating'),
    bigint0('total_vote_count', false),
  ],
  postForeignKeys: ['ID'],
  indexes: [tmdbIndex],
};

function creditTable(name: string, content: string, kind: 'cast' | 'crew', withCount: boolean): TableSpec {
  const columns: ColumnSpec[] = [autoId, postRef(content), postRef('person')];
  if (kind === 'crew') columns.push(varchar('department'));
  columns.push(varchar('job'), bigint('release_year'));
  if (withCount) columns.push(bigint('count'));
  return {
    name,
    columns,
    postForeignKeys: [content, 'person'],
    indexes: [{ columns: [content, 'person'] }, { columns: ['person'] }],
  };
}

const people: TableSpec = {
  name: 'tmu_people',
  columns: [
    postId,
    text('name'),
    text('date_of_birth'),
    text('gender'),
    text('nick_name'),
    text('marital_status'),
    text('basic'),
    text('videos'),
    text('photos'),
    text('profession'),
    bigint('net_worth'),
    bigint('tmdb_id'),
    text('birthplace'),
    text('dead_on'),
    text('social_media_account'),
    bigint('no_movies'),
    bigint('no_tv_series'),
    bigint('no_dramas'),
    text('known_for'),
    decimal0('popularity'),
  ],
  postForeignKeys: ['ID'],
  indexes: [tmdbIndex],
};

const dramas: TableSpec = {
  name: 'tmu_dramas',
  columns: [
    postId,
    bigint('tmdb_id'),
    text('release_date'),
    bigint('release_timestamp'),
    text('original_title'),
    text('finished'),
    text('tagline'),
    bigint('seo_genre'),
    text('production_house'),
    text('streaming_platforms'),
    text('schedule_day'),
    text('schedule_time'),
    bigint('schedule_timestamp'),
    bigint('runtime'),
    text('certification'),
    text('star_cast'),
    longtext('credits'),
    longtext('credits_temp'),
    text('videos'),
    text('images'),
    decimal0('average_rating'),
    bigint0('vote_count'),
    decimal0('popularity'),
    text('where_to_watch'),
    decimal0('total_average_rating'),
    bigint0('total_vote_count', false),
  ],
  postForeignKeys: ['ID'],
  indexes: [tmdbIndex],
};

const dramaEpisodes: TableSpec = {
  name: 'tmu_dramas_episodes',
  columns: [
    postId,
    text('episode_title'),
    text('air_date'),
    text('episode_type'),
    bigint('runtime'),
    text('overview'),
    text('credits'),
    bigint('episode_no'),
    postRef('dramas'),
    decimal0('average_rating', false),
    bigint0('vote_count', false),
    text('video'),
    decimal0('total_average_rating'),
    bigint0('total_vote_count', false),
  ],
  postForeignKeys: ['ID', 'dramas'],
  // (dramas, season_no, episode_no) comes in 002, with season_no.
  indexes: [{ columns: ['dramas', 'episode_no'] }],
};

const tvSeries: TableSpec = {
  name: 'tmu_tv_series',
  columns: [
    postId,
    bigint('tmdb_id'),
    text('release_date'),
    bigint('release_timestamp'),
    text('original_title'),
    text('finished'),
    text('tagline'),
    text('production_house'),
    text('streaming_platforms'),
    text('schedule_time'),
    bigint('runtime'),
    text('certification'),
    bigint('revenue'),
    bigint('budget'),
    text('star_cast'),
    longtext('credits'),
    longtext('credits_temp'),
    text('videos'),
    text('images'),
    text('seasons'),
    bigint('last_season'),
    bigint('last_episode'),
    decimal0('average_rating'),
    bigint0('vote_count'),
    decimal0('popularity'),
    text('where_to_watch'),
    decimal0('total_average_rating'),
    bigint0('total_vote_count', false),
  ],
  postForeignKeys: ['ID'],
  indexes: [tmdbIndex],
};

const tvEpisodes: TableSpec = {
  name: 'tmu_tv_series_episodes',
  columns: [
    postId,
    postRef('tv_series'),
    bigint('season_no'),
    bigint('episode_no'),
    text('episode_title'),
    text('air_date'),
    bigint('air_date_timestamp'),
    text('episode_type'),
    bigint('runtime'),
    text('overview'),
    text('credits'),
    decimal0('average_rating', false),
    bigint0('vote_count', false),
    postRef('season_id'),
    decimal0('total_average_rating'),
    bigint0('total_vote_count', false),
  ],
  postForeignKeys: ['ID', 'tv_series', 'season_id'],
  indexes: [{ columns: ['tv_series', 'season_no', 'episode_no'] }, { columns: ['season_id'] }],
};

function seasonTable(name: string, parent: string): TableSpec {
  return {
    name,
    columns: [
      postId,
      bigint('season_no'),
      text('season_name'),
      postRef(parent),
      text('air_date'),
      bigint('air_date_timestamp'),
      bigint('total_episodes'),
      decimal0('average_rating', false),
      decimal0('total_average_rating'),
      bigint0('total_vote_count', false),
    ],
    postForeignKeys: ['ID', parent],
    indexes: [{ columns: [parent, 'season_no'] }],
  };
}

const videos: TableSpec = {
  name: 'tmu_videos',
  columns: [postId, text('video_data'), postRef('post_id')],
  postForeignKeys: ['ID', 'post_id'],
  indexes: [{ columns: ['post_id'] }],
};

/** Legacy: latin1; we create it utf8mb4 like every other table (an adopted latin1 table stays latin1). */
const seoOptions: TableSpec = {
  name: 'tmu_seo_options',
  columns: [autoId, text('name'), text('title'), text('description'), text('keywords'), text('robots'), text('post_type'), text('section')],
};

/** In the legacy plugin's order. */
export const CONTENT_TABLES: readonly TableSpec[] = [
  movies,
  creditTable('tmu_movies_cast', 'movie', 'cast', false),
  creditTable('tmu_movies_crew', 'movie', 'crew', false),
  people,
  dramas,
  creditTable('tmu_dramas_cast', 'dramas', 'cast', true),
  creditTable('tmu_dramas_crew', 'dramas', 'crew', true),
  dramaEpisodes,
  tvSeries,
  creditTable('tmu_tv_series_cast', 'tv_series', 'cast', true),
  creditTable('tmu_tv_series_crew', 'tv_series', 'crew', true),
  tvEpisodes,
  seasonTable('tmu_tv_series_seasons', 'tv_series'),
  seasonTable('tmu_dramas_seasons', 'dramas'),
  videos,
  seoOptions,
];
