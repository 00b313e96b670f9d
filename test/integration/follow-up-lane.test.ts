/**
 * Follow-up work (people details, the rest of imported titles) runs on its own lane of followUpSlots
 * beside the other job slots: it never holds a slot an import needs, and an import or a bulk queued
 * after it is claimed first.
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

  it('runs follow-ups in slots of their own beside the other slots, which they never take', async () => {
    await clearQueue();
    const jobs = new JobRepository(t.db, t.prefix);
    const { running, release, handlers } = blockingHandlers();
    for (const id of freshTmdbIds(4)) await jobs.enqueue(jobInput('people.refresh', { ids: [id] }));
    const worker = new JobWorker(jobs, handlers, captureLogger('error').logger, { concurrency: 1, followUpSlots: 3, pollMs: 20 });
    worker.start();
    try {
      await waitFor('three follow-ups running', async () => running.length === 3);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Four follow-ups queued: three run in their own lane, and the one other slot stays free for an import.
      expect(running).toEqual(['people.refresh', 'people.refresh', 'people.refresh']);
      await jobs.enqueue(jobInput('import', { items: [{ type: 'movie', tmdb_id: freshTmdbIds(1)[0] }] }));
      await waitFor('the import running', async () => running.includes('import'));
      expect(running.filter((type) => type === 'people.refresh')).toHaveLength(3);
    } finally {
      release();
      const releaser = setInterval(release, 20);
      await worker.stop();
      clearInterval(releaser);
    }
  });

  it('takes one follow-up at a time while an import runs, and fills its slots once the import ended', async () => {
    await clearQueue();
    const jobs = new JobRepository(t.db, t.prefix);
    const { running, release, handlers } = blockingHandlers();
    let endImport = () => {};
    const importDone = new Promise<void>((resolve) => (endImport = resolve));
    const importing: JobHandler = {
      handle: async () => {
        running.push('import');
        await importDone;
        running.splice(running.indexOf('import'), 1);
        return { status: 'succeeded', progress: emptyProgress(1) };
      },
    };
    await jobs.enqueue(jobInput('import', { items: [{ type: 'movie', tmdb_id: freshTmdbIds(1)[0] }] }));
    for (const id of freshTmdbIds(4)) await jobs.enqueue(jobInput('people.refresh', { ids: [id] }));
    const worker = new JobWorker(jobs, { ...handlers, import: importing }, captureLogger('error').logger, { concurrency: 1, followUpSlots: 3, pollMs: 20 });
    worker.start();
    try {
      await waitFor('the import and a follow-up running', async () => running.length === 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The import's pages keep the machine: one follow-up beside it, not three.
      expect([...running].sort()).toEqual(['import', 'people.refresh']);
      endImport();
      await waitFor('three follow-ups running', async () => running.length === 3);
      expect(running).toEqual(['people.refresh', 'people.refresh', 'people.refresh']);
    } finally {
      endImport();
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

  it('runs every dispatched import even when more arrive at once than there are slots, never more at once than the slots', async () => {
    await clearQueue();
    const jobs = new JobRepository(t.db, t.prefix);
    const { running, release, handlers } = blockingHandlers();
    let peak = 0;
    const counting: JobHandler = {
      handle: async (job, context, payload) => {
        peak = Math.max(peak, running.length + 1);
        return handlers.import.handle(job, context, payload);
      },
    };
    const worker = new JobWorker(jobs, { ...handlers, import: counting }, captureLogger('error').logger, { concurrency: 2, pollMs: 600_000 });
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const imports = [];
    for (const id of freshTmdbIds(4)) imports.push(await jobs.enqueue(jobInput('import', { items: [{ type: 'movie', tmdb_id: id }] })));
    // Four announcements at once, as a dispatch consumer delivers them: the two that find no slot wait for one.
    const runs = imports.map((queued) => worker.runDispatched(queued.job.id));
    let releaser: NodeJS.Timeout | undefined;
    try {
      await waitFor('two dispatched imports running', async () => running.length === 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(running).toHaveLength(2);
      releaser = setInterval(release, 50);
      expect(await Promise.all(runs)).toEqual([true, true, true, true]);
      expect(peak).toBeLessThanOrEqual(2);
    } finally {
      clearInterval(releaser);
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
