/**
 * What a newcomer trips on, on the whole product (WordPress + plugin, MariaDB, the sidecar, the
 * TMDb stand-in, headless Chromium): one rule for who reads what in an error (an Editor gets a
 * plain sentence and no internal URL, an administrator the details), plain words for codes and
 * job types, a failure notice that ends on the first answer, the TMDb key in use, a confirmation
 * before a bulk sync and a shortcode that scrolls. Screenshots land in test-artifacts/.
 */
import { Page } from 'playwright-core';
import { tmdbId } from '../support/factories';
import { AdminStack, startAdminStack } from './support/admin-stack';
import { logIn, openAdmin, saveScreenshot } from './support/browser';
import { FullStack } from './support/full-stack';
import { basicAuth, WordPressUser } from './support/wordpress-stack';

jest.setTimeout(900_000);

const WP_PORT = 18180;
const SIDECAR_PORT = 18880;
/** Where the sidecar listens while it is "away": nothing answers at SIDECAR_PORT then. */
const AWAY_PORT = '18881';
const IMPORT_PAGE = 'tools.php?page=tmu-import';
const SETTINGS_PAGE = 'options-general.php?page=tmu-sidecar';
const ACTIVITY_PAGE = 'tools.php?page=tmu-sync-activity';
const EDITOR_SENTENCE = 'The sync service is not answering. Ask an administrator to check it.';

