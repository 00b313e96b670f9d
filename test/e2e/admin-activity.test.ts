/**
 * The admin side of durable jobs on the whole product (WordPress 6.1 + plugin, MariaDB, the
 * sidecar's HTTP API and worker, the TMDb stand-in): auto-sync debounce, the cancel route,
 * the Bulk sync panel in headless Chromium, Tools → Sync activity and the "Last synced" column.
 * Screenshots land in test-artifacts/.
 */
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Schedules } from '../../src/jobs/schedules';
import { tmdbId } from '../support/factories';
import { FIRST_MISSING_ID } from '../../src/demo/tmdb-standin/synthetic-ids';
import { launchBrowser, logIn, openAdmin, saveScreenshot } from './support/browser';
import { FullStack, startFullStack } from './support/full-stack';
import { basicAuth, WordPressUser } from './support/wordpress-stack';

jest.setTimeout(900_000);

/** Fast syncs: details only. */
const QUICK = { images: false, videos: false, credits: false };
const SEEDED_MOVIES = 4;
const ACTIVITY = '/wp-admin/tools.php?page=tmu-sync-activity';
const SETTINGS_PAGE = 'options-general.php?page=tmu-sidecar';
const STEP_TIMEOUT = 120_000;
const PER_PAGE = 20;
/** A TMDb id the stand-in answers 404 for. */
const GONE_TV_ID = FIRST_MISSING_ID + 7;

type Attributes = Record<string, string>;

