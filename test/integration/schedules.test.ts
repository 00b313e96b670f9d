import { loadConfig } from '../../src/config/config';
import { readScheduleRecord, Schedules } from '../../src/jobs/schedules';
import type { JobWorker } from '../../src/jobs/job-worker';
import { lastSuccessKey } from '../../src/services/changes.service';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';
import { freshTmdbIds, seedLibrary, waitFor, waitForJobEnd } from '../support/jobs-fixtures';

describe('schedule settings', () => {
  it('names a bad cron expression or time zone', () => {
    expect(() => loadConfig({ CRON_DAILY: '61 3 * * *' })).toThrow(/Invalid CRON_DAILY: not a cron expression/);
    expect(() => loadConfig({ CRON_WEEKLY: 'every sunday' })).toThrow(/Invalid CRON_WEEKLY/);
    expect(() => loadConfig({ CRON_TZ: 'Mars/Olympus' })).toThrow(/Invalid CRON_TZ/);
    expect(loadConfig({ CRON_DAILY: '30 2 * * *', CRON_TZ: 'Europe/Paris' }).cron).toMatchObject({ daily: '30 2 * * *', timezone: 'Europe/Paris' });
  });
});

describeEachDatabase('schedules', (t) => {
  let h: SyncHarness;
  let captured: ReturnType<typeof captureLogger>;
  let worker: JobWorker;

  const schedules = (daily: string) =>
    new Schedules({ jobs: h.app.jobs, state: h.app.state, syncLog: h.app.syncLog, logger: h.app.logger, cron: { daily, weekly: '0 4 * * 0', timezone: 'UTC' } });

  beforeAll(async () => {
    captured = captureLogger('info');
    h = await startSyncHarness(t, { build: { logger: captured.logger } });
    await seedLibrary(h.app, 'movie', freshTmdbIds(3));
    for (const kind of ['movie', 'tv', 'person']) await h.app.state.set(lastSuccessKey(kind as 'movie'), new Date(Date.now() - 3_600_000).toISOString());
    h.standin.setChanges('movie', []);
    h.standin.setChanges('tv', []);
    h.standin.setChanges('person', []);
    worker = h.app.createWorker({ pollMs: 20 });
    worker.start();
  });
  afterAll(async () => {
    await worker?.stop();
    await h?.close();
  });

  it('skips and logs a tick while the last run is still going, then records the run it made', async () => {
    // Each changes list answers after 700 ms: a run lasts over two seconds, the schedule ticks every second.
    h.standin.setLatency(700);
    const every = schedules('* * * * * *');
    await every.start();
    let jobId: number | null;
    try {
      jobId = await waitFor('a scheduled run', async () => (await readScheduleRecord(h.app.state, 'daily')).job_id ?? null, 5_000);
      await waitFor('a skipped tick', async () => (await h.app.syncLog.list({ type: 'schedule:daily', action: 'skipped' })).length > 0, 5_000);
    } finally {
      await every.stop();
      h.standin.setLatency(0);
    }
    const job = await waitForJobEnd(h.app, jobId);
    expect(job).toMatchObject({ type: 'changes', status: 'succeeded', payload: { schedule: 'daily' } });
    expect(await h.app.jobs.list({ type: 'changes' })).toHaveLength(1);

    const skipped = await h.app.syncLog.list({ type: 'schedule:daily', action: 'skipped' });
    expect(skipped[0].message).toMatch(/the previous run( \(job \d+\))? is still/);
    expect(captured.text()).toMatch(/scheduled daily run skipped: the previous run/);
    const record = await waitFor('the run to be recorded', async () => {
      const r = await readScheduleRecord(h.app.state, 'daily');
      return r.result === 'succeeded' ? r : null;
    });
    expect(record).toMatchObject({ job_id: jobId, result: 'succeeded', done: 0, failed: 0, total: 0, cron: '* * * * * *', timezone: 'UTC' });
    expect(Date.parse(record.last_run ?? '')).toBeLessThanOrEqual(Date.parse(record.finished_at ?? ''));
    expect(record.last_skipped_reason).toMatch(/still/);
    const events = (await h.app.syncLog.list({ type: 'schedule:daily', jobId })).map((e) => e.action);
    expect(events).toEqual(expect.arrayContaining(['started', 'succeeded']));
  });

  it('does not start a run while a job of that type is queued or running (another process, a webhook)', async () => {
    const { job: pending } = await h.app.jobs.enqueue({ type: 'refresh', payload: {}, runAt: new Date(Date.now() + 3_600_000) });
    const weekly = schedules('0 3 * * *');
    const fired = await weekly.fire('weekly');
    expect(fired).toEqual({ skipped: true, jobId: pending.id, reason: `the previous run (job ${pending.id}) is still queued` });
    expect(await h.app.jobs.list({ type: 'refresh' })).toHaveLength(1);
    const [skip] = await h.app.syncLog.list({ type: 'schedule:weekly', action: 'skipped' });
    expect(skip).toMatchObject({ jobId: pending.id, message: fired.reason });
    expect(await h.app.jobs.cancel(pending.id)).toBe(true);
  });

  it('keeps the recorded next run when a process without the timers runs a schedule now', async () => {
    const scheduler = schedules('0 3 * * *');
    await scheduler.start();
    await scheduler.stop();
    const next = (await readScheduleRecord(h.app.state, 'daily')).next_run;
    expect(Date.parse(next ?? '')).toBeGreaterThan(Date.now());
    const httpProcess = schedules('0 3 * * *');
    const fired = await httpProcess.fire('daily');
    expect(fired.skipped).toBe(false);
    expect(await readScheduleRecord(h.app.state, 'daily')).toMatchObject({ job_id: fired.jobId, result: 'queued', next_run: next });
    await waitForJobEnd(h.app, fired.jobId as number);
  });

  it('runs the weekly full refresh over every type and records its counts and next run', async () => {
    const weekly = schedules('0 3 * * *');
    await weekly.start();
    try {
      const next = (await readScheduleRecord(h.app.state, 'weekly')).next_run;
      expect(Date.parse(next ?? '')).toBeGreaterThan(Date.now());
      const fired = await weekly.fire('weekly');
      expect(fired.skipped).toBe(false);
      const job = await waitForJobEnd(h.app, fired.jobId as number);
      expect(job).toMatchObject({ type: 'refresh', status: 'succeeded', progress: { done: 3, failed: 0, total: 3 } });
    } finally {
      await weekly.stop();
    }
    const record = await waitFor('the weekly record', async () => {
      const r = await readScheduleRecord(h.app.state, 'weekly');
      return r.result === 'succeeded' ? r : null;
    });
    expect(record).toMatchObject({ done: 3, failed: 0, total: 3, message: 'succeeded: 3 synced, 0 failed of 3' });
    const rows = await t.db(t.table('tmu_movies')).whereNotNull('synced_at');
    expect(rows).toHaveLength(3);
  });
});
