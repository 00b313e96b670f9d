/**
 * Site Health and the uploadable plugin, on one real stack (WordPress, the sidecar, the TMDb
 * stand-in): the plugin is installed from dist/tmu-sidecar.zip the way Plugins → Add New → Upload
 * does (Plugin_Upgrader) and activated; then each Site Health test passes when all is well and
 * fails for its own cause: the sidecar stopped, a wrong webhook secret, a wrong application password.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { jobInput } from '../../src/domain/job-registry';
import { launchBrowser, logIn, openAdmin, saveScreenshot } from './support/browser';
import { FullStack, startFullStack } from './support/full-stack';
import { phpString } from './support/wordpress-stack';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the packaging script is plain CommonJS without type declarations
const { buildPluginZip } = require('../../scripts/plugin-zip.js') as { buildPluginZip: (output: string) => Promise<{ output: string; files: string[] }> };

jest.setTimeout(180_000);

const TESTS = ['answering', 'signature', 'version', 'wordpress', 'tmdb', 'daily-run'] as const;
type TestSlug = (typeof TESTS)[number];

interface HealthResult {
  status: 'good' | 'recommended' | 'critical';
  label: string;
  description: string;
  test: string;
}

describe('Site Health and the plugin zip', () => {
  let stack: FullStack;
  let browser: Browser;
  let page: Page;
  let zipFiles: string[] = [];
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmu-site-health-'));

  /** Runs the tests in Site Health's order (the first one asks the sidecar afresh). */
  async function runTests(): Promise<Record<TestSlug, HealthResult>> {
    const results = {} as Record<TestSlug, HealthResult>;
    for (const slug of TESTS) {
      const res = await stack.api<HealthResult>('GET', `/tmu/v1/site-health/${slug}`);
      expect(res.status).toBe(200);
      results[slug] = res.body;
    }
    return results;
  }

  function statuses(results: Record<TestSlug, HealthResult>): Record<string, string> {
    return Object.fromEntries(TESTS.map((slug) => [slug, results[slug].status]));
  }

  beforeAll(async () => {
    const zip = await buildPluginZip(path.join(workDir, 'tmu-sidecar.zip'));
    zipFiles = zip.files;
    stack = await startFullStack({ wpPort: 18169, sidecarPort: 18869, dbName: `tmu_e2e_g_health_${process.pid}` });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it("installs from the zip through WordPress's upgrader, activates, and its settings screen loads", async () => {
    const pluginDir = path.join(stack.wp.wpDir, 'wp-content', 'plugins', 'tmu-sidecar');
    // Take away the copy the stack installed, so that only the zip's files are there.
    await stack.wp.runPhp(`require_once ABSPATH . 'wp-admin/includes/plugin.php'; deactivate_plugins( 'tmu-sidecar/tmu-sidecar.php' );`);
    fs.renameSync(pluginDir, path.join(workDir, 'copied-plugin'));
    const installed = await stack.wp.runPhp(`
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/misc.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/class-wp-upgrader.php';
$upgrader = new Plugin_Upgrader( new Automatic_Upgrader_Skin() );
$result   = $upgrader->install( ${phpString(path.join(workDir, 'tmu-sidecar.zip'))} );
echo wp_json_encode( array( 'result' => is_wp_error( $result ) ? $result->get_error_message() : $result, 'plugin' => $upgrader->plugin_info() ) );
`);
    expect(JSON.parse(installed.trim().split('\n').pop() ?? '{}')).toEqual({ result: true, plugin: 'tmu-sidecar/tmu-sidecar.php' });
    const activated = await stack.wp.runPhp(`
require_once ABSPATH . 'wp-admin/includes/plugin.php';
$user = get_user_by( 'login', ${phpString(stack.wp.admin.username)} );
wp_set_current_user( $user->ID );
$error = activate_plugin( 'tmu-sidecar/tmu-sidecar.php' );
echo wp_json_encode( array( 'error' => is_wp_error( $error ) ? $error->get_error_message() : null, 'active' => is_plugin_active( 'tmu-sidecar/tmu-sidecar.php' ) ) );
`);
    expect(JSON.parse(activated.trim().split('\n').pop() ?? '{}')).toEqual({ error: null, active: true });
    // The zip holds the plugin and nothing else: no dot files, no tests.
    expect(zipFiles).toContain('tmu-sidecar.php');
    expect(zipFiles.some((file) => /(^|\/)(\.|tests?\/)/.test(file))).toBe(false);
    expect(fs.existsSync(path.join(pluginDir, 'tmu-sidecar.php'))).toBe(true);

    await logIn(page, stack.wp);
    await openAdmin(page, stack.wp, 'options-general.php?page=tmu-sidecar');
    await expect(page.locator('h1').first().textContent()).resolves.toContain('TMU Sidecar');
    // The screen's script runs from the zip's files and shows its wp.i18n strings.
    await page.click('#tmu-test-connection');
    await page.locator('#tmu-test-connection-result[data-ok="true"]').waitFor({ timeout: 60_000 });
    await expect(page.locator('#tmu-test-connection-result li[data-check="sidecar"]').innerText()).resolves.toBe('Sidecar: reachable');
    await expect(page.locator('#tmu-test-connection-result li[data-check="wordpress"]').innerText()).resolves.toBe("Sidecar's WordPress credentials: credentials accepted");
    await saveScreenshot(page, 'plugin-zip-settings');
  });

  it('passes every test when all is well, and shows them on Tools → Site Health', async () => {
    // The daily run has ended once (as `serve` runs it on CRON_DAILY).
    const { job } = await stack.app.jobs.enqueue(jobInput('changes', {}));
    await stack.waitForJobEnd(job.id);
    const results = await runTests();
    expect(statuses(results)).toEqual({ answering: 'good', signature: 'good', version: 'good', wordpress: 'good', tmdb: 'good', 'daily-run': 'good' });

    await openAdmin(page, stack.wp, 'site-health.php');
    await page.locator('.site-health-progress-wrapper:not(.loading)').waitFor({ timeout: 120_000 });
    await page.locator('.site-health-view-passed').click();
    const passed = await page.locator('#health-check-issues-good').innerText();
    for (const slug of TESTS) expect(passed).toContain(results[slug].label);
    await saveScreenshot(page, 'site-health-status');

    await openAdmin(page, stack.wp, 'site-health.php?tab=debug');
    await page.locator('button[aria-controls="health-check-accordion-block-tmu-sidecar"]').click();
    const section = await page.locator('#health-check-accordion-block-tmu-sidecar').innerText();
    expect(section).toContain('Sidecar version');
    expect(section).toMatch(/Sidecar table prefix\s+wp_ \(this site: wp_\)/);
    expect(section).toMatch(/Queue depth\s+\d+ queued, \d+ running, \d+ failed/);
    expect(section).toContain(`job ${job.id}`);
    expect(section).not.toContain(stack.app.config.webhookSecret as string);
    await saveScreenshot(page, 'site-health-debug-info');
  });

  it('fails "answering" when the sidecar is stopped, and leaves the parts behind it unchecked', async () => {
    await stack.sidecar.close();
    try {
      const results = await runTests();
      expect(results.answering).toMatchObject({ status: 'critical', label: 'The TMU sidecar does not answer' });
      expect(results.answering.description).toContain('Sidecar unreachable');
      expect(statuses(results)).toMatchObject({ signature: 'recommended', wordpress: 'recommended', tmdb: 'recommended', version: 'recommended', 'daily-run': 'recommended' });
    } finally {
      await stack.restartSidecar();
    }
  });

  it('fails "signature" alone when the webhook secrets differ', async () => {
    await stack.restartSidecar({ TMU_WEBHOOK_SECRET: 'another-secret-than-wordpress-0123456789' });
    const results = await runTests();
    expect(results.signature).toMatchObject({ status: 'critical', label: "The TMU sidecar rejects this site's signatures" });
    expect(results.answering.status).toBe('good');
    expect(results.version.status).toBe('good');
  });

  it('fails "wordpress" alone when the sidecar\'s application password is wrong', async () => {
    await stack.restartSidecar({ WP_APP_PASSWORD: 'abcd efgh ijkl mnop qrst uvwx' });
    const results = await runTests();
    expect(results.wordpress).toMatchObject({ status: 'critical', label: 'The TMU sidecar cannot sign in to this site' });
    expect(results.wordpress.description).toContain('credentials refused');
    expect(statuses(results)).toMatchObject({ answering: 'good', signature: 'good', tmdb: 'good', version: 'good' });
  });

  it('warns on the dashboard and fails "version" when the sidecar is another release', async () => {
    await stack.restartSidecar();
    await stack.wp.runPhp(`set_transient( 'tmu_sidecar_health_answer', array( 'ok' => true, 'version' => '9.9.0', 'message' => '' ), 300 );`);
    await openAdmin(page, stack.wp, 'index.php');
    await expect(page.locator('#tmu-sidecar-version-notice').innerText()).resolves.toMatch(/plugin is version \d+\.\d+\.\d+ and the sidecar is version 9\.9\.0/);
    const result = JSON.parse(
      (
        await stack.wp.runPhp(
          `echo wp_json_encode( TMU\\Sidecar\\Site_Health_Results::version( TMU\\Sidecar\\VERSION, array( 'ok' => true, 'version' => '9.9.0', 'message' => '' ) ) );`,
        )
      ).trim(),
    ) as HealthResult;
    expect(result.status).toBe('critical');
    // The real answer: same version, no notice.
    expect((await runTests()).version.status).toBe('good');
    await openAdmin(page, stack.wp, 'index.php');
    expect(await page.locator('#tmu-sidecar-version-notice').count()).toBe(0);
  });
});
