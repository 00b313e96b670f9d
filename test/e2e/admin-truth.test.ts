/**
 * An admin that tells the truth, on the whole product (WordPress 6.1 with the plugin, MariaDB, the
 * sidecar, the TMDb stand-in, headless Chromium): onboarding, the sidecar's own WordPress credentials,
 * no silent failures, and errors shown to the person who can act on them. admin-truth-lists holds the
 * list tables, the Sync activity page and curated lists. Screenshots land in test-artifacts/.
 */
import { BrowserContext, Page } from 'playwright-core';
import { runDoctor } from '../../src/cli/commands/doctor.command';
import type { CliIo } from '../../src/cli/cli-io';
import { tmdbId } from '../support/factories';
import { AdminStack, startAdminStack } from './support/admin-stack';
import { newMovie, QUICK, SETTINGS_PAGE, syncJobsForPost } from './support/admin-truth-fixtures';
import { logIn, openAdmin, saveScreenshot } from './support/browser';
import { E2E_SECRET, FullStack } from './support/full-stack';
import type { WordPressUser } from './support/wordpress-stack';

jest.setTimeout(900_000);

const ROTATED = { TMU_WEBHOOK_SECRET: `${E2E_SECRET}-rotated` };
const SAVED = /post\.php\?post=\d+&action=edit&message=\d+/;

function captureIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), err: (line) => lines.push(line), isTty: false, env: {} };
}

describe('an admin that tells the truth', () => {
  let admin: AdminStack | undefined;
  let s: FullStack;
  let page: Page;

  beforeAll(async () => {
    admin = await startAdminStack({ wpPort: 18093, sidecarPort: 18793, dbName: `tmu_e2e_truth_${process.pid}` });
    ({ stack: s, page } = admin);
  });
  afterAll(() => admin?.close());

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

    it("fails doctor, Test connection and a sync with a wrong application password, naming the sidecar's credentials", async () => {
      await s.restartSidecar({ WP_APP_PASSWORD: 'abcd efgh ijkl mnop qrst uvwx' });
      const io = captureIo();
      expect(await runDoctor(s.app, io)).toBe(false);
      expect(io.lines.find((l) => l.includes('wordpress'))).toMatch(
        /^FAIL {2}wordpress: wordpress_credentials: WordPress rejected the sidecar's WordPress credentials \(WP_USERNAME \/ WP_APP_PASSWORD\)\. Create a new application password\. \(HTTP 401/,
      );

      const probe = await s.api('POST', '/tmu/v1/test-connection');
      expect(probe.body).toMatchObject({ ok: false, failed: 'wordpress', checks: { sidecar: 'ok', signature: 'ok', tmdb: 'ok', wordpress: 'failed' } });
      expect(probe.body.message).toMatch(/^WordPress credentials refused: .*WP_APP_PASSWORD/);
      expect(probe.body.causes.wordpress).toBe('credentials refused');

      const postId = await newMovie(s, 'Refused');
      const sync = await s.api('POST', '/tmu/v1/sync', { body: { post_id: postId, options: QUICK } });
      expect(sync.status).toBe(202);
      const job = await s.waitForJob(sync.body.job_id);
      expect(job.status).toBe('failed');
      // The stored message carries no code in front of it any more (the code travels apart).
      expect(job.error).toMatch(/^WordPress rejected the sidecar's WordPress credentials/);
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
      expect(await syncJobsForPost(s, postId)).toHaveLength(1);
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
      expect(await syncJobsForPost(s, postId)).toHaveLength(1);
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
      editorContext = await admin!.newContext();
    });
    afterAll(async () => {
      await editorContext?.close();
      await s.restartSidecar();
    });

    it('tells an editor to ask an administrator, without URLs or secrets', async () => {
      const postId = await newMovie(s, 'Ask an admin');
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
      const dismissed = page.waitForResponse((r) => r.url().includes('admin-ajax.php') && (r.request().postData() ?? '').includes('tmu_sidecar_dismiss_notice'));
      await notice.locator('.notice-dismiss').click();
      expect((await dismissed).status()).toBe(200);
      await openAdmin(page, s.wp, 'edit.php?post_type=movie');
      expect(await page.locator('#tmu-sidecar-health-notice').count()).toBe(0);
    });
  });
});
