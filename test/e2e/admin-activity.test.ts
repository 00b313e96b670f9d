/**
 * The admin side of durable jobs on the whole product (WordPress 6.1 + plugin, MariaDB, the
 * sidecar's HTTP API and worker, the TMDb stand-in): auto-sync debounce, the cancel route,
 * the Bulk sync panel in headless Chromium, Tools → Sync activity and the "Last synced" column.
 * Screenshots land in test-artifacts/.
 * This part: debounce, cancel, the Bulk sync panel and "Last synced"; admin-activity-log holds the Sync activity page.
 */
import { Page } from 'playwright-core';
import { tmdbId } from '../support/factories';
import { ActivityLibrary, fetchAdminHtml, GONE_TV_ID, QUICK, SEEDED_MOVIES, ActivityStack, startActivityStack, SETTINGS_PAGE, sleep } from './support/admin-activity-fixtures';
import { syncJobsForPost } from './support/admin-truth-fixtures';
import { openAdmin, saveScreenshot } from './support/browser';
import { FullStack } from './support/full-stack';
import { pluginLogLines } from './support/plugin-site';
import { basicAuth, WordPressUser } from './support/wordpress-stack';

jest.setTimeout(900_000);

describe('admin: sync activity, bulk sync and the Last synced column', () => {
  let activityStack: ActivityStack | undefined;
  let s: FullStack;
  let cookie: string;
  let prefix: string;
  let movies: ActivityLibrary['movies'];
  let failedTv: ActivityLibrary['failedTv'];
  let neverSyncedPersonId: number;
  let debouncedMovieId: number;
  let bulkJobId: number;
  let cancelledBulkJobId: number;
  let page: Page;

  const adminHtml = (pathAndQuery: string, as = cookie) => fetchAdminHtml(s, as, pathAndQuery);

  beforeAll(async () => {
    activityStack = await startActivityStack({ wpPort: 18091, sidecarPort: 18791, dbName: `tmu_e2e_activity_${process.pid}` });
    ({ s, cookie, movies, failedTv, neverSyncedPersonId } = activityStack);
    prefix = s.wp.tablePrefix;
    page = activityStack.admin.page;
  });
  afterAll(() => activityStack?.admin.close());

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
    const created = await save(
      `echo wp_insert_post( array( 'post_type' => 'movie', 'post_title' => 'Burst', 'post_status' => 'publish', 'meta_input' => array( 'tmdb_id' => ${movieTmdbId} ) ) ), "\\n";`,
    );
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
    while ((await syncJobsForPost(s, debouncedMovieId)).length === 0 && Date.now() < deadline) await sleep(250);
    await sleep(2000); // a late delivery would show up by now
    const jobs = await syncJobsForPost(s, debouncedMovieId);
    expect(jobs).toHaveLength(1);
    expect(await s.waitForJob(jobs[0].id)).toMatchObject({ status: 'succeeded' });

    // Once the window is over (its transient gone), the next save syncs again.
    await s.wp.runPhp(`delete_transient( 'tmu_autosync_${debouncedMovieId}_${movieTmdbId}' );`);
    const again = await save(`wp_update_post( array( 'ID' => ${debouncedMovieId}, 'post_title' => 'Burst again' ) );`);
    expect(again.match(/SENT/g)).toHaveLength(1);
    const until = Date.now() + 30_000;
    while ((await syncJobsForPost(s, debouncedMovieId)).length < 2 && Date.now() < until) await sleep(250);
    const after = await syncJobsForPost(s, debouncedMovieId);
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
      // Bulk sync asks first and names how many items it syncs again.
      expect(await page.textContent('#tmu-bulk-confirm-yes')).toBe(`Sync ${library} items`);
      await page.click('#tmu-bulk-confirm-yes');
      await page.waitForSelector('#tmu-bulk-panel[data-job-id]');
      bulkJobId = Number(await page.getAttribute('#tmu-bulk-panel', 'data-job-id'));
      expect(bulkJobId).toBeGreaterThan(0);
      await page.waitForSelector('#tmu-bulk-status[data-state="done"], #tmu-bulk-status[data-state="partial"], #tmu-bulk-status[data-state="error"]', {
        timeout: 300_000,
      });

      expect(await page.getAttribute('#tmu-bulk-status', 'data-state')).toBe('done');
      expect(await page.textContent('#tmu-bulk-status')).toBe(`Done: ${library} synced, 0 failed.`);
      expect(await page.getAttribute('#tmu-bulk-progress', 'aria-valuenow')).toBe('100');
      const seen = (await page.evaluate<string[]>('window.tmuSeen')).map(Number);
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
        await page.click('#tmu-bulk-confirm-yes');
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
    const lines = pluginLogLines(s.wp);
    expect(lines).toEqual([]);
  });
});
