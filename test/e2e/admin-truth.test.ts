/**
 * An admin that tells the truth, on the whole product (WordPress 6.1 + plugin, MariaDB, the
 * sidecar's HTTP API and worker, the TMDb stand-in, headless Chromium): the sidecar's own
 * WordPress credentials are checked, failures are shown where they happen, and messages go to
 * the person who can act on them. Screenshots land in test-artifacts/.
 */
import { Browser, BrowserContext, Page } from 'playwright-core';
import { runDoctor } from '../../src/cli/commands/doctor.command';
import type { CliIo } from '../../src/cli/cli-io';
import { tmdbId } from '../support/factories';
import { FIRST_MISSING_ID } from '../../src/demo/tmdb-standin/synthetic-ids';
import { launchBrowser, logIn, openAdmin, saveScreenshot } from './support/browser';
import { E2E_SECRET, FullStack, startFullStack } from './support/full-stack';
import type { WordPressUser } from './support/wordpress-stack';

jest.setTimeout(900_000);

/** Fast syncs: details only. */
const QUICK = { images: false, videos: false, credits: false };
const SETTINGS_PAGE = 'options-general.php?page=tmu-sidecar';
const STEP_TIMEOUT = 120_000;

const ROTATED = { TMU_WEBHOOK_SECRET: `${E2E_SECRET}-rotated` };
 /** Fast syncs that still create people posts. */
const WITH_PEOPLE = { images: false, videos: false, credits: true };
const SAVED = /post\.php\?post=\d+&action=edit&message=\d+/;

/** window.getComputedStyle, for code that runs in the page (the tests compile without the DOM lib). */
interface StyleReader {
  getComputedStyle(element: unknown): { whiteSpace: string; listStyleType: string };
}

function captureIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), err: (line) => lines.push(line), isTty: false, env: {} };
}

