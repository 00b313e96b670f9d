/**
 * Reliability part 3: hostile TMDb data derived from the recorded fixtures.
 * Each payload is stored safely (bad list entries dropped) or refused with a
 * coded error and no partial writes; no job wedges.
 */
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { waitForJobEnd } from '../support/jobs-fixtures';
import type { JobWorker } from '../../src/jobs/job-worker';
import { Figures, LEAK } from './figures';

type Json = Record<string, any>;
type Mutate = (body: Json) => Json | void;

const KB100 = 'Lorem ipsum dolor sit amet. '.repeat(3700).slice(0, 100_000);
const CJK = '電影評論與映画の感想'.repeat(20);
const RTL = 'فيلم نادي القتال מועדון קרב';
const EMOJI = '🎬🍿 Fight Club 👊🏽🧼 👨‍👩‍👧‍👦';
const COMBINING = 'Z̷̢̛a̴̡͠l̸̨̛g̵̢̛o̷̧͝ Ćĺúb́';
const HTML = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const SQL = "'; DROP TABLE wp_posts; -- \\' OR 1=1";
// eslint-disable-next-line no-loss-of-precision -- deliberately 2^53 + 1, as TMDb could send it; already 2^53 here and in JSON.parse
const BIG = 9007199254740993;
const BOOKKEEPING = new Set(['tmu_sync_jobs', 'tmu_sync_log', 'tmu_sync_deliveries', 'tmu_sync_object_locks']);

/** Movie 550 with one thing changed. */
const MOVIE_CASES: Array<[string, Mutate]> = [
  ['title null', (b) => void (b.title = null)],
  ['title missing', (b) => void delete b.title],
  ['title a number', (b) => void (b.title = 42)],
  ['title whitespace only', (b) => void (b.title = '   ')],
  ['title 100 KB', (b) => void (b.title = KB100)],
  ['title CJK', (b) => void (b.title = CJK)],
  ['title RTL', (b) => void (b.title = RTL)],
  ['title emoji', (b) => void (b.title = EMOJI)],
  ['title combining marks', (b) => void (b.title = COMBINING)],
  ['title HTML', (b) => void (b.title = HTML)],
  ['title SQL-looking', (b) => void (b.title = SQL)],
  ['title with NUL', (b) => void (b.title = 'Fight\u0000Club')],
  ['title lone surrogate', (b) => void (b.title = 'Fight \ud800 Club')],
  ['id a string', (b) => void (b.id = '550')],
  ['id missing', (b) => void delete b.id],
  ['overview null', (b) => void (b.overview = null)],
  ['overview 100 KB', (b) => void (b.overview = KB100)],
  ['overview HTML', (b) => void (b.overview = HTML)],
  ['overview SQL-looking', (b) => void (b.overview = SQL)],
  ['tagline 100 KB CJK', (b) => void (b.tagline = CJK.repeat(200))],
  ['release_date 30 February', (b) => void (b.release_date = '2020-02-30')],
  ['release_date before 1900', (b) => void (b.release_date = '1895-12-28')],
  ['release_date 0000-00-00', (b) => void (b.release_date = '0000-00-00')],
  ['release_date not a date', (b) => void (b.release_date = 'soon')],
  ['release_date empty', (b) => void (b.release_date = '')],
  ['release_date null', (b) => void (b.release_date = null)],
  ['budget past 2^53', (b) => void (b.budget = BIG)],
  ['revenue 1e30', (b) => void (b.revenue = 1e30)],
  ['runtime negative', (b) => void (b.runtime = -5)],
  ['runtime a string', (b) => void (b.runtime = 'long')],
  ['vote_average a string', (b) => void (b.vote_average = 'ten')],
  ['vote_average a numeric string', (b) => void (b.vote_average = '7.1')],
  ['vote_count past INT range', (b) => void (b.vote_count = 2 ** 31 + 5)],
  ['vote_count past 2^53', (b) => void (b.vote_count = BIG)],
  ['popularity huge', (b) => void (b.popularity = 1e308)],
  ['adult a string', (b) => void (b.adult = 'yes')],
  ['status unknown', (b) => void (b.status = 'Zombie')],
  ['homepage javascript:', (b) => void (b.homepage = 'javascript:alert(1)')],
  ['imdb_id 200 characters', (b) => void (b.imdb_id = 'tt'.padEnd(200, '9'))],
  ['original_language odd', (b) => void (b.original_language = 'xx-NOT-A-LANGUAGE-AT-ALL')],
  ['poster_path null', (b) => void (b.poster_path = null)],
  ['backdrop_path absolute URL', (b) => void (b.backdrop_path = 'http://evil.example/x.jpg')],
  ['genres null', (b) => void (b.genres = null)],
  ['genres empty', (b) => void (b.genres = [])],
  ['genres with null entry', (b) => void b.genres.push(null)],
  ['genres with wrong types', (b) => void b.genres.push({ id: 'drama', name: 7 })],
  ['genres duplicated', (b) => void (b.genres = [...b.genres, ...b.genres])],
  ['credits missing', (b) => void delete b.credits],
  ['cast empty', (b) => void (b.credits.cast = [])],
  ['cast duplicated', (b) => void (b.credits.cast = [...b.credits.cast, ...b.credits.cast])],
  ['cast entry empty object', (b) => void b.credits.cast.unshift({})],
  ['cast entry name null', (b) => void b.credits.cast.unshift({ ...b.credits.cast[0], name: null })],
  ['cast name 100 KB', (b) => void (b.credits.cast[0].name = KB100)],
  ['cast character HTML', (b) => void (b.credits.cast[0].character = HTML)],
  ['cast id past 2^53', (b) => void b.credits.cast.push({ ...b.credits.cast[0], id: BIG, credit_id: 'x1' })],
  ['cast order huge', (b) => void (b.credits.cast[0].order = 2 ** 60)],
  ['crew duplicated', (b) => void (b.credits.crew = [...b.credits.crew, ...b.credits.crew])],
  ['crew entry job null', (b) => void b.credits.crew.unshift({ ...b.credits.crew[0], job: null })],
  ['videos key null', (b) => void b.videos?.results.unshift({ ...(b.videos.results[0] ?? {}), key: null })],
  ['videos unknown site', (b) => void b.videos?.results.unshift({ ...(b.videos.results[0] ?? {}), site: 'EvilTube', key: 'x' })],
  ['videos results null', (b) => void (b.videos = { results: null })],
  ['images backdrop null entry', (b) => void b.images?.backdrops.push(null)],
  ['images path traversal', (b) => void b.images?.posters.unshift({ ...(b.images.posters[0] ?? {}), file_path: '/../../etc/passwd' })],
  ['keywords entry name null', (b) => void b.keywords?.keywords.push({ id: 1, name: null })],
  ['production_companies null entry', (b) => void b.production_companies.push(null)],
  ['spoken_languages a string', (b) => void (b.spoken_languages = 'English')],
  ['release_dates entry broken', (b) => void b.release_dates?.results.push({ iso_3166_1: null, release_dates: 'x' })],
  ['external_ids null', (b) => void (b.external_ids = null)],
];

