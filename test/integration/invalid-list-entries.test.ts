/**
 * Reliability defect 6 (docs/reliability.md): one invalid entry of a list is dropped with a log line;
 * only the title's own identity may refuse it.
 */
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';
import { freshTmdbIds } from '../support/jobs-fixtures';

type Json = Record<string, any>;

describeEachDatabase('invalid list entries', (t) => {
  let h: SyncHarness;
  const log = captureLogger('warn');

  beforeAll(async () => {
    h = await startSyncHarness(t, { build: { logger: log.logger } });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => h.standin.setRewrite(null));

  it('drops a video with key null, a nameless cast member and a broken genre, and syncs the rest', async () => {
    const [id] = freshTmdbIds(1);
    let validVideos = 0;
    h.standin.setRewrite((path, body) => {
      if (path !== `/movie/${id}`) return body;
      const b = body as Json;
      validVideos = b.videos.results.length;
      b.videos.results.unshift({ ...b.videos.results[0], key: null });
      b.credits.cast.splice(1, 0, { ...b.credits.cast[0], name: null });
      b.genres.push({ id: 'drama', name: 7 });
      b.images.backdrops.push({ file_path: null });
      return b;
    });
    const result = await h.app.sync.sync('movie', id, { images: false });
    expect(result.postId).toEqual(expect.any(Number));
    const row = await t.db(t.table('tmu_movies')).where({ tmdb_id: id }).first();
    expect(row).toBeDefined();
    expect(validVideos).toBeGreaterThan(0);
    const dropped = log.lines().filter((l) => l.msg === 'tmdb list entry dropped: invalid');
    const entries = dropped.map((l) => String(l.entry));
    expect(entries).toEqual(expect.arrayContaining(['videos.results.0', 'credits.cast.1']));
    expect(entries.filter((e) => /^genres\.\d+$/.test(e) || /^images\.backdrops\.\d+$/.test(e))).toHaveLength(2);
  });

  it('drops a season without a number and an episode without one from a series', async () => {
    h.standin.setRewrite((path, body) => {
      const b = body as Json;
      if (path === '/tv/1399') b.seasons.push({ ...b.seasons[0], season_number: 'two' });
      if (path === '/tv/1399/season/1') b.episodes.push({ ...b.episodes[0], episode_number: null });
      return b;
    });
    const result = await h.app.sync.sync('tv', 1399, { images: false, videos: false, credits: false, seasons: [1] });
    expect(result.postId).toEqual(expect.any(Number));
    const entries = log
      .lines()
      .filter((l) => l.msg === 'tmdb list entry dropped: invalid')
      .map((l) => String(l.entry));
    expect(entries.some((e) => e.startsWith('seasons.'))).toBe(true);
    expect(entries.some((e) => e.startsWith('episodes.'))).toBe(true);
  });

  it('refuses a title without its own name, writing nothing', async () => {
    const [id] = freshTmdbIds(1);
    h.standin.setRewrite((path, body) => (path === `/movie/${id}` ? { ...(body as Json), title: null } : body));
    const before = await h.counts();
    await expect(h.app.sync.sync('movie', id)).rejects.toMatchObject({ code: 'tmdb_bad_payload' });
    expect(await h.counts()).toEqual(before);
  });

  it('drops wrongly typed fields outside the lists, with a log line, and stores the title', async () => {
    const [id] = freshTmdbIds(1);
    h.standin.setRewrite((path, body) => {
      if (path !== `/movie/${id}`) return body;
      return {
        ...(body as Json),
        runtime: 'abc',
        vote_average: '7.1',
        adult: 'yes',
        spoken_languages: 'English',
        genres: null,
        external_ids: null,
        videos: { results: null },
      };
    });
    const before = log.lines().length;
    await h.app.sync.sync('movie', id, { images: false });
    const row = await t.db(t.table('tmu_movies')).where({ tmdb_id: id }).first();
    expect(row).toMatchObject({ runtime: null });
    expect(Number(row.average_rating)).toBe(7.1);
    const dropped = log
      .lines()
      .slice(before)
      .filter((l) => l.msg === 'tmdb field dropped: wrong type')
      .map((l) => String(l.entry));
    expect(dropped).toEqual(expect.arrayContaining(['runtime', 'adult', 'spoken_languages', 'genres', 'external_ids', 'videos.results']));
  });

  it("stores numbers past a column's range clamped to it, with a log line (MariaDB refused the title)", async () => {
    const [id] = freshTmdbIds(1);
    h.standin.setRewrite((path, body) => (path === `/movie/${id}` ? { ...(body as Json), revenue: 1e30, popularity: 5e9, vote_count: 2 ** 53 + 2, budget: -1e25 } : body));
    const before = log.lines().length;
    await h.app.sync.sync('movie', id, { images: false });
    const row = await t.db(t.table('tmu_movies')).where({ tmdb_id: id }).first();
    expect(Number(row.popularity)).toBe(999_999_999.9);
    expect(Number(row.revenue)).toBeGreaterThan(9e18);
    expect(Number(row.budget)).toBeLessThan(-9e18);
    expect(Number(row.vote_count)).toBe(2 ** 53 + 2);
    const lines = log
      .lines()
      .slice(before)
      .map((l) => String(l.msg));
    expect(lines.filter((m) => /outside the column's range/.test(m)).length).toBeGreaterThanOrEqual(3);
  });

  it('still refuses a title whose id has the wrong type', async () => {
    const [id] = freshTmdbIds(1);
    h.standin.setRewrite((path, body) => (path === `/movie/${id}` ? { ...(body as Json), id: String(id) } : body));
    const error = await h.app.sync.sync('movie', id, { images: false }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/unexpected payload: id/);
    expect(await t.db(t.table('tmu_movies')).where({ tmdb_id: id })).toHaveLength(0);
  });
});