describe('what a newcomer trips on', () => {
  let adminStack: AdminStack | undefined;
  let s: FullStack;
  let admin: Page;
  let editorPage: Page;
  let editor: WordPressUser;

  beforeAll(async () => {
    adminStack = await startAdminStack({
      wpPort: WP_PORT,
      sidecarPort: SIDECAR_PORT,
      dbName: `tmu_e2e_newcomer_${process.pid}`,
      prepare: async (started) => {
        editor = await started.wp.createUser('newcomer-editor', 'editor');
      },
    });
    ({ stack: s, page: admin } = adminStack);
    editorPage = await (await adminStack.newContext()).newPage();
    await logIn(editorPage, s.wp, editor);
    // Test connection passed once: the site-wide failure notice (not the onboarding one) applies.
    expect((await s.api('POST', '/tmu/v1/test-connection')).body.ok).toBe(true);
  });
  afterAll(() => adminStack?.close());

  async function importScreenError(page: Page): Promise<ReturnType<Page['locator']>> {
    await openAdmin(page, s.wp, IMPORT_PAGE);
    const notice = page.locator('#tmu-import-error');
    if ((await notice.count()) === 0) await page.click('#tmu-import-browse-button');
    await notice.waitFor();
    return notice;
  }

  describe('with the sidecar away', () => {
    beforeAll(async () => {
      await s.restartSidecar({ PORT: AWAY_PORT });
    });
    afterAll(async () => {
      await s.restartSidecar();
    });

    it('tells an Editor on the import screen, in a notice, to ask an administrator, with no URL or transport error', async () => {
      const notice = await importScreenError(editorPage);
      expect(await notice.getAttribute('class')).toContain('notice-error');
      expect(await notice.getAttribute('role')).toBe('alert');
      const text = (await notice.textContent()) ?? '';
      expect(text).toContain(EDITOR_SENTENCE);
      expect(text).not.toMatch(/127\.0\.0\.1|http:|cURL|tmu_sidecar_unreachable/);
      expect(await notice.locator('.tmu-error-details').count()).toBe(0);
      await saveScreenshot(editorPage, 'newcomer-import-editor-error');
    });

    it('shows an administrator the same notice with the code, the HTTP status and the sidecar URL in a details line', async () => {
      const notice = await importScreenError(admin);
      expect(await notice.getAttribute('role')).toBe('alert');
      expect(await notice.locator('p').first().textContent()).toContain('The sync service is not answering.');
      const details = (await notice.locator('.tmu-error-details').textContent()) ?? '';
      expect(details).toContain('Code: tmu_sidecar_unreachable');
      expect(details).toContain('HTTP 503');
      expect(details).toContain(`Sidecar: ${s.sidecarUrl}`);
      await saveScreenshot(admin, 'newcomer-import-admin-error');
    });

    it("keeps the URL and the raw transport error out of an Editor's REST body; an administrator's carries them as details", async () => {
      const query = { source: 'popular', type: 'movie', page: 1 };
      const forEditor = await s.api('GET', '/tmu/v1/tmdb/browse', { query, auth: basicAuth(editor.username, editor.appPassword) });
      expect(forEditor.status).toBe(503);
      expect(forEditor.body).toMatchObject({ code: 'tmu_sidecar_unreachable', message: EDITOR_SENTENCE, data: { status: 503 } });
      const raw = JSON.stringify(forEditor.body);
      expect(raw).not.toContain(String(SIDECAR_PORT));
      expect(raw).not.toMatch(/cURL|reason|details/);

      const forAdmin = await s.api('GET', '/tmu/v1/tmdb/browse', { query });
      expect(forAdmin.status).toBe(503);
      expect(forAdmin.body.data.details).toMatchObject({ code: 'tmu_sidecar_unreachable', status: 503, sidecar_url: s.sidecarUrl });
      expect(forAdmin.body.data.details.detail).toMatch(/cURL error 7|Connection refused|Failed to connect/i);
    });

    it('ends the "TMU Sidecar is not working" notice on the first answer after the sidecar is back, not a minute later', async () => {
      expect((await s.api('POST', '/tmu/v1/test-connection')).body.failed).toBe('sidecar');
      await openAdmin(admin, s.wp, 'index.php');
      expect(await admin.locator('#tmu-sidecar-health-notice').textContent()).toMatch(/TMU Sidecar is not working/);

      await s.restartSidecar();
      const browse = await s.api('GET', '/tmu/v1/tmdb/browse', { query: { source: 'popular', type: 'movie', page: 1 } });
      expect(browse.status).toBe(200);
      await openAdmin(admin, s.wp, 'index.php');
      expect(await admin.locator('#tmu-sidecar-health-notice').count()).toBe(0);
      await saveScreenshot(admin, 'newcomer-notice-cleared');
      await s.restartSidecar({ PORT: AWAY_PORT });
    });
  });

  describe('which TMDb key', () => {
    afterAll(async () => {
      await s.restartSidecar();
    });

    it('says the environment key is in use', async () => {
      await openAdmin(admin, s.wp, SETTINGS_PAGE);
      const line = admin.locator('#tmu-api-key-source');
      expect(await line.getAttribute('data-source')).toBe('environment');
      expect(await line.textContent()).toBe('Key in use: From the environment (TMDB_API_KEY)');
      await saveScreenshot(admin, 'newcomer-settings-key-environment');
    });

    it('says there is none, and Test connection reads "No key", when neither side has one', async () => {
      await s.restartSidecar({ TMDB_API_KEY: '' });
      await openAdmin(admin, s.wp, SETTINGS_PAGE);
      expect(await admin.getAttribute('#tmu-api-key-source', 'data-source')).toBe('none');
      expect(await admin.locator('#tmu-api-key-source').textContent()).toMatch(/^Key in use: None/);
      await admin.click('#tmu-test-connection');
      await admin.waitForSelector('#tmu-test-connection-result[data-ok]');
      expect(await admin.locator('#tmu-test-connection-result [data-check="tmdb"]').textContent()).toMatch(/No key$/);
      await saveScreenshot(admin, 'newcomer-settings-no-key');
    });
  });

  describe('plain words', () => {
    it('labels job types in words on Sync activity, never with internal names', async () => {
      const later = new Date(Date.now() + 3_600_000);
      const { job: people } = await s.app.jobs.enqueue({ type: 'people.refresh', payload: { ids: [tmdbId()] }, runAt: later });
      const { job: daily } = await s.app.jobs.enqueue({ type: 'changes', payload: {}, runAt: later });
      try {
        await openAdmin(admin, s.wp, `${ACTIVITY_PAGE}&view=jobs`);
        const typeOf = (id: number) => admin.locator(`#tmu-activity-jobs tbody tr[data-job-id="${id}"] td.column-type`).textContent();
        expect(await typeOf(people.id)).toBe('People details');
        expect(await typeOf(daily.id)).toBe('Daily sync');
        const options = await admin.locator('#tmu-activity-type option').allTextContents();
        expect(options).toEqual(expect.arrayContaining(['People details', 'Daily sync']));
        expect(options.join(' ')).not.toMatch(/people\.refresh|\bchanges\b/);
        await saveScreenshot(admin, 'newcomer-activity-job-types');
      } finally {
        await s.app.jobs.cancel(people.id);
        await s.app.jobs.cancel(daily.id);
      }
    });
  });

  describe('bulk sync', () => {
    it('asks first, naming how many items it re-syncs, and starts only on confirm', async () => {
      for (const title of ['Confirm one', 'Confirm two', 'Confirm three']) {
        const created = await s.api('POST', '/wp/v2/movie', { body: { title, status: 'publish', meta: { tmdb_id: tmdbId() } } });
        expect(created.status).toBe(201);
      }
      const movies = Number(
        await s.wp.runPhp(
          `echo count( get_posts( array( 'post_type' => 'movie', 'post_status' => 'any', 'fields' => 'ids', 'numberposts' => -1, 'meta_query' => array( array( 'key' => 'tmdb_id', 'value' => array( '', '0' ), 'compare' => 'NOT IN' ) ) ) ) );`,
        ),
      );
      expect(movies).toBeGreaterThanOrEqual(3);
      await openAdmin(admin, s.wp, SETTINGS_PAGE);
      for (const type of ['tv', 'drama', 'person']) await admin.uncheck(`#tmu-bulk-type-${type}`);
      for (const option of await admin.locator('.tmu-bulk-option').all()) await option.uncheck();

      await admin.click('#tmu-bulk-start');
      const dialog = admin.locator('#tmu-bulk-confirm');
      await dialog.waitFor({ state: 'visible' });
      expect(await dialog.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(true);
      expect(await admin.locator('#tmu-bulk-confirm-text').textContent()).toContain(`This syncs ${movies} items again`);
      expect(await admin.locator('#tmu-bulk-confirm-yes').textContent()).toBe(`Sync ${movies} items`);
      expect(await admin.evaluate('document.activeElement && document.activeElement.id')).toBe('tmu-bulk-confirm-no');
      await saveScreenshot(admin, 'newcomer-bulk-confirm');

      // Escape keeps everything as it is.
      await admin.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await admin.getAttribute('#tmu-bulk-panel', 'data-job-id')).toBeNull();
      expect(await s.app.jobs.list({ type: 'bulk' })).toHaveLength(0);

      await admin.click('#tmu-bulk-start');
      await admin.click('#tmu-bulk-confirm-yes');
      await admin.waitForSelector('#tmu-bulk-panel[data-job-id]');
      const jobId = Number(await admin.getAttribute('#tmu-bulk-panel', 'data-job-id'));
      expect(await s.waitForJobEnd(jobId)).toBe('succeeded');
    });
  });

  describe('curated lists', () => {
    it('lets a long shortcode scroll in a focusable, labelled region', async () => {
      const prefix = s.wp.tablePrefix;
      const slug = `a-very-long-list-slug-that-does-not-fit-${'into-its-column-'.repeat(4)}end`;
      const now = new Date();
      await s.app.db(`${prefix}tmu_media_lists`).insert({
        keyword: 'superhero',
        title: 'Long slug',
        description: '',
        filters: '{}',
        item_limit: 20,
        refresh_cron: null,
        post_status: 'publish',
        slug,
        created_at: now,
        updated_at: now,
      });
      await openAdmin(admin, s.wp, 'tools.php?page=tmu-curated-lists');
      const region = admin.locator('.tmu-shortcode-scroll').first();
      expect(await region.getAttribute('tabindex')).toBe('0');
      expect(await region.getAttribute('role')).toBe('region');
      expect(await region.getAttribute('aria-label')).toBe('Shortcode of "Long slug"');
      const sizes = await region.evaluate((el) => {
        const box = el as unknown as {
          scrollWidth: number;
          clientWidth: number;
          getBoundingClientRect(): { right: number };
          closest(s: string): { getBoundingClientRect(): { right: number } };
        };
        return { scroll: box.scrollWidth, client: box.clientWidth, right: box.getBoundingClientRect().right, cell: box.closest('td').getBoundingClientRect().right };
      });
      expect(sizes.scroll).toBeGreaterThan(sizes.client); // it scrolls …
      expect(sizes.right).toBeLessThanOrEqual(sizes.cell); // … inside its cell, not past the content edge
      // The keyboard scrolls it once focused.
      await region.focus();
      for (let i = 0; i < 5; i += 1) await admin.keyboard.press('ArrowRight');
      // Chromium scrolls smoothly: the offset grows over a few frames after the key presses.
      const scrolled = await admin
        .waitForFunction((el) => (el as unknown as { scrollLeft: number }).scrollLeft > 0, await region.elementHandle(), { timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      expect(scrolled).toBe(true);
      expect(await region.evaluate((el) => (el as unknown as { scrollLeft: number }).scrollLeft)).toBeGreaterThan(0);
      await saveScreenshot(admin, 'newcomer-lists-shortcode');
    });
  });
});
