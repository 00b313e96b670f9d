/**
 * Tools → Sync activity on the whole product (WordPress 6.1 + plugin, MariaDB, the sidecar's HTTP API
 * and worker, the TMDb stand-in, headless Chromium): jobs with their filters, the log, the schedules,
 * and who may see it. The library holds what admin-activity leaves behind: seeded movies, a failed
 * show, a finished bulk sync of every movie and a cancelled one. Screenshots land in test-artifacts/.
 */
import { Page } from 'playwright-core';
import { Schedules } from '../../src/jobs/schedules';
import { tmdbId } from '../support/factories';
import {
  ACTIVITY,
  ActivityLibrary,
  ActivityStack,
  fetchAdminHtml,
  GONE_TV_ID,
  missingTablesPagePhp,
  PER_PAGE,
  QUICK,
  SEEDED_MOVIES,
  startActivityStack,
  tableRows,
  totalOf,
  utcDay,
} from './support/admin-activity-fixtures';
import { saveScreenshot } from './support/browser';
import { FullStack } from './support/full-stack';
import { pluginLogLines } from './support/plugin-site';

jest.setTimeout(900_000);

describe('admin: the Sync activity page', () => {
  let activityStack: ActivityStack | undefined;
  let s: FullStack;
  let cookie: string;
  let prefix: string;
  let movies: ActivityLibrary['movies'];
  let failedTv: ActivityLibrary['failedTv'];
  let bulkJobId: number;
  let cancelledBulkJobId: number;
  let page: Page;

  const adminHtml = (pathAndQuery: string, as = cookie) => fetchAdminHtml(s, as, pathAndQuery);

  async function activity(query: Record<string, string | number> = {}): Promise<string> {
    const qs = Object.entries(query)
      .map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('');
    const page = await adminHtml(`${ACTIVITY}${qs}`);
    expect(page.status).toBe(200);
    return page.html;
  }

  beforeAll(async () => {
    activityStack = await startActivityStack({
      wpPort: 18225,
      sidecarPort: 18925,
      dbName: `tmu_e2e_activity_log_${process.pid}`,
      prepare: async (started) => {
        s = started;
        // One more movie, as admin-activity's debounce test leaves one: the bulk syncs SEEDED_MOVIES + 1.
        const extra = await s.api('POST', '/tmu/v1/import', { body: { type: 'movie', tmdb_id: tmdbId(), options: QUICK } });
        expect(await s.waitForJob(extra.body.job_id)).toMatchObject({ status: 'succeeded' });
        // A bulk sync of the movies, as the Bulk sync panel starts it, and one cancelled before it ran.
        const bulk = await s.api('POST', '/tmu/v1/bulk', { body: { types: ['movie'], options: { images: false, videos: false, credits: false, seasons: false } } });
        expect(bulk.status).toBe(202);
        bulkJobId = bulk.body.job_id;
        expect(await s.waitForJob(bulkJobId)).toMatchObject({ status: 'succeeded' });
        const { job } = await s.app.jobs.enqueue({ type: 'bulk', payload: { types: ['movie'] }, runAt: new Date(Date.now() + 3_600_000) });
        cancelledBulkJobId = job.id;
        await s.app.jobs.cancel(job.id);
      },
    });
    ({ cookie, movies, failedTv } = activityStack);
    prefix = s.wp.tablePrefix;
    page = activityStack.admin.page;
  });
  afterAll(() => activityStack?.admin.close());

  describe('Tools → Sync activity', () => {
    let scheduledJobId: number;

    beforeAll(async () => {
      // One daily run, as node-cron would start it: TMDb lists the first movie as changed since yesterday.
      for (const kind of ['movie', 'tv', 'person'] as const) await s.app.state.set(`changes.${kind}.last_success`, new Date(Date.now() - 86_400_000).toISOString());
      s.standin.setChanges('movie', [movies[0].tmdbId]);
      s.standin.setChanges('tv', []);
      s.standin.setChanges('person', []);
      // Registered like serve does (so the next run is known), fired by hand instead of at 03:00.
      const schedules = new Schedules({ jobs: s.app.jobs, state: s.app.state, syncLog: s.app.syncLog, logger: s.app.logger, cron: s.app.config.cron });
      await schedules.start();
      const fired = await schedules.fire('daily').finally(() => schedules.stop());
      expect(fired.skipped).toBe(false);
      scheduledJobId = fired.jobId as number;
      expect(await s.waitForJob(scheduledJobId)).toMatchObject({ status: 'succeeded' });
    });

    it('lists every job, and filters them by status, type and date range', async () => {
      const all = await activity();
      expect(all).toContain('<h1>Sync activity</h1>');
      expect(all).not.toContain('id="tmu-activity-missing-tables"');
      const [{ n }] = await s.app.db(`${prefix}tmu_sync_jobs`).count({ n: '*' });
      expect(totalOf(all)).toBe(Number(n));
      const firstPage = tableRows(all, 'tmu-activity-jobs');
      expect(firstPage).toHaveLength(Math.min(Number(n), PER_PAGE));
      expect(firstPage.map((r) => Number(r['data-job-id']))).toEqual([...firstPage.map((r) => Number(r['data-job-id']))].sort((a, b) => b - a));
      expect(firstPage.find((r) => Number(r['data-job-id']) === bulkJobId)).toMatchObject({ 'data-status': 'succeeded', 'data-type': 'bulk' });
      expect(firstPage.find((r) => Number(r['data-job-id']) === scheduledJobId)).toMatchObject({ 'data-status': 'succeeded', 'data-type': 'changes' });
      // Many-item jobs show what they cover.
      const bulkRow = all.slice(all.indexOf(`data-job-id="${bulkJobId}"`), all.indexOf('</tr>', all.indexOf(`data-job-id="${bulkJobId}"`)));
      // The Target cell (WP_List_Table names each cell by its column).
      expect(bulkRow).toMatch(/<td class='target column-target'[^>]*>\s*movie\s*<\/td>/);
      expect(bulkRow).toContain(`${SEEDED_MOVIES + 1} synced, 0 failed of ${SEEDED_MOVIES + 1}`);

      const failed = await activity({ status: 'failed' });
      const failedRows = tableRows(failed, 'tmu-activity-jobs');
      expect(failedRows.map((r) => Number(r['data-job-id']))).toEqual([failedTv.jobId]);
      expect(failed).toContain(`TMDb has no GET /tv/${GONE_TV_ID}`);

      const bulk = tableRows(await activity({ type: 'bulk' }), 'tmu-activity-jobs');
      expect(bulk.every((r) => r['data-type'] === 'bulk')).toBe(true);
      expect(bulk.map((r) => Number(r['data-job-id']))).toEqual(expect.arrayContaining([bulkJobId, cancelledBulkJobId]));
      const cancelledBulk = tableRows(await activity({ type: 'bulk', status: 'cancelled' }), 'tmu-activity-jobs');
      expect(cancelledBulk.map((r) => Number(r['data-job-id']))).toContain(cancelledBulkJobId);
      expect(cancelledBulk.map((r) => Number(r['data-job-id']))).not.toContain(bulkJobId);

      const today = await activity({ from: utcDay(0), to: utcDay(0) });
      expect(totalOf(today)).toBe(Number(n));
      const tomorrow = await activity({ from: utcDay(1) });
      expect(totalOf(tomorrow)).toBe(0);
      expect(tableRows(tomorrow, 'tmu-activity-jobs')).toHaveLength(0);
      expect(tomorrow).toContain('No jobs match.');
      expect(totalOf(await activity({ to: utcDay(-1) }))).toBe(0);

      // Unknown values are dropped, never echoed.
      const hostile = await activity({ status: '<script>alert(1)</script>', type: '"><b>x', from: '2024-13-45' });
      expect(totalOf(hostile)).toBe(Number(n));
      expect(hostile).not.toContain('<script>alert(1)');
      expect(hostile).not.toContain('"><b>x');
    });

    it('lists log entries by job, action and type, paginated and escaped', async () => {
      const bulkLog = await activity({ view: 'log', job: bulkJobId });
      const rows = tableRows(bulkLog, 'tmu-activity-log');
      expect(rows).toHaveLength(SEEDED_MOVIES + 1);
      expect(rows.every((r) => Number(r['data-job-id']) === bulkJobId && r['data-action'] === 'synced' && r['data-type'] === 'movie')).toBe(true);
      for (const movie of movies) expect(bulkLog).toContain(`movie ${movie.tmdbId} `);
      expect(bulkLog).toContain(`post.php?post=${movies[0].postId}&#038;action=edit`);

      expect(tableRows(await activity({ view: 'log', job: bulkJobId, log_action: 'failed' }), 'tmu-activity-log')).toHaveLength(0);

      const scheduleLog = tableRows(await activity({ view: 'log', type: 'schedule:daily' }), 'tmu-activity-log');
      expect(scheduleLog.map((r) => r['data-action']).sort()).toEqual(['started', 'succeeded']);

      // 25 entries of one job: two pages, and messages are text, not markup.
      const jobId = 900_000 + (process.pid % 1000);
      for (let i = 0; i < PER_PAGE + 5; i += 1) {
        await s.app.syncLog.add({
          jobId,
          type: 'movie',
          tmdbId: tmdbId(),
          postId: null,
          action: 'failed',
          message: i === 0 ? '<img src=x onerror=alert(1)> broke' : `item ${i}`,
        });
      }
      const first = await activity({ view: 'log', job: jobId });
      expect(totalOf(first)).toBe(PER_PAGE + 5);
      expect(tableRows(first, 'tmu-activity-log')).toHaveLength(PER_PAGE);
      expect(first).toMatch(/class="next page-numbers" href="[^"]*paged=2/);
      const second = await activity({ view: 'log', job: jobId, paged: 2 });
      expect(tableRows(second, 'tmu-activity-log')).toHaveLength(5);
      expect(second).toContain('&lt;img src=x onerror=alert(1)&gt; broke');
      expect(second).not.toContain('<img src=x');
    });

    it('shows each schedule with its next run, and the last run with its result and counts', async () => {
      const html = await activity();
      const schedules = tableRows(html, 'tmu-activity-schedules');
      expect(schedules.map((r) => r['data-schedule']).sort()).toEqual(['daily', 'weekly']);
      expect(schedules.find((r) => r['data-schedule'] === 'daily')?.['data-result']).toBe('succeeded');
      expect(schedules.find((r) => r['data-schedule'] === 'weekly')?.['data-result']).toBe('');

      const daily = html.slice(html.indexOf('data-schedule="daily"'), html.indexOf('</tr>', html.indexOf('data-schedule="daily"')));
      expect(daily).toContain('Daily incremental sync');
      expect(daily).toContain('1 synced, 0 failed of 1');
      expect(daily).toContain(`job=${scheduledJobId}`);
      // Last run and next run, as <time> elements.
      const times = [...daily.matchAll(/<time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1]));
      expect(times.some((t) => Math.abs(t - Date.now()) < 10 * 60_000)).toBe(true);
      expect(times.some((t) => t > Date.now())).toBe(true);
      const weekly = html.slice(html.indexOf('data-schedule="weekly"'), html.indexOf('</tr>', html.indexOf('data-schedule="weekly"')));
      expect(weekly).toContain('Never run');
      expect([...weekly.matchAll(/<time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1])).some((t) => t > Date.now())).toBe(true);
      expect(html).toMatch(/id="tmu-activity-changes"/);
    });

    it('renders in a browser: schedules, jobs and the log of one job', async () => {
      await page.goto(`${s.wp.url}${ACTIVITY}`, { waitUntil: 'domcontentloaded' });
      await page.locator('#tmu-activity-jobs').waitFor();
      await page.selectOption('#tmu-activity-type', 'bulk');
      await page.click('#tmu-activity-filter');
      await page.waitForURL(/type=bulk/);
      const types = await page.locator('#tmu-activity-jobs tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
      expect(types.length).toBeGreaterThanOrEqual(2);
      expect(new Set(types)).toEqual(new Set(['bulk']));
      await saveScreenshot(page, 'sync-activity-jobs');
      await page.click(`#tmu-activity-jobs tr[data-job-id="${bulkJobId}"] a`);
      // The whole page, not just the table's start: on a busy machine the rows were counted while PHP still streamed them.
      await page.waitForURL(new RegExp(`job=${bulkJobId}\\b`), { waitUntil: 'load' });
      await page.locator('#tmu-activity-log').waitFor();
      expect(await page.locator('#tmu-activity-log tbody tr').count()).toBe(SEEDED_MOVIES + 1);
      await saveScreenshot(page, 'sync-activity-log');
    });

    it('is for administrators only, and says when the sidecar has not created its tables', async () => {
      const editor = await s.wp.createUser('activity-editor-2', 'editor');
      const editorCookie = await s.wp.login(editor.username, editor.password);
      const denied = await adminHtml(ACTIVITY, editorCookie);
      expect(denied.status).toBe(403);
      expect(denied.html).not.toContain('tmu-activity-jobs');

      // The page against a prefix whose tables the sidecar never created.
      const html = await s.wp.runPhp(missingTablesPagePhp(s.wp.admin.id));
      expect(html).toContain('id="tmu-activity-missing-tables"');
      expect(html).toContain('has not run its migrations');
      expect(html).toContain('nomigrations_tmu_sync_jobs, nomigrations_tmu_sync_log, nomigrations_tmu_sync_state');
      expect(html).not.toContain('id="tmu-activity-jobs"');
    });
  });

  it('logged no PHP warnings or notices from the plugin', () => {
    const lines = pluginLogLines(s.wp);
    expect(lines).toEqual([]);
  });
});
