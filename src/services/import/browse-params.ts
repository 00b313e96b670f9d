import type { Query } from '../../clients/tmdb/tmdb-http';
import { ValidationError } from '../../errors';
import type { BrowseQuery, BrowseSort } from './browse.schema';
import type { TitleKind } from './library-lookup';

const DATE_FIELD: Record<TitleKind, string> = { movie: 'primary_release_date', tv: 'first_air_date' };
const YEAR_FIELD: Record<TitleKind, string> = { movie: 'primary_release_year', tv: 'first_air_date_year' };

export function sortBy(kind: TitleKind, sort: BrowseSort): string {
  switch (sort) {
    case 'popularity':
      return 'popularity.desc';
    case 'rating':
      return 'vote_average.desc';
    case 'votes':
      return 'vote_count.desc';
    case 'newest':
      return `${DATE_FIELD[kind]}.desc`;
    case 'oldest':
      return `${DATE_FIELD[kind]}.asc`;
  }
}

/**
 * /discover parameters for the screen's filters. `genreId` is already
 * resolved; `region` filters on the country of origin (TMDb's `region` only
 * moves release dates around).
 */
export function discoverParams(kind: TitleKind, q: BrowseQuery, extra: { genreId?: number; withKeywords?: string; includeAdult: boolean }): Query {
  if (q.year_from !== undefined && q.year_to !== undefined && q.year_from > q.year_to) {
    throw new ValidationError('year_from is after year_to', { field: 'year_from' });
  }
  const params: Query = { include_adult: extra.includeAdult, sort_by: sortBy(kind, q.sort ?? 'popularity') };
  if (q.year !== undefined) params[YEAR_FIELD[kind]] = q.year;
  if (q.year_from !== undefined) params[`${DATE_FIELD[kind]}.gte`] = `${q.year_from}-01-01`;
  if (q.year_to !== undefined) params[`${DATE_FIELD[kind]}.lte`] = `${q.year_to}-12-31`;
  if (extra.genreId !== undefined) params.with_genres = extra.genreId;
  if (q.language) params.with_original_language = q.language;
  if (q.region) params.with_origin_country = q.region;
  if (q.min_votes !== undefined) params['vote_count.gte'] = q.min_votes;
  if (extra.withKeywords) params.with_keywords = extra.withKeywords;
  return params;
}
