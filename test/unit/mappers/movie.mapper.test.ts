import { tmdbMovieSchema } from '../../../src/clients/tmdb/tmdb.schema';
import { createColumnCodec } from '../../../src/mappers/column-codec';
import { buildCastRows, buildCreditsColumn, buildCrewRows } from '../../../src/mappers/credits.mapper';
import { buildMovieRow, mapMovie } from '../../../src/mappers/movie.mapper';
import { fakeRefs, movie, rawCast, SYNCED_AT } from './factories';
import { loadFixture } from './fixture-helpers';

const php = createColumnCodec('php');
const json = createColumnCodec('json');

describe('Fight Club (550, krelinga append: credits, release_dates, external_ids, keywords, images)', () => {
  const payload = tmdbMovieSchema.parse(loadFixture('movie', 'krelinga-movie-550-append-credits-release-dates-external-ids-keywords-images.json'));
  const draft = mapMovie(payload);
  const refs = fakeRefs(draft, 550550);
  const row = buildMovieRow(payload, draft, refs, php, SYNCED_AT);
  const postOf = (tmdbPersonId: number) => refs.people.get(tmdbPersonId)!;

  it('uses the US theatrical release and its certification', () => {
    expect(draft.releaseDate).toBe('1999-10-15');
    expect(draft.releaseTimestamp).toBe(939945600);
    expect(draft.certification).toBe('R');
    expect(row.release_date).toBe('1999-10-15');
    expect(row.release_timestamp).toBe(939945600);
    expect(row.certification).toBe('R');
    expect(draft.post).toEqual({ title: 'Fight Club', content: payload.overview, date: '1999-10-01' });
  });

  it('fills the plain legacy columns', () => {
    expect(row).toMatchObject({
      ID: 550550,
      tmdb_id: 550,
      original_title: 'Fight Club',
      tagline: 'Mischief. Mayhem. Soap.',
      runtime: 139,
      budget: 63000000,
      revenue: 100853753,
      production_house: 'Fox 2000 Pictures, Regency Enterprises, Linson Entertainment, 20th Century Fox, Taurus Film',
      average_rating: 8.4,
      vote_count: 30717,
      popularity: 24.2,
    });
  });

  it('fills the extra columns', () => {
    expect(row).toMatchObject({
      title: 'Fight Club',
      imdb_id: 'tt0137523',
      status: 'Released',
      adult: 0,
      poster_path: '/jSziioSwPVrOy9Yow3XhWIBDjq1.jpg',
      backdrop_path: '/hZkgoQYus5vegHoetLkCJzb17zJ.jpg',
      homepage: 'http://www.foxmovies.com/movies/fight-club',
      original_language: 'en',
      synced_at: SYNCED_AT,
    });
    expect(php.decode(row.genres!)).toEqual(['Drama', 'Thriller']);
    expect(php.decode(row.production_countries!)).toEqual(['Germany', 'United States of America']);
    expect(php.decode(row.spoken_languages!)).toEqual(['English']);
    expect(php.decode(row.keywords!)).toContain('dual identity');
  });

  it('star_cast is the first four billed, as people post IDs', () => {
    expect(row.star_cast).toBe(
      php.encode([
        { person: postOf(819), character: 'Narrator' },
        { person: postOf(287), character: 'Tyler Durden' },
        { person: postOf(1283), character: 'Marla Singer' },
        { person: postOf(7470), character: 'Robert Paulson' },
      ]),
    );
  });

  it('maps crew with legacy job keys and rows', () => {
    const fincher = draft.crew.filter((c) => c.tmdbPersonId === 7467);
    expect(fincher.map((c) => [c.department, c.job])).toEqual([['Directing', 'Director']]);
    const column = buildCreditsColumn([], fincher, refs.people);
    expect(column.crew).toEqual([{ person: postOf(7467), department: 'Directing', directing_job: 'Director' }]);
    const crewRows = buildCrewRows(draft.crew, refs.people, draft.releaseTimestamp, false);
    expect(crewRows).toContainEqual({ person: postOf(7467), department: 'Directing', job: 'Director', release_year: 939945600 });
    const castRows = buildCastRows(draft.cast, refs.people, draft.releaseTimestamp, false);
    expect(castRows[1]).toEqual({ person: postOf(287), job: 'Tyler Durden', release_year: 939945600 });
    expect(castRows).toHaveLength(75);
  });

  it('sets genre, country, language, year and ucwords keyword terms', () => {
    const byTaxonomy = (taxonomy: string) => draft.terms.filter((t) => t.taxonomy === taxonomy).map((t) => t.name);
    expect(byTaxonomy('genre')).toEqual(['Drama', 'Thriller']);
    expect(byTaxonomy('country')).toEqual(['Germany', 'United States of America']);
    expect(byTaxonomy('language')).toEqual(['English']);
    expect(byTaxonomy('by-year')).toEqual(['1999']);
    expect(byTaxonomy('keyword')).toHaveLength(14);
    expect(byTaxonomy('keyword')).toEqual(expect.arrayContaining(['Dual Identity', 'Based On Novel Or Book', 'Dissociative Identity Disorder']));
    expect(draft.terms).toContainEqual({ taxonomy: 'country', name: 'United States of America', slug: 'united-states-of-america' });
  });

  it('picks the poster and the ten best textless backdrops', () => {
    expect(draft.poster).toEqual({ filePath: '/jSziioSwPVrOy9Yow3XhWIBDjq1.jpg', kind: 'poster', size: 'w500' });
    expect(draft.backdrops).toHaveLength(10);
    expect(draft.backdrops.slice(0, 2).map((b) => b.filePath)).toEqual(['/hZkgoQYus5vegHoetLkCJzb17zJ.jpg', '/xRyINp9KfMLVjRiO5nCsoRDdvvF.jpg']);
  });

  it('encodes images and videos as post/attachment ID lists', () => {
    expect(php.decode(row.images)).toEqual(refs.imageIds);
    expect(php.decode(row.videos)).toEqual([]);
    const asJson = buildMovieRow(payload, draft, refs, json, SYNCED_AT);
    expect(JSON.parse(asJson.images!)).toEqual(refs.imageIds);
  });
});

