/**
 * Follow-up work (people details, the rest of imported titles) runs on its own lane: it never holds
 * every job slot, and an import or a bulk queued after it is claimed first.
 */
import { emptyProgress } from '../../src/domain/job';
import { jobInput } from '../../src/domain/job-registry';
import { JobHandler, JobWorker } from '../../src/jobs/job-worker';
import { JobRepository } from '../../src/repositories/job.repository';
import { freshTmdbIds, waitFor } from '../support/jobs-fixtures';
import { describeEachDatabase } from '../support/test-databases';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';

describeEachDatabase('the follow-up lane', (t) => {
  /** Handlers that hold their job until released; `running` lists the job types in progress. */
  function blockingHandlers() {
    const running: string[] = [];
    const waiters: Array<() => void> = [];
    const block = (type: string): JobHandler => ({
      handle: async () => {
        running.push(type);
        await new Promise<void>((resolve) => waiters.push(resolve));
        running.splice(running.indexOf(type), 1);
        return { status: 'succeeded', progress: emptyProgress(1) };
      },
    });
    const release = () => waiters.splice(0).forEach((wake) => wake());
    return { running, release, handlers: { 'people.refresh': block('people.refresh'), 'title.complete': block('title.complete'), import: block('import') } };
  }

  const clearQueue = () => t.db(t.table('tmu_sync_jobs')).whereIn('status', ['queued', 'running']).delete();

  it('keeps a slot free of follow-ups, and the import queued after them takes it', async () => {
    await clearQueue();
    const jobs = new JobRepository(t.db, t.prefix);
    const { running, release, handlers } = blockingHandlers();
    for (const id of freshTmdbIds(3)) await jobs.enqueue(jobInput('people.refresh', { ids: [id] }));
    await jobs.enqueue(jobInput('title.complete', { parent_job: 1, type: 'movie', tmdb_id: freshTmdbIds(1)[0] }));
    const worker = new JobWorker(jobs, handlers, captureLogger('error').logger, { concurrency: 2, pollMs: 20 });
    worker.start();
    try {
      await waitFor('a follow-up running', async () => running.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Four follow-ups queued, two slots: one runs, one slot stays free.
      expect(running).toHaveLength(1);
      await jobs.enqueue(jobInput('import', { items: [{ type: 'movie', tmdb_id: freshTmdbIds(1)[0] }] }));
      await waitFor('the import running', async () => running.includes('import'));
      expect([...running].sort()).toEqual(['import', 'people.refresh']);
    } finally {
      release();
      const releaser = setInterval(release, 20);
      await worker.stop();
      clearInterval(releaser);
    }
  });

  it('leaves a dispatched follow-up (Redis mode) to the poll while the lane is full, and runs a dispatched import', async () => {
    await clearQueue();
    const jobs = new JobRepository(t.db, t.prefix);
    const { running, release, handlers } = blockingHandlers();
    // Started on an empty queue with a long poll: only the dispatched ids below are claimed.
    const worker = new JobWorker(jobs, handlers, captureLogger('error').logger, { concurrency: 2, pollMs: 600_000 });
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const first = await jobs.enqueue(jobInput('people.refresh', { ids: freshTmdbIds(1) }));
    const second = await jobs.enqueue(jobInput('people.refresh', { ids: freshTmdbIds(1) }));
    try {
      const firstRun = worker.runDispatched(first.job.id);
      await waitFor('the first follow-up running', async () => running.length === 1);
      expect(await worker.runDispatched(second.job.id)).toBe(false);
      expect((await jobs.get(second.job.id))?.status).toBe('queued');
      const imported = await jobs.enqueue(jobInput('import', { items: [{ type: 'movie', tmdb_id: freshTmdbIds(1)[0] }] }));
      const importRun = worker.runDispatched(imported.job.id);
      await waitFor('the dispatched import running', async () => running.includes('import'));
      release();
      expect(await firstRun).toBe(true);
      expect(await importRun).toBe(true);
    } finally {
      release();
      await worker.stop();
    }
  });

  it('claims an import or a bulk ahead of older follow-ups', async () => {
    await clearQueue();
    const jobs = new JobRepository(t.db, t.prefix);
    const people = await jobs.enqueue(jobInput('people.refresh', { ids: freshTmdbIds(2) }));
    const bulk = await jobs.enqueue(jobInput('bulk', { types: ['movie'], limit: 1 }));
    expect((await jobs.claimNext('worker-a', 60_000))?.id).toBe(bulk.job.id);
    // A full lane leaves the follow-up where it is.
    expect(await jobs.claimNext('worker-a', 60_000, undefined, ['people.refresh', 'title.complete'])).toBeNull();
    expect((await jobs.claimNext('worker-a', 60_000))?.id).toBe(people.job.id);
  });
});
