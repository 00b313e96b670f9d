import { z } from 'zod';
import { ValidationError } from '../../errors';
import type { Query } from './tmdb-http';
import { pagedSchema, titleResultFields } from './tmdb.schema';

export type BrowseKind = 'movie' | 'tv';
export type TmdbListName = 'popular' | 'top_rated' | 'now_playing' | 'upcoming' | 'airing_today' | 'on_the_air';
export type TrendingWindow = 'day' | 'week';

/** Lists TMDb serves per kind: now playing and upcoming are movie lists, airing today and on the air are TV lists. */
const LISTS_BY_KIND: Record<BrowseKind, readonly TmdbListName[]> = {
  movie: ['popular', 'top_rated', 'now_playing', 'upcoming'],
  tv: ['popular', 'top_rated', 'airing_today', 'on_the_air'],
};

/** Some recordings send numbers as numeric strings. */
const num = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .nullish();

const tmdbBrowseResultSchema = z.looseObject({
  id: z.number().int().positive(),
  ...titleResultFields,
  vote_average: num,
  adult: z.boolean().nullish(),
});
const tmdbBrowsePageSchema = pagedSchema(tmdbBrowseResultSchema);
const tmdbFindSchema = z.looseObject({
  movie_results: z.array(tmdbBrowseResultSchema).default([]),
  tv_results: z.array(tmdbBrowseResultSchema).default([]),
});

export type TmdbBrowseResult = z.infer<typeof tmdbBrowseResultSchema>;
export type TmdbBrowsePage = z.infer<typeof tmdbBrowsePageSchema>;
export type TmdbFindResult = z.infer<typeof tmdbFindSchema>;

/** What this client needs from TmdbClient: one limited, retried, validated and cached GET. */
export interface TmdbJsonSource {
  getJson<S extends z.ZodType>(path: string, query: Query, schema: S, ttl: number, fresh?: boolean): Promise<z.output<S>>;
}

/** Browse answers follow the details rule: cached for an hour. */
const LIST_TTL = 3600;

/**
 * TMDb's list endpoints used by "Import from TMDb": popular, top rated,
 * trending, now playing, upcoming, airing today, on the air, search with a
 * year, discover and /find. Shares the main client's limiter and cache.
 */
export class TmdbBrowseClient {
  constructor(
    private readonly tmdb: TmdbJsonSource,
    private readonly language: string,
  ) {}

  async list(kind: BrowseKind, name: TmdbListName, page = 1): Promise<TmdbBrowsePage> {
    if (!LISTS_BY_KIND[kind].includes(name)) throw new ValidationError(`TMDb has no ${name} list for ${kind}`, { field: 'source' });
    return this.tmdb.getJson(`/${kind}/${name}`, { page: checkPage(page), language: this.language }, tmdbBrowsePageSchema, LIST_TTL);
  }

  async trending(kind: BrowseKind, window: TrendingWindow, page = 1): Promise<TmdbBrowsePage> {
    return this.tmdb.getJson(`/trending/${kind}/${window}`, { page: checkPage(page), language: this.language }, tmdbBrowsePageSchema, LIST_TTL);
  }

  /** Title search; `year` is the release year (movies) or first air year (TV). Adult titles are asked for only when allowed. */
  async search(kind: BrowseKind, query: string, options: { page?: number; year?: number; includeAdult?: boolean } = {}): Promise<TmdbBrowsePage> {
    const q: Query = { query, page: checkPage(options.page ?? 1), include_adult: options.includeAdult ?? false, language: this.language };
    if (options.year !== undefined) q[kind === 'movie' ? 'primary_release_year' : 'first_air_date_year'] = options.year;
    return this.tmdb.getJson(`/search/${kind}`, q, tmdbBrowsePageSchema, LIST_TTL);
  }

  async discover(kind: BrowseKind, params: Query, page = 1): Promise<TmdbBrowsePage> {
    return this.tmdb.getJson(`/discover/${kind}`, { language: this.language, ...params, page: checkPage(page) }, tmdbBrowsePageSchema, LIST_TTL);
  }

  /** Titles known by an outside id (an IMDb `tt…` id). */
  async findByImdbId(imdbId: string): Promise<TmdbFindResult> {
    if (!/^tt\d{1,10}$/.test(imdbId)) throw new ValidationError(`Not an IMDb title id: ${imdbId.slice(0, 40)}`, { field: 'ids' });
    return this.tmdb.getJson(`/find/${imdbId}`, { external_source: 'imdb_id', language: this.language }, tmdbFindSchema, LIST_TTL);
  }
}

function checkPage(page: number): number {
  if (!Number.isInteger(page) || page < 1 || page > 500) throw new ValidationError(`page must be between 1 and 500, got ${page}`, { field: 'page' });
  return page;
}
