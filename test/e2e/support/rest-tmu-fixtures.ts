/**
 * Fixtures of the tmu REST field suite: its post types and answer shapes, a mu-plugin that counts every
 * query of a request, and copies of a synced movie written straight into the tables as the sidecar
 * writes them (100 movies in seconds).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullStack } from './full-stack';

/** Counts the queries of each request; a REST answer says how many in its headers. */
const QUERY_COUNTER = `<?php
$GLOBALS['e2e_query_log'] = array();
add_filter( 'query', static function ( $sql ) {
	$GLOBALS['e2e_query_log'][] = $sql;
	return $sql;
} );
add_filter( 'rest_post_dispatch', static function ( $response ) {
	if ( $response instanceof WP_REST_Response ) {
		$log = $GLOBALS['e2e_query_log'];
		$response->header( 'X-E2E-Queries', (string) count( $log ) );
		$response->header( 'X-E2E-Tmu-Queries', (string) count( preg_grep( '/tmu_(movies|tv_series|dramas|people|videos)|SHOW TABLES/', $log ) ) );
	}
	return $response;
}, PHP_INT_MAX );
`;

/** Installs the query counter: REST answers then carry X-E2E-Queries and X-E2E-Tmu-Queries. */
export function installQueryCounter(wpDir: string): void {
  fs.writeFileSync(path.join(wpDir, 'wp-content', 'mu-plugins', 'e2e-query-counter.php'), QUERY_COUNTER);
}

/** A copy of a movie's post, row, credits, terms and poster, written as the sidecar writes them; its post ID. */
export async function cloneMovie(s: FullStack, source: number, status: string, slug: string): Promise<number> {
  const db = s.app.db;
  const table = (name: string) => `${s.wp.tablePrefix}${name}`;
  const { ID: _id, ...post } = await db(table('posts')).where({ ID: source }).first();
  const [id] = await db(table('posts')).insert({ ...post, post_status: status, post_name: `${post.post_name}-${slug}`, guid: '' });
  const { ID: _rowId, ...row } = await db(table('tmu_movies')).where({ ID: source }).first();
  await db(table('tmu_movies')).insert({ ...row, ID: id, tmdb_id: null });
  for (const name of ['tmu_movies_cast', 'tmu_movies_crew']) {
    const credits = (await db(table(name)).where({ movie: source })).map(({ ID: _creditId, ...credit }: Record<string, unknown>) => ({ ...credit, movie: id }));
    if (credits.length > 0) await db(table(name)).insert(credits);
  }
  const terms = (await db(table('term_relationships')).where({ object_id: source })).map((r: Record<string, unknown>) => ({ ...r, object_id: id }));
  if (terms.length > 0) await db(table('term_relationships')).insert(terms);
  const thumbnail = await db(table('postmeta')).where({ post_id: source, meta_key: '_thumbnail_id' }).first('meta_value');
  await db(table('postmeta')).insert({ post_id: id, meta_key: '_thumbnail_id', meta_value: thumbnail.meta_value });
  return Number(id);
}

/** The TMU post types, and the kind each answers as. */
export const TYPES = ['movie', 'tv', 'drama', 'season', 'episode', 'drama-episode', 'people', 'video'] as const;
export type PostType = (typeof TYPES)[number];
export const KIND: Record<PostType, string> = {
  movie: 'movie',
  tv: 'tv',
  drama: 'drama',
  season: 'season',
  episode: 'episode',
  'drama-episode': 'drama-episode',
  people: 'person',
  video: 'video',
};
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const EMBED = /^https:\/\/(www\.youtube-nocookie\.com\/embed|player\.vimeo\.com\/video)\/[A-Za-z0-9_-]+$/;

export type Tmu = Record<string, any>;
export interface Answer {
  status: number;
  body: any;
  queries: number;
  tmuQueries: number;
}

/** Every string in a value. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}
