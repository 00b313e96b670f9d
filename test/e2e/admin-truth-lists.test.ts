/**
 * An admin that tells the truth, on the whole product (WordPress 6.1 with the plugin, MariaDB, the
 * sidecar, the TMDb stand-in, headless Chromium): the list tables, the Sync activity page and curated
 * lists. Screenshots land in test-artifacts/.
 */
import { Page } from 'playwright-core';
import { tmdbId } from '../support/factories';
import { FIRST_MISSING_ID } from '../../tools/tmdb-standin/synthetic-ids';
import { AdminStack, startAdminStack } from './support/admin-stack';
import { newMovie, QUICK, SETTINGS_PAGE, syncJobsForPost } from './support/admin-truth-fixtures';
import { openAdmin, saveScreenshot } from './support/browser';
import { FullStack } from './support/full-stack';

jest.setTimeout(900_000);

/** Fast syncs that still create people posts. */
const WITH_PEOPLE = { images: false, videos: false, credits: true };

/** window.getComputedStyle, for code that runs in the page (the tests compile without the DOM lib). */
interface StyleReader {
  getComputedStyle(element: unknown): { whiteSpace: string; listStyleType: string };
}

describe('an admin that tells the truth: lists and activity', () => {
  let admin: AdminStack | undefined;
  let s: FullStack;
  let page: Page;

  beforeAll(async () => {
    admin = await startAdminStack({ wpPort: 18227, sidecarPort: 18927, dbName: `tmu_e2e_truth_lists_${process.pid}` });
    ({ stack: s, page } = admin);
    // Test connection passed once, as in admin-truth: the screens below show no onboarding notice.
    expect((await s.api('POST', '/tmu/v1/test-connection')).body.ok).toBe(true);
  });
  afterAll(() => admin?.close());

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
      syncedId = await newMovie(s, 'Listed', syncedTmdbId);
      expect(await sync(syncedId, WITH_PEOPLE)).toMatchObject({ status: 'succeeded' });
      neverId = await newMovie(s, 'Never synced');
      failedId = await newMovie(s, 'Gone', FIRST_MISSING_ID + 11);
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
      expect(await syncJobsForPost(s, neverId)).toHaveLength(1);

      await page.check(`#cb-select-${syncedId}`);
      await page.check(`#cb-select-${failedId}`);
      await page.selectOption('#bulk-action-selector-top', 'tmu_sync_from_tmdb');
      await Promise.all([page.waitForURL(/tmu_queued=2/, { waitUntil: 'domcontentloaded' }), page.click('#doaction')]);
      expect((await page.locator('#tmu-list-sync-notice p').textContent())?.trim()).toBe('2 syncs queued.');
      await saveScreenshot(page, 'truth-movie-list-bulk-sync');
      expect(await syncJobsForPost(s, failedId)).toHaveLength(2);
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
      const gone = await newMovie(s, 'Gone again', FIRST_MISSING_ID + 12);
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
      await Promise.all([page.waitForEvent('domcontentloaded'), row.locator('button[data-action="tmu_job_retry"]').click()]);
      expect(await page.locator('#tmu-activity-notice p').textContent()).toMatch(new RegExp(`Job #${failed.id} retried as job #\\d+\\.`));
      expect(await syncJobsForPost(s, gone)).toHaveLength(2);

      const { job: waiting } = await s.app.jobs.enqueue({
        type: 'sync',
        payload: { type: 'movie', tmdb_id: tmdbId(), options: QUICK },
        runAt: new Date(Date.now() + 3_600_000), // never claimed during the test
      });
      await openAdmin(page, s.wp, ACTIVITY);
      const queued = page.locator(`#tmu-activity-jobs tr[data-job-id="${waiting.id}"]`);
      expect(await queued.locator('button[data-action="tmu_job_retry"]').count()).toBe(0);
      expect((await queued.locator('td.column-duration').textContent())?.trim()).toBe('—');
      await Promise.all([page.waitForEvent('domcontentloaded'), queued.locator('button[data-action="tmu_job_cancel"]').click()]);
      expect((await page.locator('#tmu-activity-notice p').textContent())?.trim()).toBe(`Job #${waiting.id} cancelled.`);
      expect((await s.app.jobs.get(waiting.id))?.status).toBe('cancelled');

      const weekly = page.locator('#tmu-activity-schedules tr[data-schedule="weekly"]');
      expect(await weekly.locator('button[data-action="tmu_schedule_run"]').getAttribute('aria-label')).toBe('Run the Weekly full sync now');
      await Promise.all([page.waitForEvent('domcontentloaded'), weekly.locator('button[data-action="tmu_schedule_run"]').click()]);
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
      await Promise.all([page.waitForEvent('domcontentloaded'), page.click('#tmu-lists-form [type="submit"]')]);
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
