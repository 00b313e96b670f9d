/**
 * Reliability defect 2 (docs/reliability.md): a job whose work hangs (a request stuck after a Redis
 * outage) must not keep its slot and lease for ever, and stop() must end.
 */
import { JobWorker, JobHandler } from '../../src/jobs/job-worker';
import { emptyProgress } from '../../src/domain/job';
import { JobRepository } from '../../src/repositories/job.repository';
import { describeEachDatabase } from '../support/test-databases';
import { waitFor } from '../support/jobs-fixtures';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';
import { migrateToLatest } from '../../src/repositories/database';

/** 'hang' jobs never settle and never report; 'quick' jobs succeed at once. */
function handlers(): Record<string, JobHandler> {
  return {
    hang: { handle: () => new Promise(() => undefined) },
    quick: { handle: async () => ({ status: 'succeeded', progress: { ...emptyProgress(1), done: 1 } }) },
  };
}

describeEachDatabase('job worker: hung attempts and a bounded stop', (t) => {
  let jobs: JobRepository;

  beforeAll(async () => {
    await migrateToLatest(t.db, t.prefix);
    jobs = new JobRepository(t.db, t.prefix);
  });

  it('abandons an attempt with no progress, frees its slot, and retries the job', async () => {
    const log = captureLogger('info');
    const worker = new JobWorker(jobs, handlers(), log.logger, { concurrency: 1, leaseMs: 2_000, pollMs: 20, retryBaseMs: 60_000, stallMs: 600 });
    const hung = (await jobs.enqueue({ type: 'hang', payload: {} })).job;
    const queued = await Promise.all([1, 2, 3].map(async () => (await jobs.enqueue({ type: 'quick', payload: {} })).job));
    worker.start();
    try {
      await waitFor(
        'the queued jobs to run behind the hung one',
        async () => {
          const rows = await t
            .db(t.table('tmu_sync_jobs'))
            .whereIn(
              'id',
              queued.map((j) => j.id),
            )
            .where({ status: 'succeeded' });
          return rows.length === queued.length;
        },
        10_000,
      );
    } finally {
      await worker.stop();
    }
    const row = await jobs.get(hung.id);
    expect(row).toMatchObject({ status: 'queued', leaseOwner: null, error: expect.stringMatching(/job_stalled: no progress/) });
    expect(log.text()).toMatch(/job made no progress/);
  });

  it('stops within its grace period even when a job never ends, and hands the job back', async () => {
    const worker = new JobWorker(jobs, handlers(), captureLogger('silent').logger, {
      concurrency: 1,
      leaseMs: 60_000,
      pollMs: 20,
      stallMs: 600_000,
      stopGraceMs: 500,
    });
    const hung = (await jobs.enqueue({ type: 'hang', payload: {} }, new Date(Date.now() - 1000))).job;
    worker.start();
    await waitFor('the job to run', async () => (await jobs.get(hung.id))?.status === 'running', 5_000);
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await jobs.get(hung.id)).toMatchObject({ status: 'queued', leaseOwner: null });
  });
});
