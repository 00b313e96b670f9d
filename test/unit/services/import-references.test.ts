import { discoverParams, sortBy } from '../../../src/services/import/browse-params';
import { browseQuerySchema } from '../../../src/services/import/browse.schema';
import { parseTmdbReferences } from '../../../src/services/import/tmdb-references';

describe('pasted TMDb references', () => {
  it('reads plain ids as the default type, TMDb URLs with their own type, IMDb ids and URLs; keeps the rest as invalid', () => {
    const refs = parseTmdbReferences(
      '550, 550\nhttps://www.themoviedb.org/tv/1399-game-of-thrones themoviedb.org/movie/603 TT0133093 https://www.imdb.com/title/tt0137523/?ref=x  0 abc',
      'movie',
    );
    expect(refs).toEqual([
      { kind: 'tmdb', input: '550', type: 'movie', tmdbId: 550 },
      { kind: 'tmdb', input: 'https://www.themoviedb.org/tv/1399-game-of-thrones', type: 'tv', tmdbId: 1399 },
      { kind: 'tmdb', input: 'themoviedb.org/movie/603', type: 'movie', tmdbId: 603 },
      { kind: 'imdb', input: 'TT0133093', imdbId: 'tt0133093' },
      { kind: 'imdb', input: 'https://www.imdb.com/title/tt0137523/?ref=x', imdbId: 'tt0137523' },
      { kind: 'invalid', input: '0' },
      { kind: 'invalid', input: 'abc' },
    ]);
    expect(parseTmdbReferences('1399', 'tv')).toEqual([{ kind: 'tmdb', input: '1399', type: 'tv', tmdbId: 1399 }]);
  });
});

describe('discover parameters of the import screen', () => {
  const query = (input: Record<string, unknown>) => browseQuerySchema.parse({ source: 'discover', ...input });

  it('maps the filters per kind, never asking for adult titles unless allowed', () => {
    expect(discoverParams('movie', query({ year: '1999', min_votes: '100', sort: 'newest', language: 'fr', region: 'FR' }), { genreId: 18, includeAdult: false })).toEqual({
      include_adult: false,
      sort_by: 'primary_release_date.desc',
      primary_release_year: 1999,
      with_genres: 18,
      with_original_language: 'fr',
      with_origin_country: 'FR',
      'vote_count.gte': 100,
    });
    expect(discoverParams('tv', query({ year_from: '2000', year_to: '2005' }), { withKeywords: '1|2', includeAdult: true })).toEqual({
      include_adult: true,
      sort_by: 'popularity.desc',
      'first_air_date.gte': '2000-01-01',
      'first_air_date.lte': '2005-12-31',
      with_keywords: '1|2',
    });
    expect(sortBy('tv', 'oldest')).toBe('first_air_date.asc');
    expect(sortBy('movie', 'rating')).toBe('vote_average.desc');
  });

  it('refuses a year range that ends before it starts, and values TMDb would not take', () => {
    expect(() => discoverParams('movie', query({ year_from: 2010, year_to: 2000 }), { includeAdult: false })).toThrow(/year_from is after year_to/);
    expect(browseQuerySchema.safeParse({ source: 'discover', language: 'english' }).success).toBe(false);
    expect(browseQuerySchema.safeParse({ source: 'discover', region: 'us' }).success).toBe(false);
    expect(browseQuerySchema.safeParse({ source: 'popular', page: 501 }).success).toBe(false);
    expect(browseQuerySchema.parse({ source: 'search', query: '  ' }).query).toBeUndefined();
  });
});
