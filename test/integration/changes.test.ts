import { runCli } from '../../src/cli/cli';
import type { CliIo } from '../../src/cli/cli-io';
import { changeWindows, lastSuccessKey } from '../../src/services/changes.service';
import type { JobRecord } from '../../src/domain/job';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { detailRequests, freshTmdbIds, seedLibrary, SeededItem, waitForJobEnd } from '../support/jobs-fixtures';

const DAY = 86_400_000;
const KINDS = ['movie', 'tv', 'person'] as const;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

function captureIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false, env };
}

describe('changes windows', () => {
  it('covers since..today in windows of at most 14 days, sharing boundary days', () => {
    expect(changeWindows(new Date('2024-05-01T10:00:00Z'), new Date('2024-05-02T03:00:00Z'))).toEqual([{ startDate: '2024-05-01', endDate: '2024-05-02' }]);
    expect(changeWindows(new Date('2024-05-01T00:00:00Z'), new Date('2024-05-31T00:00:00Z'))).toEqual([
      { startDate: '2024-05-01', endDate: '2024-05-15' },
      { startDate: '2024-05-15', endDate: '2024-05-29' },
      { startDate: '2024-05-29', endDate: '2024-05-31' },
    ]);
    expect(changeWindows(new Date('2024-05-31T08:00:00Z'), new Date('2024-05-31T09:00:00Z'))).toEqual([{ startDate: '2024-05-31', endDate: '2024-05-31' }]);
  });
});

