import { startServer, RunningServer } from '../../src/cli/commands/serve.command';
import { describeEachDatabase } from '../support/test-databases';
import { signedClient, TEST_WEBHOOK_SECRET } from '../support/signed-client';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

/** Every browse source through the signed sidecar route, answered by the TMDb stand-in. */
describeEachDatabase('import from TMDb: browse sources', (t) => {
  let h: SyncHarness;
  let server: RunningServer;
  const { call } = signedClient(() => server.url);

  const browse = (params: Record<string, string | number>) =>
    call('GET', `/tmdb/browse?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`);

  /** The stand-in's own answer, without the sidecar in between. */
  async function rawTmdb(path: string): Promise<{ results: Array<{ id: number; adult?: boolean }>; total_pages: number }> {
    const res = await fetch(`${h.standin.url}${path}${path.includes('?') ? '&' : '?'}api_key=${h.standin.apiKey}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { results: Array<{ id: number; adult?: boolean }>; total_pages: number };
  }

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { TMU_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, PORT: '0' } });
    server = await startServer(h.app);
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  it.each([
    ['popular', 'movie'],
    ['popular', 'tv'],
    ['top_rated', 'movie'],
    ['top_rated', 'tv'],
    ['trending_day', 'movie'],
    ['trending_week', 'tv'],
    ['now_playing', 'movie'],
    ['upcoming', 'movie'],
    ['airing_today', 'tv'],
    ['on_the_air', 'drama'],
  ])('answers %s for %s with a page of cards', async (source, type) => {
    const res = await browse({ source, type, page: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, total_pages: expect.any(Number), total_results: expect.any(Number) });
    expect(res.body.items.length).toBeGreaterThan(5);
    for (const item of res.body.items) {
      expect(item).toEqual({
        tmdb_id: expect.any(Number),
        type: type === 'movie' ? 'movie' : 'tv',
        title: expect.any(String),
        year: item.year === null ? null : expect.any(Number),
        poster_url: item.poster_url === null ? null : expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/t\/p\/w342\//),
        vote_average: item.vote_average === null ? null : expect.any(Number),
        in_library: false,
        post_id: null,
        library_type: null,
      });
    }
    // The sidecar asked TMDb's own list for it (and the stand-in served that path).
    const paths = h.standin.requestLog().map((r) => r.path);
    const kind = type === 'movie' ? 'movie' : 'tv';
    const expected = source.startsWith('trending') ? `/3/trending/${kind}/${source.split('_')[1]}` : `/3/${kind}/${source}`;
    expect(paths).toContain(expected);
  });

  it('searches by title with a year, and by keyword and discover filters', async () => {
    const fightClub = await browse({ source: 'search', type: 'movie', query: 'Fight Club', year: 1999 });
    expect(fightClub.status).toBe(200);
    expect(fightClub.body.items.map((i: { tmdb_id: number }) => i.tmdb_id)).toContain(550);
    expect(h.standin.requestLog().some((r) => r.path === '/3/search/movie' && r.query.primary_release_year === '1999')).toBe(true);

    const keyword = h.standin.catalogue.keywordPool()[0];
    const tagged = await browse({ source: 'keyword', type: 'movie', keyword: keyword.name });
    expect(tagged.status).toBe(200);
    expect(tagged.body.items.length).toBeGreaterThan(0);
    expect(h.standin.requestLog().some((r) => r.path === '/3/discover/movie' && r.query.with_keywords === String(keyword.id))).toBe(true);

    h.standin.resetStats();
    const filtered = await browse({ source: 'discover', type: 'tv', year_from: 1990, year_to: 2020, min_votes: 10, sort: 'rating', language: 'en', genre: 'Drama' });
    expect(filtered.status).toBe(200);
    const asked = h.standin.requestLog().find((r) => r.path === '/3/discover/tv');
    expect(asked?.query).toMatchObject({
      'first_air_date.gte': '1990-01-01',
      'first_air_date.lte': '2020-12-31',
      'vote_count.gte': '10',
      sort_by: 'vote_average.desc',
      with_original_language: 'en',
      with_genres: '18',
      include_adult: 'false',
    });
    for (const item of filtered.body.items) expect(item.year === null || (item.year >= 1990 && item.year <= 2020)).toBe(true);
  });

  it('resolves pasted TMDb ids, TMDb URLs and IMDb ids, and lists what it could not resolve', async () => {
    const res = await browse({
      source: 'ids',
      type: 'movie',
      ids: '550, https://www.themoviedb.org/tv/1399-game-of-thrones\ntt0137523 https://www.imdb.com/title/tt90000777/ tt0000000001 900000123 hello',
    });
    expect(res.status).toBe(200);
    // tt0137523 is Fight Club again: one card.
    expect(res.body.items.map((i: { type: string; tmdb_id: number }) => `${i.type}:${i.tmdb_id}`)).toEqual(['movie:550', 'tv:1399', 'movie:777']);
    expect(res.body.unresolved).toEqual([
      { input: 'tt0000000001', message: expect.stringMatching(/^tmdb_not_found: .*tt0000000001/) },
      { input: '900000123', message: expect.stringMatching(/^tmdb_not_found/) },
      { input: 'hello', message: expect.stringMatching(/not a TMDb id, TMDb URL or IMDb id/) },
    ]);
  });

  it('never offers adult titles, even when TMDb sends them unasked', async () => {
    const adult = new Set<number>();
    for (const page of [1, 2, 3]) for (const r of (await rawTmdb(`/movie/popular?page=${page}`)).results) if (r.adult) adult.add(r.id);
    expect(adult.size).toBeGreaterThan(0); // the stand-in sends some, as TMDb may
    for (const page of [1, 2, 3]) {
      const res = await browse({ source: 'popular', type: 'movie', page });
      for (const item of res.body.items) expect(adult.has(item.tmdb_id)).toBe(false);
    }
    const [adultId] = [...adult];
    const pasted = await browse({ source: 'ids', type: 'movie', ids: String(adultId) });
    expect(pasted.body.items).toEqual([]);
    expect(pasted.body.unresolved).toEqual([{ input: String(adultId), message: expect.stringMatching(/adult/) }]);
  });

  const idAndName = (list: unknown[]) => (list as Array<{ id: number; name: string }>).map(({ id, name }) => ({ id, name }));

  it("lists TMDb's genres of a type for the Genre select, and refuses an unknown type", async () => {
    const movie = await call('GET', '/tmdb/genres?type=movie');
    expect(movie.status).toBe(200);
    expect(movie.body.genres).toEqual(idAndName(h.standin.catalogue.genres('movie')));
    expect(movie.body.genres.length).toBeGreaterThan(5);
    const drama = await call('GET', '/tmdb/genres?type=drama');
    expect(drama.body.genres).toEqual(idAndName(h.standin.catalogue.genres('tv')));
    const wrong = await call('GET', '/tmdb/genres?type=book');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'validation_failed', field: 'type' });
  });

  it('refuses what TMDb cannot answer, with the field named', async () => {
    const wrongList = await browse({ source: 'now_playing', type: 'tv' });
    expect(wrongList.status).toBe(400);
    expect(wrongList.body.error).toMatchObject({ code: 'validation_failed', field: 'source' });
    const unknownSource = await browse({ source: 'everything', type: 'movie' });
    expect(unknownSource.status).toBe(400);
    expect(unknownSource.body.error.field).toBe('source');
    const noQuery = await browse({ source: 'search', type: 'movie' });
    expect(noQuery.body.error).toMatchObject({ code: 'validation_failed', field: 'query' });
    const unknownGenre = await browse({ source: 'discover', type: 'movie', genre: 'Nonsense' });
    expect(unknownGenre.body.error).toMatchObject({ field: 'genre' });
  });
});
