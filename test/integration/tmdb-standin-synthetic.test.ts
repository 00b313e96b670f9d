/** The TMDb stand-in's synthetic catalogue: titles, people, changes, keywords and search for ids no recording covers. */
import { FixtureStore } from '../../tools/tmdb-standin/fixture-store';
import type { TmdbStandin } from '../../tools/tmdb-standin/tmdb-standin.server';
import { Body, get, ids, standinsClosedAfterAll } from '../support/tmdb-standin/standin-request-kit';

const fixtures = new FixtureStore();
const standin = standinsClosedAfterAll();

describe('TMDb stand-in: synthetic catalogue', () => {
  let s: TmdbStandin;
  beforeAll(async () => {
    s = await standin({ syntheticSize: 30 });
  });

  it('generates a deterministic movie from the template, with credits the server can also serve', async () => {
    const path = '/movie/123456?append_to_response=credits,images,videos,keywords,release_dates,external_ids';
    const first = (await get(s, path)).body;
    expect(first).toMatchObject({ id: 123456, title: 'Synthetic Movie 123456' });
    expect((await get(s, path)).body).toEqual(first);
    const other = (await get(s, '/movie/123457')).body;
    expect(other.title).toBe('Synthetic Movie 123457');
    expect(first.credits.cast.length).toBeGreaterThan(0);
    const actor = first.credits.cast[0];
    const person = (await get(s, `/person/${actor.id}?append_to_response=combined_credits`)).body;
    expect(person.name).toBe(actor.name);
    expect(ids(person.combined_credits.cast)).toContain(123456);
    expect(first.images.posters[0].file_path).toBe(first.poster_path);
  });

  it('generates series whose seasons follow the seasons[] summary', async () => {
    const show = (await get(s, '/tv/4242?append_to_response=aggregate_credits')).body;
    expect(show.name).toBe('Synthetic Series 4242');
    expect(show.aggregate_credits.cast.length).toBeGreaterThan(0);
    const last = show.seasons[show.seasons.length - 1];
    const season = (await get(s, `/tv/4242/season/${last.season_number}`)).body;
    expect(season.episodes).toHaveLength(last.episode_count);
    expect(season.episodes.at(-1).episode_type).toBe('finale');
  });

  it('reuses the recorded title of an id that appears in a recorded search result (603, The Matrix)', async () => {
    const { body } = await get(s, '/movie/603?append_to_response=credits');
    expect(body.title).toBe('The Matrix');
    expect(body.credits.cast).toEqual(fixtures.read('movie/chiiya-movie-603-matrix-credits-trimmed.json').cast);
  });

  it('lists changes as set, 100 per page, and refuses ranges over 14 days', async () => {
    s.setChanges(
      'tv',
      Array.from({ length: 250 }, (_, i) => i + 1),
    );
    const page3 = (await get(s, '/tv/changes?start_date=2024-01-01&end_date=2024-01-10&page=3')).body;
    expect(page3).toMatchObject({ page: 3, total_pages: 3, total_results: 250 });
    expect(ids(page3.results)).toEqual(Array.from({ length: 50 }, (_, i) => i + 201));
    const tooLong = await get(s, '/tv/changes?start_date=2024-01-01&end_date=2024-02-01');
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.status_code).toBe(20);
  });

  it('discovers titles that really carry the keyword, and /keyword/:id/movies agrees', async () => {
    const keyword = (await get(s, '/search/keyword?query=dragon')).body.results[0];
    expect(keyword.name).toMatch(/dragon/i);
    const page = (await get(s, `/discover/movie?with_keywords=${keyword.id}&sort_by=popularity.desc`)).body;
    expect(page.total_results).toBeGreaterThan(0);
    for (const id of ids(page.results).slice(0, 5)) {
      const movie = (await get(s, `/movie/${id}?append_to_response=keywords`)).body;
      expect(ids(movie.keywords.keywords)).toContain(keyword.id);
    }
    const byKeyword = (await get(s, `/keyword/${keyword.id}/movies`)).body;
    expect(ids(byKeyword.results)).toEqual(ids(page.results));
  });

  it('searches recorded titles and "synthetic <kind> <id>", and validates query and page', async () => {
    expect(ids((await get(s, '/search/movie?query=fight%20club')).body.results)).toContain(550);
    expect(ids((await get(s, '/search/movie?query=synthetic%20movie%2042')).body.results)).toEqual([42]);
    const multi = (await get(s, '/search/multi?query=breaking%20bad')).body.results;
    expect(multi.some((r: Body) => r.id === 1396 && r.media_type === 'tv')).toBe(true);
    expect((await get(s, '/search/movie')).status).toBe(422);
    expect((await get(s, '/search/movie?query=x&page=0')).status).toBe(400);
  });
});
