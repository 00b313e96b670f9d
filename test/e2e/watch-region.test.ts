/**
 * The Where-to-watch region on the settings page, end to end: an administrator saves it (typed in
 * lower case, stored upper case), the plugin pushes it to the sidecar and remembers the column format
 * the sidecar answers with, and the next sync fills streaming_platforms with that region's providers.
 */
import { Page } from 'playwright-core';
import { AdminStack, startAdminStack } from './support/admin-stack';
import { openAdmin, saveScreenshot } from './support/browser';
import { FullStack } from './support/full-stack';

jest.setTimeout(300_000);

const SETTINGS_PAGE = 'options-general.php?page=tmu-sidecar';

describe('Where-to-watch region setting', () => {
  let admin: AdminStack | undefined;
  let s: FullStack;
  let page: Page;

  beforeAll(async () => {
    admin = await startAdminStack({ wpPort: 18158, sidecarPort: 18858, dbName: `tmu_e2e_d_region_${process.pid}` });
    ({ stack: s, page } = admin);
  });
  afterAll(() => admin?.close());

  it('is saved from the settings page, reaches the sidecar, and picks the providers the sync writes', async () => {
    await openAdmin(page, s.wp, SETTINGS_PAGE);
    const field = page.getByLabel('Where-to-watch region');
    expect(await field.inputValue()).toBe('US');
    expect(await field.getAttribute('aria-describedby')).toBe('tmu-watch-region-description');
    await field.fill('gb');
    await Promise.all([page.waitForURL(/settings-updated=true/), page.click('#submit')]);
    expect(await page.getByLabel('Where-to-watch region').inputValue()).toBe('GB');
    expect(await page.locator('.notice-warning').count()).toBe(0);
    await saveScreenshot(page, 'settings-watch-region');

    expect(await s.app.settings.watchRegion()).toBe('GB');
    expect((await s.wp.runPhp(`echo get_option( 'tmu_sidecar_column_format' );`)).trim()).toBe('php');

    const { postId } = await s.app.sync.sync('tv', 1396, { images: false, videos: false, credits: false, seasons: 'none' });
    const links = JSON.parse(
      await s.wp.runPhp(`
        global $wpdb;
        $bytes = $wpdb->get_var( $wpdb->prepare( "SELECT streaming_platforms FROM {$wpdb->prefix}tmu_tv_series WHERE ID = %d", ${postId} ) );
        echo wp_json_encode( \\TMU\\Sidecar\\Column_Codec::decode( $bytes ) );
      `),
    ) as Array<{ name: string; url: string | null }>;
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((link) => link.url?.endsWith('locale=GB'))).toBe(true);
  });

  it('refuses a region that is not two letters, next to the field’s page notice', async () => {
    await openAdmin(page, s.wp, SETTINGS_PAGE);
    await page.getByLabel('Where-to-watch region').evaluate((input) => input.removeAttribute('pattern'));
    await page.getByLabel('Where-to-watch region').fill('G1');
    await Promise.all([page.waitForURL(/settings-updated=true/), page.click('#submit')]);
    expect(await page.locator('.notice, .error').filter({ hasText: 'two-letter country code' }).count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Where-to-watch region').inputValue()).toBe('GB');
  });
});
