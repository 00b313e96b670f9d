/** The TMDb stand-in's auth, errors and recorded titles. */
import { FixtureStore } from '../../tools/tmdb-standin/fixture-store';
import type { TmdbStandin } from '../../tools/tmdb-standin/tmdb-standin.server';
import { Body, get, ids, standinsClosedAfterAll } from '../support/tmdb-standin/standin-request-kit';

const fixtures = new FixtureStore();
const standin = standinsClosedAfterAll();

describe('TMDb stand-in: auth and errors', () => {
  let s: TmdbStandin;
  beforeAll(async () => {
    s = await standin({ notFoundIds: [551] });
  });

  it('accepts the key as Bearer or api_key and answers 401 status_code 7 otherwise', async () => {
    expect((await get(s, '/configuration', 'bearer')).status).toBe(200);
    expect((await get(s, '/configuration', 'query')).status).toBe(200);
    const denied = await get(s, '/configuration', 'none');
    expect(denied.status).toBe(401);
    expect(denied.body).toEqual(fixtures.read('error/ceg-error-7-invalid-api-key.json'));
    const wrong = await fetch(`${s.url}/movie/550?api_key=not-the-key`);
    expect(wrong.status).toBe(401);
  });

  it.each([['/movie/900000000'], ['/tv/900000123'], ['/person/999999999'], ['/movie/551'], ['/tv/551'], ['/no/such/route']])('%s is 404 with status_code 34', async (path) => {
    const res = await get(s, path);
    expect(res.status).toBe(404);
    expect(res.body.status_code).toBe(34);
  });

  it('rejects a season the series does not have', async () => {
    expect((await get(s, '/tv/1399/season/9')).status).toBe(404);
  });
});

describe('TMDb stand-in: recorded titles', () => {
  let s: TmdbStandin;
  beforeAll(async () => {
    s = await standin();
  });

  it('composes append_to_response from the base fixture and sub-resource fixtures, omitting unknown appends', async () => {
    const { status, body } = await get(s, '/movie/550?append_to_response=credits,videos,external_ids,bogus');
    expect(status).toBe(200);
    const base = fixtures.read('movie/krelinga-movie-550-append-credits-release-dates-external-ids-keywords-images.json');
    expect(body.title).toBe('Fight Club');
    expect(body.credits).toEqual(base.credits);
    expect(body.external_ids).toEqual(base.external_ids);
    expect(body.videos.results).toEqual(fixtures.read('movie/ceg-movie-550-videos.json').results);
    expect(body).not.toHaveProperty('bogus');
    expect(body).not.toHaveProperty('images');
  });

  it('answers plain details without append_to_response', async () => {
    const { body } = await get(s, '/tv/1399');
    expect(body.name).toBe('Game of Thrones');
    expect(body).not.toHaveProperty('aggregate_credits');
    expect(body).not.toHaveProperty('translations');
  });

  it('filters images by include_image_language', async () => {
    const { body } = await get(s, '/movie/550?append_to_response=images&include_image_language=en,null');
    const langs = new Set([...body.images.posters, ...body.images.backdrops].map((i: Body) => i.iso_639_1));
    expect(langs.size).toBeGreaterThan(0);
    for (const lang of langs) expect([null, 'en']).toContain(lang);
  });

  it('serves Game of Thrones season 1 as recorded and synthesizes seasons 2..8 from the series summary', async () => {
    const show = (await get(s, '/tv/1399')).body;
    const s1 = (await get(s, '/tv/1399/season/1')).body;
    expect(s1.episodes[0].name).toBe('Winter Is Coming');
    const allIds = new Set<number>();
    for (let n = 1; n <= 8; n += 1) {
      const season = (await get(s, `/tv/1399/season/${n}`)).body;
      const summary = show.seasons.find((x: Body) => x.season_number === n);
      expect(season.season_number).toBe(n);
      expect(season.id).toBe(summary.id);
      expect(season.episodes).toHaveLength(summary.episode_count);
      expect(season.episodes.map((e: Body) => e.episode_number)).toEqual(season.episodes.map((_: Body, i: number) => i + 1));
      for (const e of season.episodes) {
        expect(e.season_number).toBe(n);
        allIds.add(e.id);
      }
    }
    expect(allIds.size).toBe(show.seasons.filter((x: Body) => x.season_number >= 1).reduce((t: number, x: Body) => t + x.episode_count, 0));
  });

  it('derives combined_credits for Brad Pitt from his movie and tv credits', async () => {
    const { body } = await get(s, '/person/287?append_to_response=combined_credits,external_ids,images');
    const rec = fixtures.read<Body>('person/moviebase-person-287-brad-pitt-append.json');
    expect(body.name).toBe('Brad Pitt');
    expect(body.combined_credits.cast).toHaveLength(rec.movie_credits.cast.length + rec.tv_credits.cast.length);
    expect(new Set(body.combined_credits.cast.map((c: Body) => c.media_type))).toEqual(new Set(['movie', 'tv']));
    expect(body.external_ids.imdb_id).toBe('nm0000093');
  });

  it('serves people who only appear in recorded credits, with name, gender and profile from the credit', async () => {
    const credits = fixtures.read<Body>('movie/krelinga-movie-550-append-credits-release-dates-external-ids-keywords-images.json').credits;
    const norton = credits.cast.find((c: Body) => c.name === 'Edward Norton');
    const { body } = await get(s, `/person/${norton.id}?append_to_response=combined_credits`);
    expect(body).toMatchObject({ id: norton.id, name: 'Edward Norton', gender: norton.gender, profile_path: norton.profile_path });
    expect(ids(body.combined_credits.cast)).toContain(550);
  });

  it('blanks untranslated long texts for a non-English language, keeps translations that exist', async () => {
    const alien = (await get(s, '/movie/348?language=de-DE')).body;
    expect(alien.title).toBe('Alien');
    expect(alien.overview).toBe('');
    const got = (await get(s, '/tv/1399?language=de-DE')).body;
    expect(got.overview).toBe('Die Handlung ist in einer fiktiven Welt angesiedelt.');
  });

  it('points /configuration image URLs at the stand-in and serves genre lists', async () => {
    expect((await get(s, '/configuration')).body.images.secure_base_url).toBe(`${s.imageBaseUrl}/`);
    expect((await get(s, '/genre/tv/list')).body.genres).toEqual(fixtures.read('other/adamayoung-genre-tv-list.json').genres);
    expect((await get(s, '/authentication')).body.success).toBe(true);
  });
});
