import { runCli } from '../../src/cli/cli';
import type { CliIo } from '../../src/cli/cli-io';
import { parseImportArgs } from '../../src/cli/commands/import.command';
import { startServer, RunningServer } from '../../src/cli/commands/serve.command';
import { DETAILS_ONLY, freshTmdbIds } from '../support/jobs-fixtures';
import { signedClient, TEST_WEBHOOK_SECRET } from '../support/signed-client';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { describeEachDatabase } from '../support/test-databases';
import { isAdultSynthetic } from '../../tools/tmdb-standin/synthetic-ids';

/** Ids of 900000000 and above answer 404 on the stand-in. */
const MISSING_ID = 900_000_321;

interface Card {
  tmdb_id: number;
  type: 'movie' | 'tv';
  in_library: boolean;
  post_id: number | null;
  library_type: string | null;
}

function captureIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false, env };
}

describe('import CLI arguments', () => {
  it('reads the source, type, pages, filters and status; ids mean --source ids; refuses the rest', () => {
    expect(parseImportArgs(['--source', 'popular', '--type', 'drama', '--pages', '3', '--status', 'draft', '--no-images'])).toMatchObject({
      query: { source: 'popular', type: 'drama', page: 1 },
      pages: 3,
      type: 'drama',
      status: 'draft',
      resync: false,
      options: { images: false },
    });
    expect(parseImportArgs(['--source', 'search', '--query', 'Fight Club', '--year', '1999']).query).toMatchObject({ query: 'Fight Club', year: 1999 });
    expect(parseImportArgs(['550', 'tt0137523']).query).toMatchObject({ source: 'ids', ids: '550 tt0137523' });
    expect(() => parseImportArgs([])).toThrow(/--source must be one of/);
    expect(() => parseImportArgs(['--source', 'popular', '550'])).toThrow(/ids are only read with --source ids/);
    expect(() => parseImportArgs(['--source', 'popular', '--type', 'person'])).toThrow(/--type must be movie\|tv\|drama/);
    expect(() => parseImportArgs(['--source', 'popular', '--status', 'pending'])).toThrow(/--status must be draft\|publish/);
    expect(() => parseImportArgs(['--source', 'popular', '--pages', '0'])).toThrow(/--pages must be an integer from 1 to 25, got 0/);
    expect(() => parseImportArgs(['--source', 'discover', '--year', '20'])).toThrow(/--year/);
  });
});

