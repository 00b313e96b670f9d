/**
 * Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, for the wp-admin tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Dialog, Page } from 'playwright-core';
import { projectRoot, WordPressStack } from './wordpress-stack';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots land here (git-ignored) so a person can look at what the test saw. */
export const ARTIFACTS_DIR = path.join(projectRoot(__dirname), 'test-artifacts');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Root in a container needs --no-sandbox; the rest keeps Chromium off the (absent) internet.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const LOGIN_ATTEMPTS = 3;

/**
 * Logs in through the wp-login.php form, as a person would; resolves on the dashboard. A form
 * answered with the login page again is tried anew (a loaded machine once failed one login in a
 * CI run), and the last attempt's error text from WordPress is thrown.
 */
export async function logIn(page: Page, wp: WordPressStack, user: { username: string; password: string } = wp.admin): Promise<void> {
  let lastError = '';
  for (let attempt = 1; attempt <= LOGIN_ATTEMPTS; attempt += 1) {
    await page.goto(`${wp.url}/wp-login.php`, { waitUntil: 'domcontentloaded' });
    await page.fill('#user_login', user.username);
    await page.fill('#user_pass', user.password);
    await page.click('#wp-submit');
    // The dashboard's admin bar, or the login page again with WordPress's reason (a fresh form has none).
    const landed = await page
      .locator('#wpadminbar, #login_error')
      .first()
      .waitFor({ timeout: 60_000 })
      .then(
        () => true,
        () => false,
      );
    if (landed && (await page.locator('#wpadminbar').count()) > 0) return;
    lastError = landed ? ((await page.locator('#login_error').textContent())?.trim() ?? '') : `neither dashboard nor error after 60 s at ${page.url()}`;
    await saveScreenshot(page, `login-failed-${attempt}`);
  }
  throw new Error(`login as ${user.username} failed ${LOGIN_ATTEMPTS} times; WordPress said: ${lastError}`);
}

/**
 * Runs an action that navigates (a link, a form submit) and resolves once the page it leads to
 * has loaded. It waits for a new navigation of the main frame, so a URL the page is already at
 * (say a second "Update" on post.php?...&message=1) cannot satisfy it early.
 */
export async function followNavigation(page: Page, action: () => Promise<unknown>, url?: RegExp): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() && (url === undefined || url.test(frame.url())) });
  // The test leaves on purpose: a leave-page question (WordPress's beforeunload) is answered Leave,
  // where Playwright's default (dismiss) would cancel the navigation this waits for.
  const leave = (dialog: Dialog) => {
    // A suite's own dialog handler may have answered it already: then there is nothing left to do.
    if (dialog.type() === 'beforeunload') dialog.accept().catch(() => undefined);
  };
  page.on('dialog', leave);
  try {
    await action();
    await navigated;
  } finally {
    page.off('dialog', leave);
  }
  await page.waitForLoadState('load');
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
