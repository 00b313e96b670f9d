/**
 * The weekly refresh sweeps orphan rows before it syncs: the row of a post
 * deleted while no post.deleted webhook reached the sidecar is removed (and not
 * synced), what was swept is in the job's log, its result and the schedule record.
 */
import { runCli } from '../../src/cli/cli';
import type { CliIo } from '../../src/cli/cli-io';
import { readScheduleRecord, Schedules } from '../../src/jobs/schedules';
import type { JobWorker } from '../../src/jobs/job-worker';
import { LocalContentRepository } from '../../src/repositories/local-content.repository';
import { POST_ROW_TABLES, PostRowsRepository } from '../../src/repositories/post-rows.repository';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { freshTmdbIds, seedLibrary, waitFor, waitForJobEnd } from '../support/jobs-fixtures';

describeEachDatabase('weekly orphan sweep', (t) => {
  let h: SyncHarness;
  let worker: JobWorker;

  beforeAll(async () => {
    h = await startSyncHarness(t);
    worker = h.app.createWorker({ pollMs: 20 });
    worker.start();
  });
  afterAll(async () => {
    await worker?.stop();
    await h?.close();
  });

  it('removes the rows of a post deleted in WordPress, then syncs the rest', async () => {
    const kept = await seedLibrary(h.app, 'movie', freshTmdbIds(3));
    const [deleted] = await seedLibrary(h.app, 'movie', freshTmdbIds(1));
    await new LocalContentRepository(t.db, t.prefix).deletePost(deleted.postId); // its webhook never arrived

    const schedules = new Schedules({
      jobs: h.app.jobs,
      state: h.app.state,
      syncLog: h.app.syncLog,
      logger: h.app.logger,
      cron: { daily: '0 3 * * *', weekly: '0 4 * * 0', timezone: 'UTC' },
    });
    const fired = await schedules.fire('weekly');
    const job = await waitForJobEnd(h.app, fired.jobId as number);

    expect(job).toMatchObject({ type: 'refresh', status: 'succeeded', progress: { done: 3, failed: 0, total: 3 } });
    expect(await t.db(t.table('tmu_movies')).where('ID', deleted.postId).first()).toBeUndefined();
    expect(
      await t
        .db(t.table('tmu_movies'))
        .whereIn(
          'ID',
          kept.map((k) => k.postId),
        )
        .whereNotNull('synced_at'),
    ).toHaveLength(3);
    const sweptLine = `orphan sweep: removed 1 rows of 1 of 4 posts, deleted in WordPress (movie ${deleted.postId})`;
    expect(job.progress.log[0]).toBe(sweptLine);
    expect(await h.app.syncLog.list({ jobId: job.id, action: 'swept' })).toEqual([expect.objectContaining({ type: 'movie', postId: deleted.postId })]);
    const record = await waitFor('the weekly record', async () => {
      const r = await readScheduleRecord(h.app.state, 'weekly');
      return r.job_id === job.id && r.result === 'succeeded' ? r : null;
    });
    expect(record.message).toBe(`succeeded: 3 synced, 0 failed of 3; ${sweptLine}`);
  });

  it('`tmu-sidecar sweep` refuses when most posts look deleted (exit 1), and --force sweeps them', async () => {
    // More deleted posts than the posts (titles, people, seasons...) the weekly sync left.
    const rowsRepo = new PostRowsRepository(t.db, t.prefix);
    const posts = new Set<number>();
    for (const { table } of POST_ROW_TABLES) for (const id of await rowsRepo.postIds(table, 0, 100_000)) posts.add(id);
    const existing = posts.size;
    const seeded = await seedLibrary(h.app, 'movie', freshTmdbIds(existing + 1));
    const all = existing * 2 + 1;
    for (const item of seeded) await new LocalContentRepository(t.db, t.prefix).deletePost(item.postId);
    const remaining = async () =>
      (
        await t.db(t.table('tmu_movies')).whereIn(
          'ID',
          seeded.map((s) => s.postId),
        )
      ).length;
    const cli = async (...argv: string[]) => {
      const io: CliIo & { stdout: string[] } = { stdout: [], out: (l) => io.stdout.push(l), err: () => undefined, isTty: false, env: h.env };
      return { code: await runCli(argv, io), stdout: io.stdout };
    };

    const refused = await cli('sweep');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toEqual([expect.stringContaining(`orphan sweep refused, nothing removed: ${existing + 1} of ${all} posts look deleted`)]);
    expect(await remaining()).toBe(existing + 1);
    expect((await cli('sweep', 'now')).code).toBe(2);

    const forced = await cli('sweep', '--force');
    expect(forced).toMatchObject({
      code: 0,
      stdout: [expect.stringContaining(`orphan sweep: removed ${existing + 1} rows of ${existing + 1} of ${all} posts, deleted in WordPress`)],
    });
    expect(await remaining()).toBe(0);
    expect(await cli('sweep')).toEqual({ code: 0, stdout: [`orphan sweep: all ${existing} posts exist in WordPress`] });
  });
});