function attributes(tag: string): Attributes {
  const out: Attributes = {};
  for (const m of tag.matchAll(/([\w-]+)="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

/** The attributes of each body row (<tr data-...>) of the table with this id. */
function tableRows(html: string, id: string): Attributes[] {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no table #${id} in the page`);
  const table = html.slice(start, html.indexOf('</table>', start));
  return [...table.matchAll(/<tr (data-[^>]*)>/g)].map((m) => attributes(m[1]));
}

function totalOf(html: string): number {
  const m = /id="tmu-activity-total" data-total="(\d+)"/.exec(html);
  if (!m) throw new Error('no #tmu-activity-total in the page');
  return Number(m[1]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('admin: sync activity, bulk sync and the Last synced column', () => {
  let s: FullStack;
  let cookie: string;
  let prefix: string;
  const movies: Array<{ tmdbId: number; postId: number; jobId: number }> = [];
  let failedTv: { postId: number; jobId: number };
  let neverSyncedPersonId: number;
  let debouncedMovieId: number;
  let bulkJobId: number;
  let cancelledBulkJobId: number;
  let browser: Browser | undefined;
  let page: Page;

  async function adminHtml(pathAndQuery: string, as = cookie): Promise<{ status: number; html: string }> {
    const res = await fetch(`${s.wp.url}${pathAndQuery}`, { headers: { Cookie: as }, redirect: 'manual' });
    return { status: res.status, html: await res.text() };
  }

  async function activity(query: Record<string, string | number> = {}): Promise<string> {
    const qs = Object.entries(query)
      .map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('');
    const page = await adminHtml(`${ACTIVITY}${qs}`);
    expect(page.status).toBe(200);
    return page.html;
  }

  async function postIdFor(type: string, id: number): Promise<number> {
    const found = await s.api('GET', `/wp/v2/${type}`, { query: { tmdb_id: id, status: 'any', context: 'edit' } });
    expect(found.status).toBe(200);
    expect(found.body).toHaveLength(1);
    return found.body[0].id;
  }

  async function syncJobsForPost(postId: number): Promise<Array<{ id: number; status: string }>> {
    const rows: Array<{ id: number; status: string; payload: string }> = await s.app.db(`${prefix}tmu_sync_jobs`).where({ type: 'sync' }).orderBy('id');
    return rows.filter((r) => JSON.parse(r.payload).post_id === postId).map((r) => ({ id: Number(r.id), status: r.status }));
  }

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18091, sidecarPort: 18791, dbName: `tmu_e2e_activity_${process.pid}` });
    prefix = s.wp.tablePrefix;
    cookie = await s.wp.login();

    // A few titles in the library, imported the way the admin screens do.
    const ids = Array.from({ length: SEEDED_MOVIES }, () => tmdbId());
    const queued = await Promise.all(ids.map((id) => s.api('POST', '/tmu/v1/import', { body: { type: 'movie', tmdb_id: id, options: QUICK } })));
    for (const [index, answer] of queued.entries()) {
      expect(answer.status).toBe(202);
      expect(await s.waitForJob(answer.body.job_id)).toMatchObject({ status: 'succeeded' });
      movies.push({ tmdbId: ids[index], postId: await postIdFor('movie', ids[index]), jobId: answer.body.job_id });
    }

    // A TV show whose TMDb id does not exist: its sync fails and leaves tmu_last_error.
    const tv = await s.api('POST', '/wp/v2/tv', { body: { title: 'Gone show', status: 'publish', meta: { tmdb_id: GONE_TV_ID } } });
    expect(tv.status).toBe(201);
    const tvSync = await s.api('POST', '/tmu/v1/sync', { body: { post_id: tv.body.id, options: QUICK } });
    expect(tvSync.status).toBe(202);
    expect(await s.waitForJob(tvSync.body.job_id)).toMatchObject({ status: 'failed' });
    failedTv = { postId: tv.body.id, jobId: tvSync.body.job_id };

    const person = await s.api('POST', '/wp/v2/people', { body: { title: 'Nobody Synced', status: 'publish' } });
    expect(person.status).toBe(201);
    neverSyncedPersonId = person.body.id;
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await s?.close();
  });

  it('sends one sync for a burst of saves of the same post (30 s debounce), and syncs again after the window', async () => {
    // Each save is its own PHP process, as editor saves are; the filter prints every webhook the save sends.
    const save = (code: string) =>
      s.wp.runPhp(`
wp_set_current_user( ${s.wp.admin.id} );
add_filter( 'pre_http_request', static function ( $pre, $args, $url ) {
	if ( str_contains( (string) $url, '/webhooks/wordpress' ) && str_contains( (string) $args['body'], 'sync.requested' ) ) {
		echo "SENT\\n";
	}
	return $pre;
}, 10, 3 );
${code}
`);
    const movieTmdbId = tmdbId();
    const created = await save(`echo wp_insert_post( array( 'post_type' => 'movie', 'post_title' => 'Burst', 'post_status' => 'publish', 'meta_input' => array( 'tmdb_id' => ${movieTmdbId} ) ) ), "\\n";`);
    debouncedMovieId = Number(created.split('\n').find((line) => /^\d+$/.test(line.trim())));
    expect(debouncedMovieId).toBeGreaterThan(0);
    expect(created.match(/SENT/g)).toHaveLength(1);

    let sentByBurst = 0;
    for (let i = 0; i < 4; i += 1) {
      const out = await save(`wp_update_post( array( 'ID' => ${debouncedMovieId}, 'post_title' => 'Burst ${i}' ) );`);
      sentByBurst += (out.match(/SENT/g) ?? []).length;
    }
    expect(sentByBurst).toBe(0);

    const deadline = Date.now() + 30_000;
    while ((await syncJobsForPost(debouncedMovieId)).length === 0 && Date.now() < deadline) await sleep(250);
    await sleep(2000); // a late delivery would show up by now
    const jobs = await syncJobsForPost(debouncedMovieId);
    expect(jobs).toHaveLength(1);
    expect(await s.waitForJob(jobs[0].id)).toMatchObject({ status: 'succeeded' });

    // Once the window is over (its transient gone), the next save syncs again.
    await s.wp.runPhp(`delete_transient( 'tmu_autosync_${debouncedMovieId}_${movieTmdbId}' );`);
    const again = await save(`wp_update_post( array( 'ID' => ${debouncedMovieId}, 'post_title' => 'Burst again' ) );`);
    expect(again.match(/SENT/g)).toHaveLength(1);
    const until = Date.now() + 30_000;
    while ((await syncJobsForPost(debouncedMovieId)).length < 2 && Date.now() < until) await sleep(250);
    const after = await syncJobsForPost(debouncedMovieId);
    expect(after).toHaveLength(2);
    await s.waitForJob(after[1].id);
  });

  it('cancels a queued job through POST tmu/v1/jobs/{id}/cancel; finished, unknown and non-admin requests are refused', async () => {
    const { job } = await s.app.jobs.enqueue({
      type: 'sync',
      payload: { type: 'movie', tmdb_id: tmdbId(), options: QUICK },
      runAt: new Date(Date.now() + 3_600_000), // never claimed during the test
    });
    const cancelled = await s.api('POST', `/tmu/v1/jobs/${job.id}/cancel`);
    expect(cancelled).toEqual({ status: 200, body: { job_id: job.id, cancelled: true } });
    expect((await s.app.jobs.get(job.id))?.status).toBe('cancelled');

    const again = await s.api('POST', `/tmu/v1/jobs/${job.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('tmu_job_not_cancellable');

    const finished = await s.api('POST', `/tmu/v1/jobs/${movies[0].jobId}/cancel`);
    expect(finished.status).toBe(409);
    expect((await s.app.jobs.get(movies[0].jobId))?.status).toBe('succeeded');

    const unknown = await s.api('POST', '/tmu/v1/jobs/987654321/cancel');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('tmu_job_not_found');

    const editor: WordPressUser = await s.wp.createUser('activity-editor', 'editor');
    const { job: other } = await s.app.jobs.enqueue({ type: 'sync', payload: { type: 'movie', tmdb_id: tmdbId() }, runAt: new Date(Date.now() + 3_600_000) });
    const denied = await s.api('POST', `/tmu/v1/jobs/${other.id}/cancel`, { auth: basicAuth(editor.username, editor.appPassword) });
    expect(denied.status).toBe(403);
    expect((await s.app.jobs.get(other.id))?.status).toBe('queued');
    await s.app.jobs.cancel(other.id);
  });

  describe('Bulk sync panel in a browser', () => {
    beforeAll(async () => {
      browser = await launchBrowser();
      const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(STEP_TIMEOUT);
      page = await context.newPage();
      await logIn(page, s.wp);
    });

    async function chooseMoviesOnly(): Promise<void> {
      for (const type of ['tv', 'drama', 'person']) await page.uncheck(`#tmu-bulk-type-${type}`);
      await page.check('#tmu-bulk-type-movie');
      for (const option of ['images', 'videos', 'credits', 'seasons']) await page.uncheck(`#tmu-bulk-option-${option}`);
    }

    it('shows the bar reaching 100 %, the counts, the log, and "done"', async () => {
      const library = SEEDED_MOVIES + 1; // the seeded movies and the debounce test's movie
      await openAdmin(page, s.wp, SETTINGS_PAGE);
      await page.locator('#tmu-bulk-panel').waitFor();
      await chooseMoviesOnly();
      // Record every value the bar takes (a string: the tests compile without the DOM lib).
      await page.evaluate(`(() => {
        const bar = document.getElementById('tmu-bulk-progress');
        window.tmuSeen = [];
        new MutationObserver(() => window.tmuSeen.push(bar.getAttribute('aria-valuenow'))).observe(bar, { attributes: true, attributeFilter: ['aria-valuenow'] });
      })()`);

      await page.click('#tmu-bulk-start');
      await page.waitForSelector('#tmu-bulk-panel[data-job-id]');
      bulkJobId = Number(await page.getAttribute('#tmu-bulk-panel', 'data-job-id'));
      expect(bulkJobId).toBeGreaterThan(0);
      await page.waitForSelector('#tmu-bulk-status[data-state="done"], #tmu-bulk-status[data-state="partial"], #tmu-bulk-status[data-state="error"]', {
        timeout: 300_000,
      });

      expect(await page.getAttribute('#tmu-bulk-status', 'data-state')).toBe('done');
      expect(await page.textContent('#tmu-bulk-status')).toBe(`Done: ${library} synced, 0 failed.`);
      expect(await page.getAttribute('#tmu-bulk-progress', 'aria-valuenow')).toBe('100');
      const seen = ((await page.evaluate('window.tmuSeen')) as string[]).map(Number);
      expect(seen[seen.length - 1]).toBe(100);
      expect(seen).toEqual([...seen].sort((a, b) => a - b)); // never goes backwards
      expect(await page.getAttribute('#tmu-bulk-counts', 'data-done')).toBe(String(library));
      expect(await page.getAttribute('#tmu-bulk-counts', 'data-failed')).toBe('0');
      expect(await page.getAttribute('#tmu-bulk-counts', 'data-total')).toBe(String(library));
      const lines = await page.locator('#tmu-bulk-log li').allTextContents();
      for (const movie of movies) expect(lines.some((line) => line.includes(`movie ${movie.tmdbId} `))).toBe(true);
      expect(await page.isHidden('#tmu-bulk-errors-wrap')).toBe(true);
      expect(await page.isHidden('#tmu-bulk-cancel')).toBe(true);
      expect(await page.isEnabled('#tmu-bulk-start')).toBe(true);
      await saveScreenshot(page, 'bulk-sync');

      const job = await s.api('GET', `/tmu/v1/jobs/${bulkJobId}`);
      expect(job.body).toMatchObject({ type: 'bulk', status: 'succeeded', progress: { done: library, failed: 0, total: library } });
      const payload = JSON.parse((await s.app.db(`${prefix}tmu_sync_jobs`).where({ id: bulkJobId }).first()).payload);
      expect(payload).toMatchObject({ types: ['movie'], options: { images: false, videos: false, credits: false } });
    });

    it('cancels a running bulk sync with the Cancel button', async () => {
      // Slow TMDb down (and forget cached answers) so that the job is still running when Cancel is clicked.
      await s.app.db(`${prefix}tmu_api_cache`).del();
      s.standin.setLatency(5000);
      try {
        await openAdmin(page, s.wp, SETTINGS_PAGE);
        await chooseMoviesOnly();
        await page.click('#tmu-bulk-start');
        await page.waitForSelector('#tmu-bulk-status[data-state="running"]');
        cancelledBulkJobId = Number(await page.getAttribute('#tmu-bulk-panel', 'data-job-id'));
        expect(cancelledBulkJobId).toBeGreaterThan(bulkJobId);
        expect(await page.isVisible('#tmu-bulk-cancel')).toBe(true);
        await page.click('#tmu-bulk-cancel');
        await page.waitForSelector('#tmu-bulk-status[data-state="cancelled"], #tmu-bulk-status[data-state="done"], #tmu-bulk-status[data-state="error"]');
        expect(await page.getAttribute('#tmu-bulk-status', 'data-state')).toBe('cancelled');
        expect(await page.textContent('#tmu-bulk-status')).toMatch(/^Cancelled after \d+ synced, 0 failed\.$/);
        expect(Number(await page.getAttribute('#tmu-bulk-progress', 'aria-valuenow'))).toBeLessThan(100);
        await saveScreenshot(page, 'bulk-sync-cancelled');
        expect((await s.app.jobs.get(cancelledBulkJobId))?.status).toBe('cancelled');
      } finally {
        s.standin.setLatency(0);
      }
      // Let the worker put down the cancelled job before the next tests read the tables.
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const row = await s.app.db(`${prefix}tmu_sync_jobs`).where({ id: cancelledBulkJobId }).first();
        if (!row.lease_owner) break;
        await sleep(500);
      }
    });

    it('picks up a bulk job that is under way when the page is opened', async () => {
      const { job } = await s.app.jobs.enqueue({ type: 'bulk', payload: { types: ['movie'] }, runAt: new Date(Date.now() + 3_600_000) });
      try {
        await openAdmin(page, s.wp, SETTINGS_PAGE);
        expect(await page.getAttribute('#tmu-bulk-panel', 'data-job-id')).toBe(String(job.id));
        await page.waitForSelector('#tmu-bulk-status[data-state="queued"]');
        expect(await page.isVisible('#tmu-bulk-cancel')).toBe(true);
        expect(await page.isDisabled('#tmu-bulk-start')).toBe(true);
      } finally {
        await s.app.jobs.cancel(job.id);
      }
    });
  });

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
        await s.app.syncLog.add({ jobId, type: 'movie', tmdbId: tmdbId(), postId: null, action: 'failed', message: i === 0 ? '<img src=x onerror=alert(1)> broke' : `item ${i}` });
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
      const html = await s.wp.runPhp(`
require_once ABSPATH . 'wp-admin/includes/admin.php';
wp_set_current_user( ${s.wp.admin.id} );
$GLOBALS['title'] = 'Sync activity';
$GLOBALS['wpdb']->prefix = 'nomigrations_';
$page = new \\TMU\\Sidecar\\Activity_Page( new \\TMU\\Sidecar\\Activity_Repository(), new \\TMU\\Sidecar\\Activity_Tables( new \\TMU\\Sidecar\\Jobs_Repository() ), new \\TMU\\Sidecar\\Activity_Schedules() );
$page->render_page();
`);
      expect(html).toContain('id="tmu-activity-missing-tables"');
      expect(html).toContain('has not run its migrations');
      expect(html).toContain('nomigrations_tmu_sync_jobs, nomigrations_tmu_sync_log, nomigrations_tmu_sync_state');
      expect(html).not.toContain('id="tmu-activity-jobs"');
    });
  });

  it('shows "Last synced" on the list tables: a time, the last error in red, or Never', async () => {
    function cell(html: string, postId: number): string {
      const start = html.indexOf(`id="post-${postId}"`);
      if (start < 0) throw new Error(`post ${postId} is not in the list`);
      const row = html.slice(start);
      const m = /column-tmu_last_synced[^>]*>([\s\S]*?)<\/td>/.exec(row);
      if (!m) throw new Error(`no Last synced cell for post ${postId}`);
      return m[1];
    }

    const movieList = await adminHtml('/wp-admin/edit.php?post_type=movie');
    expect(movieList.status).toBe(200);
    expect(movieList.html).toMatch(/id=['"]tmu_last_synced['"][^>]*>.*Last synced/);
    const synced = cell(movieList.html, movies[1].postId);
    const time = /<time class="tmu-last-synced" datetime="([^"]+)"[^>]*>(\d+ \w+ ago)<\/time>/.exec(synced);
    expect(time).not.toBeNull();
    const meta = await s.api('GET', `/wp/v2/movie/${movies[1].postId}`, { query: { context: 'edit' } });
    expect(Date.parse(time![1])).toBe(Math.floor(Date.parse(meta.body.meta.tmu_last_synced_at) / 1000) * 1000);
    expect(Date.now() - Date.parse(time![1])).toBeLessThan(15 * 60_000);
    expect(synced).not.toContain('tmu-list-error');
    expect(movieList.html).toContain('assets/css/admin.css');

    const tvList = await adminHtml('/wp-admin/edit.php?post_type=tv');
    const failedCell = cell(tvList.html, failedTv.postId);
    expect(failedCell).toMatch(new RegExp(`<span class="tmu-last-error tmu-list-error" title="[^"]+">tmdb_not_found: TMDb has no GET /tv/${GONE_TV_ID}`));

    // Credits made many people since; search keeps this one on the first page.
    const peopleList = await adminHtml('/wp-admin/edit.php?post_type=people&s=Nobody+Synced');
    expect(cell(peopleList.html, neverSyncedPersonId)).toContain('<span class="tmu-never-synced">Never</span>');
  });

  it('logged no PHP warnings or notices from the plugin', () => {
    const lines = s.wp
      .debugLog()
      .split('\n')
      .filter((line) => line.includes('tmu-sidecar') || line.includes('TMU Sidecar'));
    expect(lines).toEqual([]);
  });
});