describe('mapMovie edge cases', () => {
  it('turns empty TMDb strings into nulls and copes with a bare payload', () => {
    const bare = movie({ title: 'Bare', original_title: '', tagline: '', homepage: '', imdb_id: null, release_date: '', overview: '' });
    const draft = mapMovie(bare);
    const row = buildMovieRow(bare, draft, fakeRefs(draft), php, SYNCED_AT);
    expect(draft.post).toEqual({ title: 'Bare', content: '' });
    expect(draft.terms).toEqual([]);
    expect(row).toMatchObject({
      original_title: null,
      tagline: null,
      homepage: null,
      imdb_id: null,
      release_date: null,
      release_timestamp: null,
      production_house: '',
      certification: null,
      average_rating: null,
    });
    expect(row.star_cast).toBe('a:0:{}');
    expect(row.keywords).toBeNull();
  });

  it('honours the region and `now`', () => {
    const m = movie({
      release_date: '2030-01-01',
      release_dates: { results: [{ iso_3166_1: 'GB', release_dates: [{ type: 3, release_date: '2030-02-02', certification: '15' }] }] },
    });
    expect(mapMovie(m, { region: 'GB' })).toMatchObject({ releaseDate: '2030-02-02', certification: '15' });
    expect(mapMovie(m, { now: new Date('2025-01-01T00:00:00Z') }).post.date).toBeUndefined();
  });

  it('falls back to the imdb id of external_ids and rounds ratings like DECIMAL(10,1)', () => {
    const m = movie({ external_ids: { imdb_id: 'tt1' }, vote_average: 8.45, popularity: 0.04, credits: { cast: [rawCast(1, 'X', 0)], crew: [] } });
    const draft = mapMovie(m);
    const row = buildMovieRow(m, draft, fakeRefs(draft), php, SYNCED_AT);
    expect(row.imdb_id).toBe('tt1');
    expect(row.average_rating).toBe(8.5);
    expect(row.popularity).toBe(0);
  });
});
