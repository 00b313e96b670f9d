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
import { launchBrowser, logIn, openAdmin, saveScreenshot } from './support/browser';
import { FullStack, startFullStack } from './support/full-stack';

jest.setTimeout(900_000);

/** Fast syncs: details only. */
const QUICK = { images: false, videos: false, credits: false };
const SETTINGS_PAGE = 'options-general.php?page=tmu-sidecar';
const STEP_TIMEOUT = 120_000;

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

  async function newMovie(title: string, id = tmdbId()): Promise<number> {
    const created = await s.api('POST', '/wp/v2/movie', { body: { title, status: 'publish', meta: { tmdb_id: id } } });
    expect(created.status).toBe(201);
    return created.body.id;
  }

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
      expect(line).toContain("edit_others_posts (edit others' movie posts)");
      expect(line).toContain('manage_categories (manage genre terms)');
      expect(line).not.toContain('upload_files');

      const probe = await s.api('POST', '/tmu/v1/test-connection');
      expect(probe.body.failed).toBe('wordpress');
      expect(probe.body.message).toContain('manage_categories (manage genre terms)');
    });
  });
});
