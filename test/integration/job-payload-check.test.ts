/**
 * The worker checks a stored payload against the job registry before its handler runs:
 * the handler gets the typed payload, and a payload the registry refuses fails the job
 * without reaching the handler (a row written by an older version, or by hand).
 */
import { emptyProgress } from '../../src/domain/job';
import type { SyncPayload } from '../../src/domain/job-payloads';
import { JobHandler, JobWorker } from '../../src/jobs/job-worker';
import { JobRepository } from '../../src/repositories/job.repository';
import { tmdbId } from '../support/factories';
import { describeEachDatabase } from '../support/test-databases';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';

describeEachDatabase('job payloads checked by the worker', (t) => {
  function setup() {
    const seen: SyncPayload[] = [];
    const sync: JobHandler<SyncPayload> = {
      handle: async (_job, _context, payload) => {
        seen.push(payload);
        return { status: 'succeeded', progress: emptyProgress(1) };
      },
    };
    const jobs = new JobRepository(t.db, t.prefix);
    const worker = new JobWorker(jobs, { sync }, captureLogger('error').logger, { concurrency: 1, retryBaseMs: 60_000 });
    return { jobs, worker, seen };
  }

  it('hands the handler the payload as the registry parsed it', async () => {
    const { jobs, worker, seen } = setup();
    const id = tmdbId();
    const { job } = await jobs.enqueue({ type: 'sync', payload: { type: 'tv', tmdb_id: id, options: { seasons: [1, 2] } } });
    expect(await worker.runJob(job.id)).toBe(true);
    expect(seen).toEqual([{ type: 'tv', tmdb_id: id, options: { seasons: [1, 2] } }]);
    expect(await jobs.get(job.id)).toMatchObject({ status: 'succeeded' });
  });

  it('fails a job whose stored payload the registry refuses, without calling its handler or retrying it', async () => {
    const { jobs, worker, seen } = setup();
    const { job } = await jobs.enqueue({ type: 'sync', payload: { type: 'film', tmdb_id: tmdbId() } });
    expect(await worker.runJob(job.id)).toBe(true);
    expect(seen).toEqual([]);
    const stored = await jobs.get(job.id);
    expect(stored).toMatchObject({ status: 'failed', attempts: 1 });
    expect(stored?.error).toMatch(/^invalid payload: /);
  });
});
