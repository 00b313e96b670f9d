/**
 * Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, for the wp-admin tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { projectRoot, WordPressStack } from './wordpress-stack';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots land here (git-ignored) so a person can look at what the test saw. */
export const ARTIFACTS_DIR = path.join(projectRoot(__dirname), 'test-artifacts');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Root in a container needs --no-sandbox; the rest keeps Chromium off the (absent) internet.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Logs in through the wp-login.php form, as a person would; resolves on the dashboard. */
export async function logIn(page: Page, wp: WordPressStack): Promise<void> {
  await page.goto(`${wp.url}/wp-login.php`, { waitUntil: 'domcontentloaded' });
  await page.fill('#user_login', wp.admin.username);
  await page.fill('#user_pass', wp.admin.password);
  await Promise.all([page.waitForURL(/\/wp-admin\/?/, { waitUntil: 'domcontentloaded' }), page.click('#wp-submit')]);
  await page.locator('#wpadminbar').waitFor();
}

/** Opens a wp-admin page without waiting for outside resources (no internet here). */
export async function openAdmin(page: Page, wp: WordPressStack, adminPath: string): Promise<void> {
  await page.goto(`${wp.url}/wp-admin/${adminPath}`, { waitUntil: 'domcontentloaded' });
  await page.locator('#wpadminbar').waitFor();
}

/** Saves a full-page screenshot as test-artifacts/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  // From the top: scrolled, the fixed admin bar and menu would be painted in the middle of the image.
  await page.evaluate('window.scrollTo(0, 0)');
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
