import sharp from 'sharp';
import { FixtureStore } from '../../src/demo/tmdb-standin/fixture-store';
import { maxInWindow } from '../../src/demo/tmdb-standin/standin-stats';
import { startTmdbStandin, TmdbStandin, TmdbStandinOptions } from '../../src/demo/tmdb-standin/tmdb-standin.server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

const fixtures = new FixtureStore();
const started: TmdbStandin[] = [];

async function standin(options: TmdbStandinOptions = {}): Promise<TmdbStandin> {
  const s = await startTmdbStandin(options);
  started.push(s);
  return s;
}

afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
});

/** GET a stand-in path ("/movie/550?...") with the key in the query, unless `auth` says otherwise. */
async function get(
  s: TmdbStandin,
  path: string,
  auth: 'query' | 'bearer' | 'none' = 'query',
): Promise<{ status: number; body: Body; headers: Headers }> {
  const url = new URL(s.url + path);
  const headers: Record<string, string> = {};
  if (auth === 'query') url.searchParams.set('api_key', s.apiKey);
  if (auth === 'bearer') headers.Authorization = `Bearer ${s.apiKey}`;
  const res = await fetch(url, { headers });
  const text = await res.text();
  let body: Body;
  try {
    body = JSON.parse(text) as Body;
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body, headers: res.headers };
}

const ids = (list: Body[]) => list.map((x) => x.id as number);

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

  it.each([['/movie/900000000'], ['/tv/900000123'], ['/person/999999999'], ['/movie/551'], ['/tv/551'], ['/no/such/route']])(
    '%s is 404 with status_code 34',
    async (path) => {
      const res = await get(s, path);
      expect(res.status).toBe(404);
      expect(res.body.status_code).toBe(34);
    },
  );

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
    s.setChanges('tv', Array.from({ length: 250 }, (_, i) => i + 1));
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

describe('TMDb stand-in: rate limit, faults and stats', () => {
  it('answers 429 status_code 25 over the rps, with Retry-After unless configured null', async () => {
    const s = await standin({ rps: 5 });
    const statuses = await Promise.all(Array.from({ length: 8 }, () => get(s, '/configuration')));
    const limited = statuses.filter((r) => r.status === 429);
    expect(limited).toHaveLength(3);
    expect(limited[0].body.status_code).toBe(25);
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(s.stats().overLimit).toBe(3);
    const quiet = await standin({ rps: 1, retryAfterSeconds: null });
    await get(quiet, '/configuration');
    const refused = await get(quiet, '/configuration');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeNull();
  });

  it('injects each fault for `times` matching requests, then answers normally', async () => {
    const s = await standin();
    s.injectFaults([
      { match: '/movie/550', kind: 'broken-json', times: 1 },
      { match: /\/movie\/550\b/, kind: 'malformed-payload', times: 1 },
      { match: '/movie/550', kind: '503', times: 2 },
      { match: '/movie/550', kind: '429', times: 1, retryAfterSeconds: 7 },
    ]);
    const broken = await get(s, '/movie/550');
    expect(broken.status).toBe(200);
    expect(broken.body.raw).toBeDefined();
    const malformed = await get(s, '/movie/550');
    expect(typeof malformed.body.id).toBe('string');
    expect((await get(s, '/movie/550')).status).toBe(503);
    expect((await get(s, '/movie/603')).status).toBe(200);
    expect((await get(s, '/movie/550')).status).toBe(503);
    const limited = await get(s, '/movie/550');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    expect(s.stats().overLimit).toBe(0);
    expect((await get(s, '/movie/550')).status).toBe(200);
  });

  it('resets the socket, and holds a timed-out request open without blocking close()', async () => {
    const s = await startTmdbStandin();
    s.injectFaults([
      { match: '/movie/550', kind: 'reset', times: 1 },
      { match: '/movie/603', kind: 'timeout', times: 1 },
    ]);
    await expect(fetch(`${s.url}/movie/550?api_key=${s.apiKey}`)).rejects.toThrow();
    const hanging = fetch(`${s.url}/movie/603?api_key=${s.apiKey}`);
    hanging.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.stats().byStatus).toMatchObject({ reset: 1, timeout: 1 });
    const t0 = Date.now();
    await s.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect(hanging).rejects.toThrow();
  });

  it('tracks peak concurrency, per-path and per-status counts, and resets them', async () => {
    const s = await standin({ latencyMs: 150 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => get(s, `/movie/${n}`)));
    const stats = s.stats();
    expect(stats.peakConnections).toBe(5);
    expect(stats.requests).toBe(5);
    expect(stats.byPath['/3/movie/3']).toBe(1);
    expect(stats.byStatus['200']).toBe(5);
    expect(stats.maxInAnyWindow(1000)).toBe(5);
    s.resetStats();
    expect(s.stats()).toMatchObject({ requests: 0, peakConnections: 0, byPath: {} });
  });

  it('maxInWindow counts the busiest half-open window', () => {
    expect(maxInWindow([0, 100, 999, 1000, 1500, 1999], 1000)).toBe(3);
    expect(maxInWindow([0, 1000, 2000], 1000)).toBe(1);
    expect(maxInWindow([], 1000)).toBe(0);
  });
});

describe('TMDb stand-in: images', () => {
  let s: TmdbStandin;
  beforeAll(async () => {
    s = await standin();
  });

  it.each([
    ['w500', '/synthetic-movie-1-poster.jpg', 500, 750, 'jpeg'],
    ['h632', '/profile-face.png', 421, 632, 'png'],
    ['w1280', '/synthetic-movie-1-backdrop.jpg', 1280, 720, 'jpeg'],
    ['w300', '/synthetic-tv-1-s1e1-still.jpg', 300, 169, 'jpeg'],
    ['original', '/xyz.jpg', 2000, 3000, 'jpeg'],
  ])('GET /t/p/%s%s is a real image of that size', async (size, file, width, height, format) => {
    const res = await fetch(`${s.imageBaseUrl}/${size}${file}`);
    expect(res.status).toBe(200);
    const buf = Buffer.from(await res.arrayBuffer());
    expect(await sharp(buf).metadata()).toMatchObject({ width, height, format });
  });

  it('serves the same bytes again from its cache, counts image requests, and 404s unknown sizes', async () => {
    s.resetStats();
    const a = Buffer.from(await (await fetch(`${s.imageBaseUrl}/w185/abc.png`)).arrayBuffer());
    const b = Buffer.from(await (await fetch(`${s.imageBaseUrl}/w185/abc.png`)).arrayBuffer());
    expect(a.equals(b)).toBe(true);
    expect(s.stats().byPath['/t/p/w185/abc.png']).toBe(2);
    expect((await fetch(`${s.imageBaseUrl}/huge/abc.png`)).status).toBe(404);
  });
});