describeEachDatabase('daily changes sync', (t) => {
  let h: SyncHarness;
  let library: SeededItem[];

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { FALLBACK_REFRESH_LIMIT: '12', JOB_CONCURRENCY: '4' } });
    library = await seedLibrary(h.app, 'movie', freshTmdbIds(200));
  });
  afterAll(async () => h?.close());

  async function setLastSuccess(daysAgo: number): Promise<void> {
    for (const kind of KINDS) await h.app.state.set(lastSuccessKey(kind), new Date(Date.now() - daysAgo * DAY).toISOString());
  }

  async function runChangesJob(payload: Record<string, unknown> = {}): Promise<JobRecord> {
    const { job } = await h.app.jobs.enqueue({ type: 'changes', payload, objectKey: `changes:test-${Date.now()}` });
    const worker = h.app.createWorker({ pollMs: 20 });
    try {
      expect(await worker.runJob(job.id)).toBe(true);
    } finally {
      await worker.stop();
    }
    return waitForJobEnd(h.app, job.id);
  }

  it('syncs only the changed ids that are in the library: one detail request each, plus the changes pages', async () => {
    const inLibrary = library.filter((_, i) => i % 20 === 7).map((i) => i.tmdbId);
    expect(inLibrary).toHaveLength(10);
    const elsewhere = freshTmdbIds(20);
    h.standin.setChanges('movie', [...elsewhere.slice(0, 10), ...inLibrary, ...elsewhere.slice(10)]);
    h.standin.setChanges('tv', freshTmdbIds(5));
    h.standin.setChanges('person', []);
    await setLastSuccess(1);
    await h.app.repos.apiCache.set('stale-entry', '{}', 0);
    h.standin.resetStats();

    const job = await runChangesJob();
    expect(job).toMatchObject({ status: 'succeeded', progress: { done: 10, failed: 0, total: 10 } });
    const byPath = h.standin.stats().byPath;
    expect(KINDS.map((k) => byPath[`/3/${k}/changes`])).toEqual([1, 1, 1]);
    const details = detailRequests(byPath, 'movie');
    expect([...details.keys()].sort()).toEqual([...inLibrary].sort());
    expect([...details.values()].every((n) => n === 1)).toBe(true);
    // Everything else under /3/ is the people credited in those ten titles.
    const credited = new Set(
      inLibrary.flatMap((id) => {
        const credits = h.standin.catalogue.movie(id)?.parts.credits as { cast: Array<{ id: number }>; crew: Array<{ id: number }> };
        return [...credits.cast, ...credits.crew].map((c) => c.id);
      }),
    );
    const rest = Object.keys(byPath).filter((p) => p.startsWith('/3/') && !/^\/3\/(movie|tv|person)\/changes$/.test(p) && !details.has(Number(p.split('/')[3])));
    expect(rest.every((p) => /^\/3\/person\/\d+$/.test(p) && credited.has(Number(p.split('/')[3])))).toBe(true);

    const log = await t.db(t.table('tmu_sync_log')).where({ job_id: job.id });
    expect(log.map((r) => Number(r.tmdb_id)).sort()).toEqual([...inLibrary].sort());
    for (const kind of KINDS) expect(await h.app.state.get(lastSuccessKey(kind))).toBe(job.startedAt?.toISOString());
    expect(await h.app.repos.apiCache.getEntry('stale-entry')).toBeNull();
  });

  it('applies tv changes to series and dramas, and person changes to people', async () => {
    const [series] = await seedLibrary(h.app, 'tv', freshTmdbIds(1));
    const [drama] = await seedLibrary(h.app, 'drama', freshTmdbIds(1));
    const [person] = await seedLibrary(h.app, 'person', freshTmdbIds(1));
    h.standin.setChanges('movie', []);
    h.standin.setChanges('tv', [drama.tmdbId, ...freshTmdbIds(3), series.tmdbId]);
    h.standin.setChanges('person', [person.tmdbId, ...freshTmdbIds(2)]);
    await setLastSuccess(2);

    const job = await runChangesJob();
    expect(job).toMatchObject({ status: 'succeeded', progress: { done: 3, total: 3 } });
    const log = await t.db(t.table('tmu_sync_log')).where({ job_id: job.id }).orderBy('post_id');
    expect(log.map((r) => [r.type, Number(r.post_id)])).toEqual([series, drama, person].map((i) => [i.type, i.postId]).sort((a, b) => Number(a[1]) - Number(b[1])));
  });

  it('asks TMDb in windows of at most 14 days for `tmu-sidecar changes --since`', async () => {
    h.standin.setChanges('movie', []);
    h.standin.setChanges('tv', []);
    h.standin.setChanges('person', []);
    h.standin.resetStats();
    const io = captureIo(h.env);
    expect(await runCli(['changes', '--since', isoDay(-20)], io)).toBe(0);
    expect(io.stdout[io.stdout.length - 1]).toMatch(/^changes job \d+ succeeded: 0 synced, 0 failed of 0$/);
    const windows = h.standin
      .requestLog()
      .filter((r) => r.path === '/3/movie/changes')
      .map((r) => [r.query.start_date, r.query.end_date]);
    expect(windows).toEqual([
      [isoDay(-20), isoDay(-6)],
      [isoDay(-6), isoDay(0)],
    ]);

    const bad = captureIo(h.env);
    expect(await runCli(['changes', '--since', isoDay(3)], bad)).toBe(2);
    expect(bad.stderr[0]).toMatch(/--since must not be in the future/);
  });

  it('falls back to a capped refresh by status and age when the last run is 20 days old', async () => {
    // Series synced earlier may be running on TMDb (synthetic data); here only the ones seeded below are.
    for (const table of ['tmu_tv_series', 'tmu_dramas']) await t.db(t.table(table)).update({ finished: '1' });
    const upcoming = await seedLibrary(h.app, 'movie', freshTmdbIds(2), () => ({ release_date: isoDay(30), status: 'Post Production' }));
    const recent = await seedLibrary(h.app, 'movie', freshTmdbIds(2), () => ({ release_date: isoDay(-30) }));
    const running = [
      ...(await seedLibrary(h.app, 'tv', freshTmdbIds(1), () => ({ finished: '0' }))),
      // A series written in the json column format says it is running with 'No'.
      ...(await seedLibrary(h.app, 'drama', freshTmdbIds(1), () => ({ finished: 'No' }))),
    ];
    const priority = [...upcoming, ...recent, ...running];
    await setLastSuccess(20);
    h.standin.resetStats();

    const job = await runChangesJob();
    expect(job.progress).toMatchObject({ total: 12, done: 12, failed: 0 });
    expect(job.progress.log[0]).toMatch(/no successful changes run in the last 14 days: refreshing 12 titles by status and age/);
    const byPath = h.standin.stats().byPath;
    expect(KINDS.map((k) => byPath[`/3/${k}/changes`] ?? 0)).toEqual([0, 0, 0]);
    const synced = new Set((await t.db(t.table('tmu_sync_log')).where({ job_id: job.id })).map((r) => `${r.type}:${Number(r.post_id)}`));
    const missing = (items: SeededItem[]) => items.map((p) => `${p.type}:${p.postId}`).filter((key) => !synced.has(key));
    expect(missing(priority)).toEqual([]);
    // The rest of the cap goes to titles never synced, oldest post first.
    expect(missing(library.filter((_, i) => i % 20 !== 7).slice(0, 12 - priority.length))).toEqual([]);

    // The fallback counts as a successful run: the next one reads the changes lists again.
    h.standin.resetStats();
    const next = await runChangesJob();
    expect(next.status).toBe('succeeded');
    expect(KINDS.map((k) => h.standin.stats().byPath[`/3/${k}/changes`])).toEqual([1, 1, 1]);
  });
});

