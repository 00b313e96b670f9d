/**
 * At LOG_LEVEL=info a worker writes one structured line when a job starts and one
 * when it ends or fails, with job id, type, target, attempt and duration, and no secrets.
 */
import { AppError, TmdbUnavailableError } from '../../src/errors';
import { JobHandler, JobWorker } from '../../src/jobs/job-worker';
import { emptyProgress } from '../../src/domain/job';
import { JobRepository } from '../../src/repositories/job.repository';
import { describeEachDatabase } from '../support/test-databases';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';

const SECRET_KEY = 'k3y-0f-the-operator-1234567890';

const handlers: Record<string, JobHandler> = {
  sync: { handle: async () => ({ status: 'succeeded', progress: emptyProgress(1) }) },
  refused: {
    handle: async () => {
      throw new AppError('tmdb_auth', `GET https://api.test/3/movie/550?api_key=${SECRET_KEY} was refused (key ${SECRET_KEY})`);
    },
  },
  flaky: {
    handle: async () => {
      throw new TmdbUnavailableError('TMDb answered 503');
    },
  },
};

describeEachDatabase('job log lines at info', (t) => {
  /** Enqueues one job and runs it with a worker whose logger knows the secret, as the real one does. */
  async function runOne(type: string, objectKey: string | null, payload: Record<string, unknown> = {}) {
    const jobs = new JobRepository(t.db, t.prefix);
    const log = captureLogger('info', [SECRET_KEY]);
    const worker = new JobWorker(jobs, handlers, log.logger, { concurrency: 1, retryBaseMs: 60_000 });
    const { job } = await jobs.enqueue({ type, payload, objectKey });
    expect(await worker.runJob(job.id)).toBe(true);
    return { id: job.id, lines: log.lines().filter((l) => l.job === job.id), text: log.text() };
  }

  it('logs a start line and an end line with id, type, target, attempt and duration', async () => {
    const { id, lines } = await runOne('sync', 'movie:550', { type: 'movie', tmdb_id: 550 });
    expect(lines.map((l) => l.msg)).toEqual(['job started', 'job ended']);
    const [start, end] = lines;
    expect(start).toMatchObject({ level: 30, job: id, type: 'sync', target: 'movie:550', attempt: 1 });
    expect(start.duration_ms).toBeUndefined();
    expect(end).toMatchObject({ level: 30, job: id, type: 'sync', target: 'movie:550', attempt: 1, status: 'succeeded' });
    expect(end.duration_ms).toEqual(expect.any(Number));
    expect(end.duration_ms as number).toBeGreaterThanOrEqual(0);
  });

  it('names a keyword discovery by its keyword when it has no object key', async () => {
    const { lines } = await runOne('sync', null, { keyword: 'time travel', random: true });
    expect(lines[0]).toMatchObject({ msg: 'job started', target: 'keyword:time travel' });
  });

  it('logs a failure at error level with its duration, and without the secret', async () => {
    const { lines, text } = await runOne('refused', 'movie:550');
    expect(lines.map((l) => l.msg)).toEqual(['job started', 'job failed']);
    expect(lines[1]).toMatchObject({ level: 50, type: 'refused', target: 'movie:550', attempt: 1, duration_ms: expect.any(Number) });
    expect(String(lines[1].err)).toContain('was refused');
    expect(text).not.toContain(SECRET_KEY);
  });

  it('logs a retryable failure as a warning naming the attempt', async () => {
    const { lines } = await runOne('flaky', 'tv:1399');
    expect(lines.map((l) => l.msg)).toEqual(['job started', 'job failed; it will be retried']);
    expect(lines[1]).toMatchObject({ level: 40, type: 'flaky', target: 'tv:1399', attempt: 1, duration_ms: expect.any(Number) });
    expect(String(lines[1].err)).toContain('503');
  });
});