/** Wrongly typed or out-of-range fields that are not the title's identity: dropped or clamped, never refused. */
const MUST_STORE = new Set([
  'runtime a string',
  'vote_average a string',
  'vote_average a numeric string',
  'adult a string',
  'spoken_languages a string',
  'genres null',
  'videos results null',
  'external_ids null',
  'budget past 2^53',
  'revenue 1e30',
  'popularity huge',
  'vote_count past INT range',
  'vote_count past 2^53',
]);

/** Series 1399 (or its season 1) with one thing changed; synced with season 1 only. */
const TV_CASES: Array<[string, string, Mutate]> = [
  ['no seasons', '/tv/1399', (b) => void (b.seasons = [])],
  ['season 0 listed', '/tv/1399', (b) => void b.seasons.unshift({ ...b.seasons[0], season_number: 0, name: 'Specials' })],
  ['season entry without number', '/tv/1399', (b) => void b.seasons.push({ ...b.seasons[0], season_number: null })],
  ['name null', '/tv/1399', (b) => void (b.name = null)],
  ['first_air_date 30 February', '/tv/1399', (b) => void (b.first_air_date = '2011-02-30')],
  ['season with no episodes', '/tv/1399/season/1', (b) => void (b.episodes = [])],
  ['episode air_date invalid', '/tv/1399/season/1', (b) => void (b.episodes[0].air_date = '2011-13-45')],
  ['episode duplicated', '/tv/1399/season/1', (b) => void b.episodes.push(b.episodes[0])],
  ['episode without number', '/tv/1399/season/1', (b) => void b.episodes.push({ ...b.episodes[0], episode_number: null })],
  ['episode name 100 KB', '/tv/1399/season/1', (b) => void (b.episodes[0].name = KB100)],
];

