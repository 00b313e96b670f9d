/**
 * Tools → Import from TMDb in headless Chromium, on the whole product: WordPress 6.1 with the plugin,
 * MariaDB, the sidecar and the TMDb stand-in. The screenshot lands in test-artifacts/import-from-tmdb.png.
 */
import { Page } from 'playwright-core';
import { AdminStack, startAdminStack } from './support/admin-stack';
import { openAdmin, saveScreenshot } from './support/browser';
import { FullStack } from './support/full-stack';

jest.setTimeout(600_000);

const IMPORT_PAGE = 'tools.php?page=tmu-import';
const QUICK = { images: false, videos: false, credits: false };
const PICKS = 10;

describe('Import from TMDb screen', () => {
  let admin: AdminStack | undefined;
  let s: FullStack;
  let page: Page;
  let prefix: string;

  async function moviePosts(tmdbIds: number[]): Promise<Array<{ ID: number; post_status: string; tmdb_id: string }>> {
    return s.app
      .db(`${prefix}posts as p`)
      .join(`${prefix}postmeta as m`, 'm.post_id', 'p.ID')
      .where({ 'p.post_type': 'movie', 'm.meta_key': 'tmdb_id' })
      .whereIn('m.meta_value', tmdbIds.map(String))
      .whereNot('p.post_status', 'auto-draft')
      .select('p.ID', 'p.post_status', 'm.meta_value as tmdb_id');
  }

  beforeAll(async () => {
    admin = await startAdminStack({ wpPort: 18097, sidecarPort: 18797, dbName: `tmu_e2e_import_${process.pid}` });
    ({ stack: s, page } = admin);
    prefix = s.wp.tablePrefix;
  });
  afterAll(() => admin?.close());

  it('browses popular, marks a synced title "In library", imports ten as drafts and follows the job to 100 %', async () => {
    // The first popular title is already in the library, synced the usual way.
    const popular = await s.api('GET', '/tmu/v1/tmdb/browse', { query: { source: 'popular', type: 'movie', page: 1 } });
    expect(popular.status).toBe(200);
    const first = popular.body.items[0] as { tmdb_id: number; title: string };
    const synced = await s.api('POST', '/tmu/v1/import', { body: { type: 'movie', tmdb_id: first.tmdb_id, options: QUICK } });
    expect(synced.status).toBe(202);
    expect(await s.waitForJob(synced.body.job_id)).toMatchObject({ status: 'succeeded' });
    const [existing] = await moviePosts([first.tmdb_id]);

    await openAdmin(page, s.wp, IMPORT_PAGE);
    await page.getByRole('heading', { name: 'Import from TMDb', level: 1 }).waitFor();
    // Keyboard: choose the type and source, then submit the form with Enter.
    await page.getByLabel('Type', { exact: true }).selectOption('movie');
    await page.getByLabel('Source', { exact: true }).selectOption('popular');
    await page.getByLabel('Source', { exact: true }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('tmu-import-browse-button');
    await page.keyboard.press('Enter');
    const cards = page.locator('#tmu-import-grid .tmu-import-card');
    // The screen loaded page 1 on open; Enter loads it again, so the cards may be the first load's
    // while the status still says "Loading…": wait for the answer to Enter.
    await page.waitForFunction(`/^Page 1 of \\d+ \\(\\d+ titles\\)$/.test(document.getElementById('tmu-import-results-status').textContent)`);
    await cards.first().waitFor();

    // The synced title carries the badge, linking to its post; the posters are lazy.
    const owned = page.locator(`.tmu-import-card[data-tmdb-id="${first.tmdb_id}"]`);
    const badge = owned.getByRole('link', { name: `In library: open ${first.title}` });
    expect(await badge.getAttribute('href')).toContain(`post.php?post=${existing.ID}&action=edit`);
    expect(await page.locator('.tmu-import-poster img').first().getAttribute('loading')).toBe('lazy');
    expect(await page.locator('.tmu-import-card:not(.is-in-library)').count()).toBeGreaterThanOrEqual(PICKS);

    // Tick ten titles by their labels (what a screen reader announces), the first with the keyboard.
    const fresh = page.locator('.tmu-import-card:not(.is-in-library)');
    const picked: number[] = [];
    for (let i = 0; i < PICKS; i += 1) {
      const cardItem = fresh.nth(i);
      const title = (await cardItem.locator('.tmu-import-title').textContent()) ?? '';
      const box = cardItem.getByRole('checkbox', { name: title, exact: true });
      if (i === 0) {
        await box.focus();
        await page.keyboard.press('Space');
      } else {
        await box.check();
      }
      expect(await box.isChecked()).toBe(true);
      picked.push(Number(await cardItem.getAttribute('data-tmdb-id')));
    }
    await expect(page.locator('#tmu-import-selected-count').textContent()).resolves.toBe(`${PICKS} selected`);

    await page.getByLabel('Drafts').check();
    for (const option of ['Images', 'Videos', 'Credits']) await page.getByRole('checkbox', { name: option, exact: true }).uncheck();
    // A slow TMDb keeps the job running while the page is left and opened again.
    s.standin.setLatency(500);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForSelector('#tmu-import[data-job-id]');
    const jobId = Number(await page.locator('#tmu-import').getAttribute('data-job-id'));
    await openAdmin(page, s.wp, IMPORT_PAGE);
    expect(Number(await page.locator('#tmu-import').getAttribute('data-job-id'))).toBe(jobId);
    await page.locator('#tmu-import-progress-wrap:not([hidden])').waitFor();
    await expect(page.locator('#tmu-import-job').textContent()).resolves.toBe(`Job #${jobId}`);
    s.standin.setLatency(0);
    // Back to the grid the import started from.
    await page.getByLabel('Source', { exact: true }).selectOption('popular');
    await page.click('#tmu-import-browse-button');
    await cards.first().waitFor();

    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    await page.waitForSelector('#tmu-import-status[data-state="done"], #tmu-import-status[data-state="partial"], #tmu-import-status[data-state="error"]', {
      timeout: 480_000,
    });
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    expect(await page.locator('#tmu-import-status').textContent()).toBe(`Done: ${PICKS} imported or already in the library, 0 failed.`);
    // After the job the grid is read again: the ten are in the library now.
    await page.waitForFunction(`document.querySelectorAll('.tmu-import-card.is-in-library').length >= ${PICKS + 1}`);
    const screenshot = await saveScreenshot(page, 'import-from-tmdb');
    expect(screenshot).toMatch(/test-artifacts\/import-from-tmdb\.png$/);

    // One post per title, drafts as chosen; the one synced before kept its status.
    const posts = await moviePosts(picked);
    expect(posts).toHaveLength(PICKS);
    expect(new Set(posts.map((p) => Number(p.tmdb_id)))).toEqual(new Set(picked));
    expect(posts.every((p) => p.post_status === 'draft')).toBe(true);
    expect((await moviePosts([first.tmdb_id])).map((p) => p.post_status)).toEqual(['publish']);

    // The job is a job like any other on tmu/v1/jobs/{id}.
    const job = await s.api('GET', `/tmu/v1/jobs/${jobId}`);
    expect(job.body).toMatchObject({ type: 'import', status: 'succeeded', progress: { done: PICKS, failed: 0, total: PICKS } });
  });

  it('answers browse and import with the capability checks', async () => {
    expect((await s.api('GET', '/tmu/v1/tmdb/browse', { query: { source: 'popular' }, auth: null })).status).toBe(401);
    const bad = await s.api('GET', '/tmu/v1/tmdb/browse', { query: { source: 'everything' } });
    expect(bad.status).toBe(400);
    const tooMany = Array.from({ length: 501 }, (_, i) => ({ type: 'movie', tmdb_id: i + 1 }));
    expect((await s.api('POST', '/tmu/v1/import', { body: { items: tooMany } })).status).toBe(400);
    expect((await s.api('POST', '/tmu/v1/import', { body: { status: 'draft' } })).status).toBe(400);
  });
});
