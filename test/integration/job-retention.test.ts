/**
 * Ended jobs and log rows are deleted by the daily run once older than
 * JOB_RETENTION_DAYS; a queued or running job and the log rows a resumed job
 * reads are kept. Before, nothing ever deleted from either table.
 */
import { Schedules } from '../../src/jobs/schedules';
import { JobRepository } from '../../src/repositories/job.repository';
import { SyncLogRepository } from '../../src/repositories/sync-log.repository';
import { SyncStateRepository } from '../../src/repositories/sync-state.repository';
import { describeEachDatabase } from '../support/test-databases';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';
import { freshTmdbIds } from '../support/jobs-fixtures';

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

describeEachDatabase('job and log retention', (t) => {
  let jobs: JobRepository;
  let syncLog: SyncLogRepository;

  const schedules = (retentionDays?: number) =>
    new Schedules({
      jobs,
      syncLog,
      state: new SyncStateRepository(t.db, t.prefix),
      logger: captureLogger('info').logger,
      cron: { daily: '0 3 * * *', weekly: '0 4 * * 0', timezone: 'UTC' },
      retentionDays,
    });

  /** A sync job in `status`, created and (when it ended) finished `age` days ago. */
  const job = async (status: string, age: number, extra: Record<string, unknown> = {}): Promise<number> => {
    const [tmdbId] = freshTmdbIds(1);
    const { job: created } = await jobs.enqueue({ type: 'sync', payload: { type: 'movie', tmdb_id: tmdbId }, objectKey: `movie:${tmdbId}` });
    const ended = !['queued', 'running'].includes(status);
    await t
      .db(t.table('tmu_sync_jobs'))
      .where({ id: created.id })
      .update({ status, queued_key: null, created_at: daysAgo(age), finished_at: ended ? daysAgo(age) : null, ...extra });
    return created.id;
  };
  const logRow = async (jobId: number | null, age: number): Promise<number> => {
    await syncLog.add({ jobId, type: 'movie', tmdbId: 550, postId: null, action: 'synced', message: null, at: daysAgo(age) });
    const [row] = await t.db(t.table('tmu_sync_log')).max({ id: 'id' });
    return Number(row.id);
  };
  const jobIds = async () => (await t.db(t.table('tmu_sync_jobs')).select('id')).map((r) => Number(r.id));
  const logIds = async () => (await t.db(t.table('tmu_sync_log')).select('id')).map((r) => Number(r.id));

  beforeAll(() => {
    jobs = new JobRepository(t.db, t.prefix);
    syncLog = new SyncLogRepository(t.db, t.prefix);
  });

  it('the daily run deletes ended jobs and log rows past the retention, and keeps what a job still needs', async () => {
    const oldSucceeded = await job('succeeded', 40);
    const oldFailed = await job('failed', 31);
    const oldCancelled = await job('cancelled', 45);
    const recentSucceeded = await job('succeeded', 5);
    const oldQueued = await job('queued', 60);
    const oldRunning = await job('running', 50, { running_key: 'movie:running', lease_owner: 'worker-a', lease_expires_at: new Date(Date.now() + 60_000) });
    const heldCancel = await job('cancelled', 40, { lease_owner: 'worker-b', lease_expires_at: new Date(Date.now() + 60_000) });
    const logOfEnded = await logRow(oldSucceeded, 40);
    const logOfRunning = await logRow(oldRunning, 45);
    const logOfQueued = await logRow(oldQueued, 45);
    const logOfNoJob = await logRow(null, 35);
    const recentLog = await logRow(recentSucceeded, 5);

    const fired = await schedules(30).fire('daily');

    const keptJobs = await jobIds();
    for (const id of [oldSucceeded, oldFailed, oldCancelled]) expect(keptJobs).not.toContain(id);
    expect(keptJobs).toEqual(expect.arrayContaining([recentSucceeded, oldQueued, oldRunning, heldCancel, fired.jobId as number]));
    const keptLog = await logIds();
    for (const id of [logOfEnded, logOfNoJob]) expect(keptLog).not.toContain(id);
    expect(keptLog).toEqual(expect.arrayContaining([logOfRunning, logOfQueued, recentLog]));
  });

  it('deletes every old ended job, and nothing when no retention is set', async () => {
    const old = await Promise.all(Array.from({ length: 12 }, () => job('succeeded', 90)));
    for (const id of old) await logRow(id, 90);
    expect(await schedules(undefined).pruneHistory()).toBeNull();
    expect(await jobIds()).toEqual(expect.arrayContaining(old));

    const pruned = await schedules(7).pruneHistory();
    expect(pruned?.jobs).toBeGreaterThanOrEqual(12);
    expect(pruned?.logRows).toBeGreaterThanOrEqual(12);
    expect((await jobIds()).filter((id) => old.includes(id))).toEqual([]);
  });
});