describeEachDatabase('import from TMDb: the import job', (t) => {
  let h: SyncHarness;
  let server: RunningServer;
  const { call, waitForJob } = signedClient(() => server.url);

  const browse = async (params: Record<string, string | number>): Promise<{ items: Card[]; total_pages: number }> => {
    const res = await call('GET', `/tmdb/browse?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`);
    expect(res.status).toBe(200);
    return res.body as { items: Card[]; total_pages: number };
  };
  const importJob = async (body: Record<string, unknown>) => {
    const res = await call('POST', '/import', body);
    expect(res.status).toBe(202);
    return waitForJob(res.body.job_id, 180_000);
  };
  const rowsByTmdbId = async (table: string, ids: number[]) =>
    (await t.db(t.table(table)).select('ID', 'tmdb_id').whereIn('tmdb_id', ids)) as Array<{ ID: number; tmdb_id: number }>;

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { TMU_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, PORT: '0', JOB_CONCURRENCY: '4' } });
    server = await startServer(h.app);
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  it('imports two popular pages as one job, marks them in the library, and a second import changes nothing', async () => {
    const cards = [...(await browse({ source: 'popular', type: 'movie', page: 1 })).items, ...(await browse({ source: 'popular', type: 'movie', page: 2 })).items];
    const ids = cards.map((c) => c.tmdb_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(32); // two pages of 20, less the adult titles dropped
    const items = cards.map((c) => ({ type: c.type, tmdb_id: c.tmdb_id }));

    const job = await importJob({ items, status: 'publish', options: { ...DETAILS_ONLY, credits: true, images: true } });
    expect(job).toMatchObject({ type: 'import', status: 'succeeded', progress: { done: ids.length, failed: 0, total: ids.length }, errors: [] });
    const rows = await rowsByTmdbId('tmu_movies', ids);
    expect(rows).toHaveLength(ids.length);
    const posts = await t.db(t.table('tmu_local_posts')).where({ type: 'movie' }).whereIn('tmdb_id', ids);
    expect(posts).toHaveLength(ids.length);
    expect(posts.every((p: { status: string }) => p.status === 'publish')).toBe(true);
    const [{ n: castRows }] = await t
      .db(t.table('tmu_movies_cast'))
      .whereIn(
        'movie',
        rows.map((r) => r.ID),
      )
      .count({ n: '*' });
    expect(Number(castRows)).toBeGreaterThan(ids.length);

    const posters = await t.db(t.table('tmu_local_attachments')).count({ n: '*' });
    expect(Number(posters[0].n)).toBeGreaterThanOrEqual(ids.length);

    // Browsing again marks every card with its post.
    const postOf = new Map(rows.map((r) => [Number(r.tmdb_id), Number(r.ID)]));
    const again = [...(await browse({ source: 'popular', type: 'movie', page: 1 })).items, ...(await browse({ source: 'popular', type: 'movie', page: 2 })).items];
    expect(again.map((c) => c.tmdb_id)).toEqual(ids);
    for (const card of again) expect(card).toMatchObject({ in_library: true, post_id: postOf.get(card.tmdb_id), library_type: 'movie' });

    // The same 40 again: skipped, counted as done, nothing written.
    const before = await h.counts();
    const second = await importJob({ items, status: 'publish', options: DETAILS_ONLY });
    expect(second).toMatchObject({ status: 'succeeded', progress: { done: ids.length, failed: 0, total: ids.length } });
    // Jobs, log lines and remembered webhook deliveries are bookkeeping: they grow with every request.
    const { tmu_sync_jobs: _j1, tmu_sync_log: _l1, tmu_sync_deliveries: _d1, ...rowsBefore } = before;
    const { tmu_sync_jobs: _j2, tmu_sync_log: _l2, tmu_sync_deliveries: _d2, ...rowsAfter } = await h.counts();
    expect(rowsAfter).toEqual(rowsBefore);
    const log = await t.db(t.table('tmu_sync_log')).where({ job_id: second.id });
    expect(log).toHaveLength(ids.length);
    expect(log.every((l: { action: string }) => l.action === 'skipped')).toBe(true);
  });

  it('reports an unknown id and an adult title per item without failing the job, and creates drafts when asked', async () => {
    const [fresh] = freshTmdbIds(50).filter((id) => !isAdultSynthetic('movie', id));
    const adult = freshTmdbIds(400).find((id) => isAdultSynthetic('movie', id)) as number;
    const job = await importJob({
      items: [
        { type: 'movie', tmdb_id: fresh },
        { type: 'movie', tmdb_id: MISSING_ID },
        { type: 'movie', tmdb_id: adult },
      ],
      status: 'draft',
      options: DETAILS_ONLY,
    });
    expect(job).toMatchObject({ status: 'partial', progress: { done: 1, failed: 2, total: 3 } });
    expect(job.errors).toEqual(
      expect.arrayContaining([
        { tmdb_id: MISSING_ID, post_id: null, message: expect.stringMatching(/^tmdb_not_found/) },
        { tmdb_id: adult, post_id: null, message: expect.stringMatching(/^adult_title: .*ALLOW_ADULT/) },
      ]),
    );
    const [post] = await t.db(t.table('tmu_local_posts')).where({ type: 'movie', tmdb_id: fresh });
    expect(post.status).toBe('draft');
    expect(await rowsByTmdbId('tmu_movies', [MISSING_ID, adult])).toEqual([]);
  });

  it('makes no duplicate when two imports overlap, even of one series as TV and as drama', async () => {
    const movies = freshTmdbIds(12)
      .filter((id) => !isAdultSynthetic('movie', id))
      .slice(0, 6);
    const series = freshTmdbIds(12)
      .filter((id) => !isAdultSynthetic('tv', id))
      .slice(0, 3);
    const options = { ...DETAILS_ONLY, seasons: 'none' };
    const first = call('POST', '/import', { items: [...movies.map((id) => ({ type: 'movie', tmdb_id: id })), ...series.map((id) => ({ type: 'tv', tmdb_id: id }))], options });
    const second = call('POST', '/import', {
      items: [...[...movies].reverse().map((id) => ({ type: 'movie', tmdb_id: id })), ...series.map((id) => ({ type: 'drama', tmdb_id: id }))],
      options,
    });
    const [a, b] = await Promise.all([first, second]);
    expect(a.body.job_id).not.toBe(b.body.job_id);
    const jobs = await Promise.all([waitForJob(a.body.job_id, 180_000), waitForJob(b.body.job_id, 180_000)]);
    for (const job of jobs) expect(job).toMatchObject({ status: 'succeeded', progress: { failed: 0 } });

    expect(await rowsByTmdbId('tmu_movies', movies)).toHaveLength(movies.length);
    const tv = await rowsByTmdbId('tmu_tv_series', series);
    const dramas = await rowsByTmdbId('tmu_dramas', series);
    expect(tv.length + dramas.length).toBe(series.length);
    const posts = await t
      .db(t.table('tmu_local_posts'))
      .whereIn('type', ['movie', 'tv', 'drama'])
      .whereIn('tmdb_id', [...movies, ...series]);
    expect(posts).toHaveLength(movies.length + series.length);

    // A series kept as a drama is "in the library" when browsing TV.
    if (dramas.length > 0) {
      const page = await browse({ source: 'ids', type: 'tv', ids: String(dramas[0].tmdb_id) });
      expect(page.items[0]).toMatchObject({ in_library: true, post_id: Number(dramas[0].ID), library_type: 'drama' });
    }
  });

  it('goes on from its log when taken over after a restart: logged items are not imported again', async () => {
    const ids = freshTmdbIds(12)
      .filter((id) => !isAdultSynthetic('movie', id))
      .slice(0, 4);
    const payload = { items: ids.map((id) => ({ type: 'movie', tmdb_id: id })), status: 'publish', resync: false, options: DETAILS_ONLY };
    // Queued for later, so the running worker leaves it alone while an "earlier attempt" is written.
    const { job } = await h.app.jobs.enqueue({ type: 'import', payload, runAt: new Date(Date.now() + 3_600_000) });
    await h.app.syncLog.add({ jobId: job.id, type: 'movie', tmdbId: ids[0], postId: null, action: 'failed', message: 'tmdb_unavailable: earlier attempt' });
    await h.app.syncLog.add({ jobId: job.id, type: 'movie', tmdbId: ids[1], postId: null, action: 'synced', message: 'earlier attempt' });
    h.standin.resetStats();
    await t
      .db(t.table('tmu_sync_jobs'))
      .where({ id: job.id })
      .update({ run_at: new Date(Date.now() - 1000) });

    const ended = await waitForJob(job.id, 60_000);
    expect(ended).toMatchObject({ status: 'partial', progress: { done: 3, failed: 1, total: 4 } });
    const asked = new Set(h.standin.requestLog().map((r) => r.path));
    expect(asked.has(`/3/movie/${ids[0]}`) || asked.has(`/3/movie/${ids[1]}`)).toBe(false);
    expect(asked.has(`/3/movie/${ids[2]}`) && asked.has(`/3/movie/${ids[3]}`)).toBe(true);
    expect((await rowsByTmdbId('tmu_movies', ids)).map((r) => Number(r.tmdb_id)).sort()).toEqual([ids[2], ids[3]].sort());
  });

  it('tmu-sidecar import runs pasted ids as one job and names the unknown one', async () => {
    const [id] = freshTmdbIds(20).filter((x) => !isAdultSynthetic('movie', x));
    const io = captureIo({ ...h.env, LOG_LEVEL: 'silent' });
    const code = await runCli(
      ['import', '--source', 'ids', '--type', 'movie', '--status', 'draft', '--no-images', '--no-videos', '--no-credits', String(id), String(MISSING_ID)],
      io,
    );
    expect(code).toBe(1); // partial
    expect(io.stdout.join('\n')).toMatch(/^importing 2 titles as draft \(job \d+\)/);
    expect(io.stdout).toContainEqual(expect.stringMatching(new RegExp(`^failed ${MISSING_ID} \\(post -\\): tmdb_not_found: `)));
    expect(io.stdout.at(-1)).toMatch(/^import job \d+ partial: 1 synced, 1 failed of 2$/);
    expect(await rowsByTmdbId('tmu_movies', [id])).toHaveLength(1);
  });
});
