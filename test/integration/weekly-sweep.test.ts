/**
 * The weekly refresh sweeps orphan rows before it syncs: the row of a post
 * deleted while no post.deleted webhook reached the sidecar is removed (and not
 * synced), what was swept is in the job's log, its result and the schedule record.
 */
import { readScheduleRecord, Schedules } from '../../src/jobs/schedules';
import type { JobWorker } from '../../src/jobs/job-worker';
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
    await h.app.localStore!.deletePost('movie', deleted.postId); // its webhook never arrived

    const schedules = new Schedules({ jobs: h.app.jobs, state: h.app.state, syncLog: h.app.syncLog, logger: h.app.logger, cron: { daily: '0 3 * * *', weekly: '0 4 * * 0', timezone: 'UTC' } });
    const fired = await schedules.fire('weekly');
    const job = await waitForJobEnd(h.app, fired.jobId as number);

    expect(job).toMatchObject({ type: 'refresh', status: 'succeeded', progress: { done: 3, failed: 0, total: 3 } });
    expect(await t.db(t.table('tmu_movies')).where('ID', deleted.postId).first()).toBeUndefined();
    expect(await t.db(t.table('tmu_movies')).whereIn('ID', kept.map((k) => k.postId)).whereNotNull('synced_at')).toHaveLength(3);
    const sweptLine = `orphan sweep: removed 1 rows of 1 of 4 posts, deleted in WordPress (movie ${deleted.postId})`;
    expect(job.progress.log[0]).toBe(sweptLine);
    expect(await h.app.syncLog.list({ jobId: job.id, action: 'swept' })).toEqual([expect.objectContaining({ type: 'movie', postId: deleted.postId })]);
    const record = await waitFor('the weekly record', async () => {
      const r = await readScheduleRecord(h.app.state, 'weekly');
      return r.job_id === job.id && r.result === 'succeeded' ? r : null;
    });
    expect(record.message).toBe(`succeeded: 3 synced, 0 failed of 3; ${sweptLine}`);
  });
});