describe('an admin that tells the truth', () => {
  let s: FullStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18093, sidecarPort: 18793, dbName: `tmu_e2e_truth_${process.pid}` });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(STEP_TIMEOUT);
    page = await context.newPage();
    await logIn(page, s.wp);
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await s?.close();
  });

  async function syncJobsForPost(postId: number): Promise<Array<{ id: number; status: string }>> {
    const rows: Array<{ id: number; status: string; payload: string }> = await s.app.db(`${s.wp.tablePrefix}tmu_sync_jobs`).where({ type: 'sync' }).orderBy('id');
    return rows.filter((r) => JSON.parse(r.payload).post_id === postId).map((r) => ({ id: Number(r.id), status: r.status }));
  }

  async function newMovie(title: string, id = tmdbId()): Promise<number> {
    const created = await s.api('POST', '/wp/v2/movie', { body: { title, status: 'publish', meta: { tmdb_id: id } } });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  it('shows administrators an onboarding notice until Test connection has passed once', async () => {
    await openAdmin(page, s.wp, 'index.php');
    expect(await page.locator('#tmu-sidecar-onboarding').textContent()).toMatch(/TMU Sidecar is almost ready\./);
    await saveScreenshot(page, 'truth-onboarding-notice');
    expect((await s.api('POST', '/tmu/v1/test-connection')).body.ok).toBe(true);
    await openAdmin(page, s.wp, 'index.php');
    expect(await page.locator('#tmu-sidecar-onboarding').count()).toBe(0);
    expect(await page.locator('#tmu-sidecar-health-notice').count()).toBe(0);
  });

  describe('the sidecar checks its WordPress credentials', () => {
    afterAll(async () => {
      await s.restartSidecar();
    });

    it('passes doctor and Test connection with a working application password', async () => {
      const io = captureIo();
      expect(await runDoctor(s.app, io)).toBe(true);
      expect(io.lines.find((l) => l.includes('wordpress'))).toMatch(new RegExp(`^ok {4}wordpress: .*user "${s.wp.admin.username}" may edit every TMU post type`));

      const probe = await s.api('POST', '/tmu/v1/test-connection');
      expect(probe.body).toMatchObject({ ok: true, failed: null, checks: { sidecar: 'ok', signature: 'ok', tmdb: 'ok', wordpress: 'ok' } });
    });

    it('fails doctor, Test connection and a sync with a wrong application password, naming the sidecar\'s credentials', async () => {
      await s.restartSidecar({ WP_APP_PASSWORD: 'abcd efgh ijkl mnop qrst uvwx' });
      const io = captureIo();
      expect(await runDoctor(s.app, io)).toBe(false);
      expect(io.lines.find((l) => l.includes('wordpress'))).toMatch(
        /^FAIL {2}wordpress: wordpress_credentials: WordPress rejected the sidecar's WordPress credentials \(WP_USERNAME \/ WP_APP_PASSWORD\) \(HTTP 401/,
      );

      const probe = await s.api('POST', '/tmu/v1/test-connection');
      expect(probe.body).toMatchObject({ ok: false, failed: 'wordpress', checks: { sidecar: 'ok', signature: 'ok', tmdb: 'ok', wordpress: 'failed' } });
      expect(probe.body.message).toMatch(/^WordPress credentials refused: .*WP_APP_PASSWORD/);
      expect(probe.body.causes.wordpress).toBe('credentials refused');

      const postId = await newMovie('Refused');
      const sync = await s.api('POST', '/tmu/v1/sync', { body: { post_id: postId, options: QUICK } });
      expect(sync.status).toBe(202);
      const job = await s.waitForJob(sync.body.job_id);
      expect(job.status).toBe('failed');
      expect(job.error).toMatch(/^wordpress_credentials: WordPress rejected the sidecar's WordPress credentials/);
      expect(job.error).not.toMatch(/not allowed to edit this post/);

      await openAdmin(page, s.wp, SETTINGS_PAGE);
      await page.click('#tmu-test-connection');
      const result = page.locator('#tmu-test-connection-result');
      await page.waitForSelector('#tmu-test-connection-result[data-ok]');
      expect(await result.getAttribute('data-failed')).toBe('wordpress');
      expect(await result.locator('[data-check="wordpress"]').textContent()).toBe("Sidecar's WordPress credentials: credentials refused");
      await saveScreenshot(page, 'truth-settings-wordpress-refused');
    });

    it('names the capabilities a user without them lacks', async () => {
      const author = await s.wp.createUser('sidecar-author', 'author');
      await s.restartSidecar({ WP_USERNAME: author.username, WP_APP_PASSWORD: author.appPassword });
      const io = captureIo();
      expect(await runDoctor(s.app, io)).toBe(false);
      const line = io.lines.find((l) => l.includes('wordpress')) ?? '';
      expect(line).toMatch(/^FAIL {2}wordpress: wordpress_credentials: .*user "sidecar-author" lacks /);
      expect(line).toContain("edit_others_posts (edit others' movie, tv, season, episode, drama, drama-episode, people, video posts)");
      expect(line).toContain('manage_categories (manage genre, country, language');
      expect(line).not.toContain('upload_files');

      const probe = await s.api('POST', '/tmu/v1/test-connection');
      expect(probe.body.failed).toBe('wordpress');
      expect(probe.body.message).toContain('manage_categories (manage genre, country, language');
    });
  });

  describe('no silent failures', () => {
    afterEach(async () => {
      await s.restartSidecar();
    });

    it('shows a failed auto-sync after the save and in the box, and the next save after the fix syncs at once', async () => {
      const draft = await s.api('POST', '/wp/v2/movie', { body: { title: 'Silent', status: 'draft' } });
      const postId: number = draft.body.id;
      await s.restartSidecar(ROTATED);

      await openAdmin(page, s.wp, `post.php?post=${postId}&action=edit`);
      await page.fill('#tmu-tmdb-id', String(tmdbId()));
      await Promise.all([page.waitForURL(SAVED, { waitUntil: 'domcontentloaded' }), page.click('#publish')]);
      const notice = page.locator('#tmu-auto-sync-notice');
      expect(await notice.getAttribute('data-state')).toBe('failed');
      expect(await notice.textContent()).toMatch(/its TMDb sync could not be started: The sidecar rejected the request signature/);
      expect(await page.locator('#tmu-last-error').getAttribute('class')).not.toContain('hidden');
      expect(await page.locator('#tmu-last-error-message').textContent()).toMatch(/^The sidecar rejected the request signature/);
      await saveScreenshot(page, 'truth-auto-sync-failed');

      // Fixed within the 30 s debounce: the next save is not dropped.
      await s.restartSidecar();
      await Promise.all([page.waitForURL(SAVED, { waitUntil: 'domcontentloaded' }), page.click('#publish')]);
      expect(await notice.getAttribute('data-state')).toBe('queued');
      expect(await notice.textContent()).toMatch(/Sync queued \(job #\d+\): the TMDb box follows it\./);
      expect(await page.locator('#tmu-meta-box').getAttribute('data-job-id')).toMatch(/^\d+$/);
      await page.waitForSelector('#tmu-sync-status[data-state="success"]', { timeout: 240_000 });
      expect(await page.locator('#tmu-sync-status').textContent()).toBe('Synced');
      await saveScreenshot(page, 'truth-auto-sync-queued');
      expect(await syncJobsForPost(postId)).toHaveLength(1);
    });

    it('after Sync now on Add New: edit URL, plain-text genres, no stale selection, and Publish queues nothing more', async () => {
      await openAdmin(page, s.wp, 'post-new.php?post_type=tv');
      const box = page.locator('#tmu-meta-box');
      const postId = Number(await box.getAttribute('data-post-id'));

      await page.fill('#tmu-search-input', 'Game of Thrones');
      await page.click('#tmu-search-button');
      const pick = page.locator('#tmu-search-results .tmu-search-result[data-tmdb-id="1399"]');
      await pick.locator('button').click();
      expect(await page.locator('#tmu-search-status').textContent()).toMatch(/^TMDb ID 1399 selected/);
      await page.fill('#tmu-tmdb-id', '1396');
      expect(await page.locator('#tmu-search-status').textContent()).toBe('');
      expect(await pick.getAttribute('class')).not.toContain('is-selected');
      await page.fill('#tmu-tmdb-id', '1399');

      for (const part of ['images', 'videos', 'credits', 'seasons']) await page.uncheck(`#tmu-sync-${part}`);
      await page.click('#tmu-sync-now');
      await page.waitForSelector('#tmu-sync-status[data-state="success"], #tmu-sync-status[data-state="error"]', { timeout: 240_000 });
      expect(await page.locator('#tmu-sync-status').textContent()).toBe('Synced');

      const editUrl = `${s.wp.url}/wp-admin/post.php?post=${postId}&action=edit`;
      expect(page.url()).toBe(editUrl);
      expect(await page.getAttribute('#tmu-sync-reload', 'href')).toBe(editUrl);

      // Term names arrive HTML-escaped from WordPress; the tag box shows and keeps plain text.
      expect(await page.inputValue('#tax-input-genre')).toContain('Action & Adventure');
      expect(await page.inputValue('#tax-input-genre')).not.toContain('&amp;');
      expect(await page.locator('#genre .tagchecklist').textContent()).toContain('Action & Adventure');
      await saveScreenshot(page, 'truth-add-new-synced');

      await Promise.all([page.waitForURL(SAVED, { waitUntil: 'domcontentloaded' }), page.click('#publish')]);
      expect(await syncJobsForPost(postId)).toHaveLength(1);
      const genres = await s.wp.runPhp(`echo implode( '|', wp_get_post_terms( ${postId}, 'genre', array( 'fields' => 'names' ) ) );`);
      expect(genres).toContain('Action &amp; Adventure');
      expect(genres).not.toContain('&amp;amp;');
    });
  });

  describe('errors for the person who can act on them', () => {
    let editor: WordPressUser;
    let editorContext: BrowserContext;

    beforeAll(async () => {
      editor = await s.wp.createUser('truth-editor', 'editor');
      editorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      editorContext.setDefaultTimeout(STEP_TIMEOUT);
    });
    afterAll(async () => {
      await editorContext?.close();
      await s.restartSidecar();
    });

    it('tells an editor to ask an administrator, without URLs or secrets', async () => {
      const postId = await newMovie('Ask an admin');
      await s.restartSidecar(ROTATED);
      const editorPage = await editorContext.newPage();
      await logIn(editorPage, s.wp, editor);
      await openAdmin(editorPage, s.wp, `post.php?post=${postId}&action=edit`);
      await editorPage.click('#tmu-sync-now');
      await editorPage.waitForSelector('#tmu-sync-status[data-state="error"]');
      const text = await editorPage.locator('#tmu-sync-status').textContent();
      expect(text).toBe('Sync failed: TMDb sync is not set up correctly on this site. Ask an administrator to run Test connection on Settings → TMU Sidecar.');
      await saveScreenshot(editorPage, 'truth-editor-ask-admin');
      // No site-wide notice for editors.
      expect(await editorPage.locator('#tmu-sidecar-health-notice').count()).toBe(0);
    });

    it('shows administrators a dismissible site-wide notice while the sidecar is misconfigured', async () => {
      await s.restartSidecar(ROTATED);
      // The notice reads the report cached for a minute; Test connection refreshes it.
      expect((await s.api('POST', '/tmu/v1/test-connection')).body.failed).toBe('signature');
      await openAdmin(page, s.wp, 'edit.php?post_type=movie');
      const notice = page.locator('#tmu-sidecar-health-notice');
      expect(await notice.textContent()).toMatch(/TMU Sidecar is not working: Signature rejected/);
      await saveScreenshot(page, 'truth-health-notice');
      // Only the dismissal's own request: other admin-ajax calls on the screen must not let the page reload early.
      const dismissed = page.waitForResponse(
        (r) => r.url().includes('admin-ajax.php') && (r.request().postData() ?? '').includes('tmu_sidecar_dismiss_notice'),
      );
      await notice.locator('.notice-dismiss').click();
      expect((await dismissed).status()).toBe(200);
      await openAdmin(page, s.wp, 'edit.php?post_type=movie');
      expect(await page.locator('#tmu-sidecar-health-notice').count()).toBe(0);
    });
  });

  describe('list tables', () => {
    let syncedId: number;
    let neverId: number;
    let failedId: number;
    let syncedTmdbId: number;

    async function sync(postId: number, options: Record<string, unknown>): Promise<Record<string, any>> {
      const answer = await s.api('POST', '/tmu/v1/sync', { body: { post_id: postId, options } });
      expect(answer.status).toBe(202);
      return s.waitForJob(answer.body.job_id);
    }
    const rowIds = () => page.locator('#the-list > tr').evaluateAll((rows) => rows.map((r) => r.id));

    beforeAll(async () => {
      syncedTmdbId = tmdbId();
      syncedId = await newMovie('Listed', syncedTmdbId);
      expect(await sync(syncedId, WITH_PEOPLE)).toMatchObject({ status: 'succeeded' });
      neverId = await newMovie('Never synced');
      failedId = await newMovie('Gone', FIRST_MISSING_ID + 11);
      expect(await sync(failedId, QUICK)).toMatchObject({ status: 'failed' });
    });

    it('shows TMDb id and year, headers on one line, and filters never synced and failed posts', async () => {
      await openAdmin(page, s.wp, 'edit.php?post_type=movie');
      const row = page.locator(`#post-${syncedId}`);
      expect((await row.locator('td.column-tmu_tmdb_id').textContent())?.trim()).toBe(String(syncedTmdbId));
      expect((await row.locator('td.column-tmu_year').textContent())?.trim()).toMatch(/^\d{4}$/);
      // "Languages" on one line, never "Language s".
      expect(await page.locator('thead th#taxonomy-language').count()).toBe(1);
      const lines = await page.evaluate(`(() => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector('thead th#taxonomy-language'));
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
      })()`);
      expect(lines).toBe(1);
      // No header runs into the next one, and no term breaks mid-word ("Horr or").
      const overflowing = await page.evaluate(`Array.from(document.querySelectorAll('thead th')).filter((th) => th.scrollWidth > th.clientWidth + 1).map((th) => th.id)`);
      expect(overflowing).toEqual([]);
      const genre = row.locator('td.column-taxonomy-genre a').first();
      if ((await genre.count()) > 0) {
        const genreLines = await genre.evaluate(
          (el) => new Set(Array.from((el as unknown as { getClientRects(): ArrayLike<{ top: number }> }).getClientRects()).map((r) => Math.round(r.top))).size,
        );
        expect(genreLines).toBe(1);
      }
      // The title keeps room for its text next to the taxonomy columns.
      expect((await row.locator('td.column-title').boundingBox())?.width ?? 0).toBeGreaterThan(150);
      await saveScreenshot(page, 'truth-movie-list');

      await openAdmin(page, s.wp, 'edit.php?post_type=movie&tmu_sync_state=never');
      expect(await rowIds()).toContain(`post-${neverId}`);
      expect(await rowIds()).not.toContain(`post-${syncedId}`);
      await openAdmin(page, s.wp, 'edit.php?post_type=movie&tmu_sync_state=failed');
      expect(await rowIds()).toEqual([`post-${failedId}`]);
    });

    it('says when a sync created each person', async () => {
      await openAdmin(page, s.wp, 'edit.php?post_type=people');
      const cells = (await page.locator('#the-list td.column-tmu_last_synced').allTextContents()).map((t) => t.trim());
      expect(cells.length).toBeGreaterThanOrEqual(10);
      for (const cell of cells) expect(cell).toMatch(/ago$/);
      await saveScreenshot(page, 'truth-people-list');
    });

    it('shows what the sync wrote in the read-only TMDb data box', async () => {
      await openAdmin(page, s.wp, `post.php?post=${syncedId}&action=edit`);
      const fact = (key: string) => page.locator(`#tmu-tmdb-data-list dd[data-fact="${key}"]`).innerText();
      expect(await fact('release_date')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await fact('runtime')).toMatch(/^\d+ min$/);
      expect(await fact('rating')).toMatch(/^\d+(\.\d)? \/ 10 \([\d,]+ votes\)$/);
      expect(Number(await fact('cast'))).toBeGreaterThanOrEqual(1);
      expect(await fact('videos')).toBe('0');
      expect(await page.locator('#tmu-sync-progress').getAttribute('aria-label')).toBe('Sync progress');
      await page.click('#contextual-help-link');
      expect(await page.locator('#tab-link-tmu-help-tmdb-box').count()).toBe(1);
      await saveScreenshot(page, 'truth-tmdb-data-box');
      await openAdmin(page, s.wp, `post.php?post=${neverId}&action=edit`);
      expect(await page.locator('#tmu-tmdb-data-empty').count()).toBe(1);
    });

    it('queues syncs from the "Sync from TMDb" row action and bulk action', async () => {
      await openAdmin(page, s.wp, 'edit.php?post_type=movie');
      const row = page.locator(`#post-${neverId}`);
      await row.hover();
      await Promise.all([page.waitForURL(/tmu_queued=1/, { waitUntil: 'domcontentloaded' }), row.locator('.row-actions .tmu_sync_post a').click()]);
      expect((await page.locator('#tmu-list-sync-notice p').textContent())?.trim()).toBe('1 sync queued.');
      expect(await syncJobsForPost(neverId)).toHaveLength(1);

      await page.check(`#cb-select-${syncedId}`);
      await page.check(`#cb-select-${failedId}`);
      await page.selectOption('#bulk-action-selector-top', 'tmu_sync_from_tmdb');
      await Promise.all([page.waitForURL(/tmu_queued=2/, { waitUntil: 'domcontentloaded' }), page.click('#doaction')]);
      expect((await page.locator('#tmu-list-sync-notice p').textContent())?.trim()).toBe('2 syncs queued.');
      await saveScreenshot(page, 'truth-movie-list-bulk-sync');
      expect(await syncJobsForPost(failedId)).toHaveLength(2);
    });

    it('sorts episodes by number, with series and season columns and filters', async () => {
      const tv = await s.api('POST', '/wp/v2/tv', { body: { title: 'Numbered', status: 'publish', meta: { tmdb_id: tmdbId() } } });
      expect(await sync(tv.body.id, { ...QUICK, seasons: [1] })).toMatchObject({ status: 'succeeded' });
      await openAdmin(page, s.wp, `edit.php?post_type=episode&tmu_series=${tv.body.id}&tmu_season=1`);
      const numbers = (await page.locator('#the-list td.column-tmu_episode').allTextContents()).map((t) => Number(t.trim()));
      expect(numbers.length).toBeGreaterThanOrEqual(6);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      for (const series of await page.locator('#the-list td.column-tmu_series').allTextContents()) expect(series.trim()).toBe('Numbered');
      for (const season of await page.locator('#the-list td.column-tmu_season').allTextContents()) expect(season.trim()).toBe('1');
      expect(await page.inputValue('#tmu-series-filter')).toBe(String(tv.body.id));
      await saveScreenshot(page, 'truth-episode-list');
      await openAdmin(page, s.wp, `edit.php?post_type=episode&tmu_season=2`);
      expect(await page.locator('#the-list td.column-tmu_episode').count()).toBe(0);
    });
  });

  describe('sync activity', () => {
    const ACTIVITY = 'tools.php?page=tmu-sync-activity';

    it('retries a failed job, cancels a queued one, runs a schedule now, and shows durations', async () => {
      const gone = await newMovie('Gone again', FIRST_MISSING_ID + 12);
      const answer = await s.api('POST', '/tmu/v1/sync', { body: { post_id: gone, options: QUICK } });
      const failed = await s.waitForJob(answer.body.job_id);
      expect(failed.status).toBe('failed');

      await openAdmin(page, s.wp, ACTIVITY);
      const row = page.locator(`#tmu-activity-jobs tr[data-job-id="${failed.id}"]`);
      expect((await row.locator('td.column-duration').textContent())?.trim()).toMatch(/^\d+ s$/);
      expect(await row.locator('button[data-action="tmu_job_cancel"]').count()).toBe(0);
      // Ten columns, and still every header on one line ("Progress", never "Progre ss").
      const headerLines = await page.evaluate(`Array.from(document.querySelectorAll('#tmu-activity-jobs thead th')).map((th) => {
        const range = document.createRange();
        range.selectNodeContents(th);
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
      })`);
      expect(headerLines).toEqual(new Array(10).fill(1));
      await saveScreenshot(page, 'truth-activity-jobs');
      await Promise.all([page.waitForURL(/tmu-sync-activity/, { waitUntil: 'domcontentloaded' }), row.locator('button[data-action="tmu_job_retry"]').click()]);
      expect(await page.locator('#tmu-activity-notice p').textContent()).toMatch(new RegExp(`Job #${failed.id} retried as job #\\d+\\.`));
      expect(await syncJobsForPost(gone)).toHaveLength(2);

      const { job: waiting } = await s.app.jobs.enqueue({
        type: 'sync',
        payload: { type: 'movie', tmdb_id: tmdbId(), options: QUICK },
        runAt: new Date(Date.now() + 3_600_000), // never claimed during the test
      });
      await openAdmin(page, s.wp, ACTIVITY);
      const queued = page.locator(`#tmu-activity-jobs tr[data-job-id="${waiting.id}"]`);
      expect(await queued.locator('button[data-action="tmu_job_retry"]').count()).toBe(0);
      expect((await queued.locator('td.column-duration').textContent())?.trim()).toBe('—');
      await Promise.all([page.waitForURL(/tmu-sync-activity/, { waitUntil: 'domcontentloaded' }), queued.locator('button[data-action="tmu_job_cancel"]').click()]);
      expect((await page.locator('#tmu-activity-notice p').textContent())?.trim()).toBe(`Job #${waiting.id} cancelled.`);
      expect((await s.app.jobs.get(waiting.id))?.status).toBe('cancelled');

      const weekly = page.locator('#tmu-activity-schedules tr[data-schedule="weekly"]');
      expect(await weekly.locator('button[data-action="tmu_schedule_run"]').getAttribute('aria-label')).toBe('Run the Weekly full sync now');
      await Promise.all([page.waitForURL(/tmu-sync-activity/, { waitUntil: 'domcontentloaded' }), weekly.locator('button[data-action="tmu_schedule_run"]').click()]);
      const notice = (await page.locator('#tmu-activity-notice p').textContent()) ?? '';
      expect(notice).toMatch(/The weekly run was queued \(job #\d+\)\./);
      const runId = Number(/job #(\d+)/.exec(notice)?.[1]);
      expect((await s.app.jobs.get(runId))?.type).toBe('refresh');
      await saveScreenshot(page, 'truth-activity-run-now');
      await s.api('POST', `/tmu/v1/jobs/${runId}/cancel`);
    });
  });

  describe('curated lists', () => {
    it('takes the slug from the title, starts one job, offers schedule presets and named sort orders', async () => {
      await openAdmin(page, s.wp, 'tools.php?page=tmu-curated-lists');
      await page.fill('#tmu-list-keyword', 'Disney');
      await page.fill('#tmu-list-title', 'Best of Disney');
      await page.fill('#tmu-list-limit', '3');
      await page.selectOption('#tmu-list-refresh_preset', 'weekly');
      expect(await page.locator('#tmu-list-sort_by option[value="vote_average.desc"]').textContent()).toBe('Best rated first');
      await page.selectOption('#tmu-list-sort_by', 'vote_average.desc');
      await saveScreenshot(page, 'truth-lists-form');
      await Promise.all([page.waitForURL(/tmu-curated-lists/, { waitUntil: 'domcontentloaded' }), page.click('#tmu-lists-form [type="submit"]')]);
      const notice = await page.locator('#tmu-lists-notice p').innerText();
      const jobId = Number(/job (\d+)/.exec(notice)?.[1]);
      const listId = Number((await s.app.jobs.get(jobId))?.payload.list_id);
      // The minute tick of the list schedule finds the list being filled: no second job.
      expect(await s.app.discovery.scheduler.tick(new Date())).not.toContain(listId);
      expect(await s.waitForJob(jobId)).toMatchObject({ status: 'succeeded' });
      const jobs = (await s.app.db(`${s.wp.tablePrefix}tmu_sync_jobs`).select('payload')).filter((r: { payload: string }) => JSON.parse(r.payload).list_id === listId);
      expect(jobs).toHaveLength(1);

      await openAdmin(page, s.wp, 'tools.php?page=tmu-curated-lists');
      const row = page.locator(`#tmu-lists-table tr[data-list-id="${listId}"]`);
      expect(await row.getAttribute('data-slug')).toBe(`best-of-disney-${listId}`);
      expect((await row.locator('td.tmu-lists-schedule').innerText()).trim()).toBe('Weekly on Mondays at 05:00');
      const code = row.locator('code').first();
      expect(await code.innerText()).toBe(`[tmu_list slug="best-of-disney-${listId}"]`);
      expect(await code.evaluate((el) => (globalThis as unknown as StyleReader).getComputedStyle(el).whiteSpace)).toBe('nowrap');
      await saveScreenshot(page, 'truth-lists-table');

      await page.click(`#tmu-lists-table tr[data-list-id="${listId}"] td a`);
      expect(await page.inputValue('#tmu-list-refresh_preset')).toBe('weekly');
      expect(await page.inputValue('#tmu-list-sort_by')).toBe('vote_average.desc');

      await openAdmin(page, s.wp, 'tools.php?page=tmu-sync-activity');
      const target = await page.locator(`#tmu-activity-jobs tr[data-job-id="${jobId}"] td`).nth(3).innerText();
      expect(target.trim()).toBe(`list “Best of Disney” (best-of-disney-${listId})`);
    });

    it('numbers no bulk log line wrongly: the log is an unnumbered list', async () => {
      await openAdmin(page, s.wp, SETTINGS_PAGE);
      const style = await page.locator('#tmu-bulk-log').evaluate((el) => (globalThis as unknown as StyleReader).getComputedStyle(el).listStyleType);
      expect(style).toBe('none');
    });
  });
});
