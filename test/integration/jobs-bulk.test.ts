import { runCli } from '../../src/cli/cli';
import type { CliIo } from '../../src/cli/cli-io';
import { parseBulkArgs } from '../../src/cli/commands/bulk.command';
import type { JobProgress } from '../../src/domain/job';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { DETAILS_ONLY, detailRequests, freshTmdbIds, seedLibrary, waitFor, waitForJobEnd } from '../support/jobs-fixtures';

/** Ids of 900000000 and above answer 404 on the stand-in. */
const MISSING_ID = 900_000_123;

function captureIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false, env };
}

describe('bulk CLI arguments', () => {
  it('reads types (repeated or comma-separated, library order), limit and switches; rejects the rest', () => {
    expect(parseBulkArgs(['--type', 'person', '--type', 'movie,tv', '--limit', '7', '--no-images'])).toEqual({
      types: ['movie', 'tv', 'person'],
      limit: 7,
      options: { images: false },
    });
    expect(parseBulkArgs([])).toEqual({});
    expect(() => parseBulkArgs(['--type', 'film'])).toThrow(/--type must be one of movie\|tv\|drama\|person, got film/);
    expect(() => parseBulkArgs(['--limit', '0'])).toThrow(/--limit must be a positive integer, got 0/);
    expect(() => parseBulkArgs(['movie'])).toThrow(/bulk takes no arguments/);
  });
});

describeEachDatabase('bulk sync', (t) => {
  let h: SyncHarness;

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { JOB_CONCURRENCY: '3', BULK_LANES: '3' } });
  });
  afterAll(async () => h?.close());

  it('syncs every movie with a TMDb id in batches, reports progress as it goes and ends partial with the failures named', async () => {
    const good = await seedLibrary(h.app, 'movie', freshTmdbIds(150));
    const [missing] = await seedLibrary(h.app, 'movie', [MISSING_ID]);
    // A legacy row without a TMDb id is not part of the library.
    await t.db(t.table('tmu_movies')).insert({ ID: missing.postId + 100_000, tmdb_id: null });
    h.standin.resetStats();
    h.standin.setLatency(5);
    const { job } = await h.app.jobs.enqueue({ type: 'bulk', payload: { types: ['movie'], options: DETAILS_ONLY }, objectKey: 'bulk:movies' });
    const worker = h.app.createWorker({ pollMs: 20 });
    worker.start();
    const seen: JobProgress[] = [];
    const ended = await waitFor(
      'the bulk job to end',
      async () => {
        const current = await h.app.jobs.get(job.id);
        if (current?.status === 'running') seen.push(current.progress);
        return current && !['queued', 'running'].includes(current.status) ? current : null;
      },
      60_000,
      20,
    );
    await worker.stop();
    h.standin.setLatency(0);

    expect(ended.status).toBe('partial');
    expect(ended.progress).toMatchObject({ done: good.length, failed: 1, total: good.length + 1 });
    expect(ended.progress.errors).toEqual([{ tmdb_id: MISSING_ID, post_id: missing.postId, message: expect.stringMatching(/^tmdb_not_found: /) }]);
    expect(ended.progress.log.length).toBeLessThanOrEqual(20);
    expect(ended.progress.log[ended.progress.log.length - 1]).toBe(`partial: ${good.length} synced, 1 failed of ${good.length + 1}`);
    // Progress was saved while the job ran, not only at its end.
    expect(seen.some((p) => p.done > 0 && p.done < good.length)).toBe(true);

    const log = await t.db(t.table('tmu_sync_log')).where({ job_id: job.id }).orderBy('id');
    expect(log).toHaveLength(good.length + 1);
    expect(log.find((r) => Number(r.tmdb_id) === MISSING_ID)).toMatchObject({ type: 'movie', action: 'failed', post_id: missing.postId });
    const synced = log.filter((r) => r.action === 'synced');
    expect(new Set(synced.map((r) => Number(r.post_id)))).toEqual(new Set(good.map((g) => g.postId)));
    expect(synced[0].message).toMatch(/^updated movie \d+ ".+" \(post \d+\)$/);
    const requests = detailRequests(h.standin.stats().byPath, 'movie');
    expect(good.every((g) => requests.get(g.tmdbId) === 1)).toBe(true);
    const rows = await t
      .db(t.table('tmu_movies'))
      .whereIn(
        'ID',
        good.map((g) => g.postId),
      )
      .whereNotNull('synced_at');
    expect(rows).toHaveLength(good.length);
  });

  it('syncs only the requested types, at most `limit` items, in post ID order', async () => {
    const people = await seedLibrary(h.app, 'person', freshTmdbIds(6));
    const { job } = await h.app.jobs.enqueue({ type: 'bulk', payload: { types: ['person'], limit: 4, options: DETAILS_ONLY }, objectKey: 'bulk:people-4' });
    const worker = h.app.createWorker({ pollMs: 20 });
    worker.start();
    const ended = await waitForJobEnd(h.app, job.id);
    await worker.stop();
    expect(ended).toMatchObject({ status: 'succeeded', progress: { done: 4, failed: 0, total: 4 } });
    const log = await t.db(t.table('tmu_sync_log')).where({ job_id: job.id });
    expect(log.map((r) => Number(r.post_id)).sort((a, b) => a - b)).toEqual(people.slice(0, 4).map((p) => p.postId));
    expect(log.every((r) => r.type === 'person')).toBe(true);
  });

  it('runs `tmu-sidecar bulk` in the foreground with plain progress lines, exiting 1 when an item failed', async () => {
    await seedLibrary(h.app, 'drama', freshTmdbIds(3));
    const ok = captureIo(h.env);
    expect(await runCli(['bulk', '--type', 'drama', '--no-images', '--no-videos', '--no-credits'], ok)).toBe(0);
    expect(ok.stdout.length).toBeGreaterThanOrEqual(2);
    expect(ok.stdout.every((line) => /^bulk job \d+(: \d+\/\d+ \(\d+ synced, \d+ failed\)| succeeded: .+)$/.test(line))).toBe(true);
    expect(ok.stdout[ok.stdout.length - 2]).toMatch(/^bulk job \d+: 3\/3 \(3 synced, 0 failed\)$/);
    expect(ok.stdout[ok.stdout.length - 1]).toMatch(/^bulk job \d+ succeeded: 3 synced, 0 failed of 3$/);
    expect(ok.stderr).toEqual([]);

    const [missing] = await seedLibrary(h.app, 'drama', [MISSING_ID + 1]);
    const failing = captureIo(h.env);
    expect(await runCli(['bulk', '--type', 'drama', '--no-images', '--no-videos', '--no-credits'], failing)).toBe(1);
    expect(failing.stdout).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^failed ${MISSING_ID + 1} \\(post ${missing.postId}\\): tmdb_not_found: `))]));
    expect(failing.stdout[failing.stdout.length - 1]).toMatch(/^bulk job \d+ partial: 3 synced, 1 failed of 4$/);
  });
});