describeEachDatabase('the first changes run after an import', (t) => {
  let h: SyncHarness;

  beforeEach(async () => {
    h = await startSyncHarness(t, { env: { FALLBACK_REFRESH_LIMIT: '5' } });
    // Each case starts as if no changes run ever succeeded on this database.
    for (const kind of KINDS) await h.app.state.set(lastSuccessKey(kind), '');
  });
  afterEach(async () => h?.close());

  async function runChanges(): Promise<JobRecord> {
    const { job } = await h.app.jobs.enqueue({ type: 'changes', payload: {}, objectKey: `changes:first-${Date.now()}` });
    const worker = h.app.createWorker({ pollMs: 20 });
    try {
      expect(await worker.runJob(job.id)).toBe(true);
    } finally {
      await worker.stop();
    }
    return waitForJobEnd(h.app, job.id);
  }

  it('starts from the oldest sync in the library instead of refreshing what was just imported', async () => {
    const syncedAt = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY);
    const library = await seedLibrary(h.app, 'movie', freshTmdbIds(30), (_, i) => ({ synced_at: syncedAt(i % 2 === 0 ? 3 : 1) }));
    h.standin.setChanges('movie', [library[4].tmdbId, ...freshTmdbIds(3)]);
    h.standin.setChanges('tv', []);
    h.standin.setChanges('person', []);
    h.standin.resetStats();

    const job = await runChanges();
    expect(job).toMatchObject({ status: 'succeeded', progress: { done: 1, total: 1 } });
    const windows = h.standin
      .requestLog()
      .filter((r) => r.path === '/3/movie/changes')
      .map((r) => r.query.start_date);
    expect(windows).toEqual([syncedAt(3).toISOString().slice(0, 10)]);
    expect(detailRequests(h.standin.stats().byPath, 'movie').size).toBe(1);
  });

  it('still refreshes by status and age when a title was never synced by the sidecar', async () => {
    await seedLibrary(h.app, 'movie', freshTmdbIds(3), () => ({ synced_at: new Date(Date.now() - DAY) }));
    await seedLibrary(h.app, 'movie', freshTmdbIds(1));
    h.standin.resetStats();
    const job = await runChanges();
    expect(job.progress.log[0]).toMatch(/no successful changes run in the last 14 days/);
    expect(h.standin.stats().byPath['/3/movie/changes'] ?? 0).toBe(0);
  });
});