describeEachDatabase('reliability: hostile TMDb data', (t) => {
  let h: SyncHarness;
  let worker: JobWorker;
  const figures = new Figures(`hostile TMDb data [${t.kind}]`);
  const outcomes = { stored: 0, refused: 0 };
  const refusedNames: string[] = [];

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { JOB_CONCURRENCY: '1' } });
    worker = h.app.createWorker({ pollMs: 20, retryBaseMs: 50, stallMs: 60_000 });
    worker.start();
  });
  afterAll(async () => {
    figures.add('payloads', MOVIE_CASES.length + TV_CASES.length);
    figures.add('stored', outcomes.stored);
    figures.add('refused with a coded error, nothing written', outcomes.refused);
    figures.add('refused', refusedNames.join(', ') || '-');
    figures.print();
    await worker?.stop();
    await h?.close();
  });

  async function run(type: 'movie' | 'tv', tmdbId: number, options: Json): Promise<{ status: string; error: string | null }> {
    // The rewritten answer must be fetched, not read from the response cache.
    await t.db(t.table('tmu_api_cache')).delete();
    const { job } = await h.app.jobs.enqueue({ type: 'sync', payload: { type, tmdb_id: tmdbId, options: { images: false, ...options } }, objectKey: `${type}:${tmdbId}` });
    const ended = await waitForJobEnd(h.app, job.id, 60_000);
    const errors = ended.progress.errors.map((e: { message: string }) => e.message).join('; ');
    return { status: ended.status, error: ended.error ?? (errors || null) };
  }

  async function check(name: string, run: () => Promise<{ status: string; error: string | null }>): Promise<string | null> {
    const before = await h.counts();
    const result = await run();
    if (result.status === 'succeeded') {
      outcomes.stored += 1;
      return null;
    }
    const after = await h.counts();
    // Content only: the job's own row and its log line are the record of the refusal.
    const changed = Object.keys(after).filter((k) => !BOOKKEEPING.has(k) && after[k] !== before[k]);
    if (result.status !== 'failed') return `${name}: ended ${result.status}`;
    if (MUST_STORE.has(name)) return `${name}: refused, but only its bad field should have been dropped: ${result.error}`;
    if (!/^[a-z_]+: /.test(result.error ?? '')) return `${name}: refused without a code: ${result.error}`;
    if (LEAK.test(result.error ?? '')) return `${name}: error leaks: ${result.error}`;
    if (changed.length > 0) return `${name}: refused but wrote ${changed.join(', ')}`;
    outcomes.refused += 1;
    refusedNames.push(`${name} (${(result.error ?? '').split(':')[0]})`);
    return null;
  }

  it('stores or cleanly refuses each hostile movie payload', async () => {
    const problems: string[] = [];
    for (const [name, mutate] of MOVIE_CASES) {
      h.standin.setRewrite((path, body) => {
        if (path !== '/movie/550') return body;
        const copy = structuredClone(body) as Json;
        return mutate(copy) ?? copy;
      });
      const problem = await check(name, () => run('movie', 550, { videos: true, credits: true }));
      if (problem) problems.push(problem);
    }
    h.standin.setRewrite(null);
    expect(problems).toEqual([]);
    expect(MOVIE_CASES.length + TV_CASES.length).toBeGreaterThanOrEqual(60);
  });

  it('stores or cleanly refuses each hostile series payload', async () => {
    const problems: string[] = [];
    for (const [name, target, mutate] of TV_CASES) {
      h.standin.setRewrite((path, body) => {
        if (path !== target) return body;
        const copy = structuredClone(body) as Json;
        return mutate(copy) ?? copy;
      });
      const problem = await check(name, () => run('tv', 1399, { videos: false, credits: false, seasons: [1] }));
      if (problem) problems.push(problem);
    }
    h.standin.setRewrite(null);
    expect(problems).toEqual([]);
  });

  it('leaves no job queued or running', async () => {
    const open = await t.db(t.table('tmu_sync_jobs')).whereIn('status', ['queued', 'running']);
    figures.add('jobs left queued or running', open.length);
    expect(open).toEqual([]);
  });
});
