import type { Knex } from 'knex';
import { JobRepository } from '../../src/repositories/job.repository';
import { createDatabase } from '../../src/repositories/database';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { DETAILS_ONLY, detailRequests, freshTmdbIds, seedLibrary, waitFor, waitForJobEnd } from '../support/jobs-fixtures';

describeEachDatabase('job queue: per-object locks, cancel, shutdown', (t) => {
  let h: SyncHarness;
  let otherDb: Knex;
  let other: JobRepository;

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { JOB_CONCURRENCY: '2', BULK_LANES: '2' } });
    // A second connection pool on the same database: another sidecar process, as far as the queue can tell.
    otherDb = createDatabase(t.url);
    other = new JobRepository(otherDb, t.prefix);
  });
  afterAll(async () => {
    await otherDb?.destroy();
    await h?.close();
  });

  const syncJob = (tmdbId: number) => ({
    type: 'sync',
    payload: { type: 'movie', tmdb_id: tmdbId, options: DETAILS_ONLY },
    objectKey: `movie:${tmdbId}`,
  });

  it('gives one job and one sync for many enqueues of the same object at once, from two pools', async () => {
    const [id] = freshTmdbIds(1);
    h.standin.resetStats();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? h.app.jobs : other).enqueue(syncJob(id))));
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await t.db(t.table('tmu_sync_jobs')).where({ object_key: `movie:${id}` })).toHaveLength(1);

    const workers = [h.app.createWorker({ pollMs: 20 }), h.app.createWorker({ pollMs: 20 })];
    workers.forEach((w) => w.start());
    const job = await waitForJobEnd(h.app, results[0].job.id);
    await Promise.all(workers.map((w) => w.stop()));
    expect(job.status).toBe('succeeded');
    expect(detailRequests(h.standin.stats().byPath, 'movie').get(id)).toBe(1);
    expect(await t.db(t.table('tmu_movies')).where({ tmdb_id: id })).toHaveLength(1);
  });

  it('keeps one running job per object: a new request queues behind it, and is reused while queued', async () => {
    const [id] = freshTmdbIds(1);
    const first = (await h.app.jobs.enqueue(syncJob(id))).job;
    const running = await h.app.jobs.claim(first.id, 'worker-a', 60_000);
    expect(running).toMatchObject({ id: first.id, status: 'running' });

    const second = await h.app.jobs.enqueue(syncJob(id));
    expect(second.created).toBe(true);
    const third = await other.enqueue(syncJob(id));
    expect(third).toMatchObject({ created: false, job: { id: second.job.id } });

    expect(await other.claim(second.job.id, 'worker-b', 60_000)).toBeNull();
    expect(await h.app.jobs.finish(first.id, 'worker-a', 'succeeded', first.progress, null)).toBe(true);
    expect(await other.claim(second.job.id, 'worker-b', 60_000)).toMatchObject({ id: second.job.id, status: 'running' });
    expect(await other.finish(second.job.id, 'worker-b', 'succeeded', second.job.progress, null)).toBe(true);
  });

  it('lets only one of two racing workers run an object, even with duplicate queued rows', async () => {
    const [id] = freshTmdbIds(1);
    const now = new Date(Date.now() - 1000);
    // Rows queued before the lock columns existed: same object, no queued lock.
    const base = { type: 'sync', payload: '{}', status: 'queued', attempts: 0, max_attempts: 3, progress: '{}', object_key: `movie:${id}`, run_at: now, created_at: now };
    await t.db(t.table('tmu_sync_jobs')).insert([base, base]);
    const claims = await Promise.all([h.app.jobs.claimNext('racer-a', 60_000), other.claimNext('racer-b', 60_000)]);
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    expect(await t.db(t.table('tmu_sync_jobs')).where({ object_key: `movie:${id}`, status: 'running' })).toHaveLength(1);
    await t
      .db(t.table('tmu_sync_jobs'))
      .where({ object_key: `movie:${id}` })
      .update({ status: 'cancelled', running_key: null, lease_owner: null });
  });

  it('fails a job whose last attempt lost its worker with a coded reason that says so', async () => {
    // The fault run: 2 attempts ended in TMDb errors, the 3rd worker was SIGKILLed; the job was failed as "stopped 3 times".
    const [id] = freshTmdbIds(1);
    const past = new Date(Date.now() - 120_000);
    const [jobId] = await t.db(t.table('tmu_sync_jobs')).insert({
      ...{ type: 'sync', payload: '{}', progress: '{}', object_key: `movie:${id}`, run_at: past, created_at: past },
      ...{ status: 'running', attempts: 3, max_attempts: 3, lease_owner: 'killed-worker', lease_expires_at: past },
    });
    expect(await h.app.jobs.claim(Number(jobId), 'worker-a', 60_000)).toBeNull();
    const job = await h.app.jobs.get(Number(jobId));
    expect(job).toMatchObject({ status: 'failed' });
    expect(job!.error).toMatch(/^worker_lost: attempt 3 of 3 never ended/);
    expect(job!.error).not.toMatch(/stopped 3 times/);
  });

  it('stops a cancelled bulk job at the next item, acknowledges it and frees its lock', async () => {
    const items = await seedLibrary(h.app, 'drama', freshTmdbIds(24));
    h.standin.setLatency(150);
    const { job } = await h.app.jobs.enqueue({ type: 'bulk', payload: { types: ['drama'], options: DETAILS_ONLY }, objectKey: 'bulk:test-cancel' });
    const worker = h.app.createWorker({ pollMs: 20 });
    worker.start();
    try {
      await waitFor('a few synced items', async () => (await h.app.syncLog.countByJob(job.id)).synced >= 3);
      const atCancel = (await h.app.syncLog.countByJob(job.id)).synced;
      expect(await h.app.jobs.cancel(job.id)).toBe(true);
      const settled = await waitFor('the worker to acknowledge', async () => {
        const row = await t.db(t.table('tmu_sync_jobs')).where({ id: job.id }).first();
        return row.lease_owner === null ? row : null;
      });
      expect(settled).toMatchObject({ status: 'cancelled', running_key: null });
      const logged = (await h.app.syncLog.countByJob(job.id)).synced;
      // Items in flight when the cancel was seen finish; no new one starts.
      expect(logged).toBeLessThanOrEqual(atCancel + 2 * 2);
      expect(logged).toBeLessThan(items.length);
      const final = await h.app.jobs.get(job.id);
      expect(final?.progress).toMatchObject({ done: logged, failed: 0, total: items.length });
      await new Promise((r) => setTimeout(r, 500));
      expect((await h.app.syncLog.countByJob(job.id)).synced).toBe(logged);
    } finally {
      h.standin.setLatency(0);
      await worker.stop();
    }
  });

  it('puts a bulk job back in the queue on shutdown and resumes it without syncing anything twice', async () => {
    const items = await seedLibrary(h.app, 'person', freshTmdbIds(30));
    h.standin.resetStats();
    h.standin.setLatency(40);
    const { job } = await h.app.jobs.enqueue({ type: 'bulk', payload: { types: ['person'], options: DETAILS_ONLY }, objectKey: 'bulk:test-shutdown' });
    const first = h.app.createWorker({ pollMs: 20 });
    first.start();
    await waitFor('some synced people', async () => (await h.app.syncLog.countByJob(job.id)).synced >= 8);
    await first.stop();
    const released = await h.app.jobs.get(job.id);
    expect(released).toMatchObject({ status: 'queued', attempts: 0 });
    expect(released?.progress.checkpoint).toBeDefined();
    const before = (await h.app.syncLog.countByJob(job.id)).synced;
    expect(before).toBeLessThan(items.length);

    h.standin.setLatency(0);
    const second = h.app.createWorker({ pollMs: 20 });
    second.start();
    const ended = await waitForJobEnd(h.app, job.id);
    await second.stop();
    expect(ended).toMatchObject({ status: 'succeeded', progress: { done: items.length, failed: 0, total: items.length } });
    const rows: Array<{ post_id: number; n: number }> = await t.db(t.table('tmu_sync_log')).select('post_id').count({ n: '*' }).where({ job_id: job.id }).groupBy('post_id');
    expect(rows).toHaveLength(items.length);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    const requests = detailRequests(h.standin.stats().byPath, 'person');
    expect(items.map((i) => requests.get(i.tmdbId))).toEqual(items.map(() => 1));
  });

  it('starts a job queued in this process at once, without waiting for the next poll', async () => {
    const [id] = freshTmdbIds(1);
    const worker = h.app.createWorker({ pollMs: 60_000 });
    worker.start();
    await new Promise((r) => setTimeout(r, 200)); // the first poll has found nothing and sleeps for a minute
    const queued = (await h.app.jobs.enqueue(syncJob(id))).job;
    try {
      expect((await waitForJobEnd(h.app, queued.id, 10_000)).status).toBe('succeeded');
    } finally {
      await worker.stop();
    }
  });
});
