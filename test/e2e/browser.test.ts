/**
 * wp-admin in a real browser (headless Chromium) on the whole product: WordPress 6.1 with the
 * plugin, MariaDB, the sidecar (HTTP API + worker) and the TMDb stand-in. Screenshots of each
 * step are saved under test-artifacts/.
 */
import { Locator, Page } from 'playwright-core';
import { AdminStack, startAdminStack } from './support/admin-stack';
import { openAdmin, saveScreenshot } from './support/browser';
import { E2E_SECRET, FullStack } from './support/full-stack';

jest.setTimeout(600_000);

const FIGHT_CLUB = { title: 'Fight Club', tmdbId: 550 };
const SETTINGS_PAGE = 'options-general.php?page=tmu-sidecar';

/** The bits of an HTMLImageElement used here (the tests compile without the DOM lib). */
interface ImageElement {
  decode(): Promise<void>;
  naturalWidth: number;
}

/** Natural width of an <img> once the browser has fetched it (0 when it could not be loaded). */
async function loadedWidth(image: Locator): Promise<number> {
  await image.scrollIntoViewIfNeeded(); // lazy images load only in view
  await image.evaluate((img: ImageElement) => img.decode().catch(() => undefined));
  return image.evaluate((img: ImageElement) => img.naturalWidth);
}

describe('wp-admin in a browser', () => {
  let admin: AdminStack | undefined;
  let s: FullStack;
  let page: Page;

  beforeAll(async () => {
    admin = await startAdminStack({ wpPort: 18087, sidecarPort: 18787, dbName: `tmu_e2e_browser_${process.pid}` });
    ({ stack: s, page } = admin);
  });
  afterAll(() => admin?.close());

  it('finds Fight Club in the meta box, syncs it and shows the poster as featured image', async () => {
    await openAdmin(page, s.wp, 'post-new.php?post_type=movie');
    const box = page.locator('#tmu-meta-box');
    await box.waitFor();
    const postId = Number(await box.getAttribute('data-post-id'));
    expect(postId).toBeGreaterThan(0);

    await page.fill('#tmu-search-input', FIGHT_CLUB.title);
    await page.click('#tmu-search-button');
    const results = page.locator('#tmu-search-results .tmu-search-result');
    await results.first().waitFor();
    const pick = results.filter({ has: page.locator('.tmu-search-result-title', { hasText: new RegExp(`^${FIGHT_CLUB.title}$`) }) }).first();
    expect(await pick.getAttribute('data-tmdb-id')).toBe(String(FIGHT_CLUB.tmdbId));
    // Search results show posters, loaded from the (stand-in) TMDb image server.
    const resultPoster = pick.locator('img.tmu-search-result-poster');
    expect(await loadedWidth(resultPoster)).toBeGreaterThan(0);
    await saveScreenshot(page, 'meta-box-search');

    await pick.locator('button').click();
    await expect(page.inputValue('#tmu-tmdb-id')).resolves.toBe(String(FIGHT_CLUB.tmdbId));
    await expect(pick.getAttribute('class')).resolves.toContain('is-selected');

    await page.click('#tmu-sync-now');
    const status = page.locator('#tmu-sync-status');
    // Done when the status turns success or error (busy while the job runs).
    await page.waitForSelector('#tmu-sync-status[data-state="success"], #tmu-sync-status[data-state="error"]', { timeout: 480_000 });
    expect(await status.textContent()).toBe('Synced');

    // The poster in the box and the classic featured image box, both the uploaded WebP.
    const uploaded = new RegExp(`^${s.wp.url}/wp-content/uploads/.+\\.webp$`);
    const boxPoster = page.locator('#tmu-poster img');
    await boxPoster.waitFor();
    expect(await boxPoster.getAttribute('src')).toMatch(uploaded);
    const featured = page.locator('#postimagediv .inside img');
    await featured.waitFor();
    expect(await featured.getAttribute('src')).toMatch(uploaded);
    expect(await loadedWidth(featured)).toBeGreaterThan(0);
    expect(await page.inputValue('#title')).toBe(FIGHT_CLUB.title);
    await saveScreenshot(page, 'meta-box-synced');

    const post = await s.api('GET', `/wp/v2/movie/${postId}`, { query: { context: 'edit' } });
    expect(post.body.meta.tmdb_id).toBe(FIGHT_CLUB.tmdbId);
    expect(post.body.featured_media).toBeGreaterThan(0);
  });

  it('reports a working connection, then a rejected signature once the secrets differ', async () => {
    const result = page.locator('#tmu-test-connection-result');

    await openAdmin(page, s.wp, SETTINGS_PAGE);
    await page.click('#tmu-test-connection');
    await page.waitForSelector('#tmu-test-connection-result[data-ok]');
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.locator('.tmu-test-connection-message').textContent()).toMatch(/^Connection OK/);
    expect(await result.locator('[data-check]').evaluateAll((items) => items.map((i) => i.getAttribute('data-state')))).toEqual(['ok', 'ok', 'ok', 'ok']);
    await saveScreenshot(page, 'settings-test-ok');

    // WordPress keeps signing with E2E_SECRET (wp-config.php); the sidecar now expects another one.
    await s.restartSidecar({ TMU_WEBHOOK_SECRET: `${E2E_SECRET}-rotated` });
    await openAdmin(page, s.wp, SETTINGS_PAGE);
    await page.click('#tmu-test-connection');
    await page.waitForSelector('#tmu-test-connection-result[data-ok]');
    expect(await result.getAttribute('data-ok')).toBe('false');
    expect(await result.getAttribute('data-failed')).toBe('signature');
    expect(await result.locator('.tmu-test-connection-message').textContent()).toMatch(/^Signature rejected/);
    expect(await result.locator('[data-check]').evaluateAll((items) => items.map((i) => i.getAttribute('data-state')))).toEqual(['ok', 'failed', 'unknown', 'unknown']);
    await saveScreenshot(page, 'settings-test-fail');
  });
});
