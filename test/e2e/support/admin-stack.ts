/**
 * The whole product with an administrator logged in to wp-admin in headless Chromium: what the
 * browser suites start in their beforeAll and stop in their afterAll.
 */
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, logIn } from './browser';
import { FullStack, FullStackOptions, startFullStack } from './full-stack';

/** Playwright's wait for one step; a loaded CI machine needs far more than its 30 s default. */
const STEP_TIMEOUT = 120_000;

export interface AdminStackOptions extends FullStackOptions {
  /** Playwright's wait for one step (default STEP_TIMEOUT). */
  stepTimeout?: number;
  /** Runs on the started stack before Chromium starts: syncs, uploads, users the suite needs first. */
  prepare?: (stack: FullStack) => Promise<void>;
}

export interface AdminStack {
  stack: FullStack;
  browser: Browser;
  /** A page of the administrator, logged in. */
  page: Page;
  /** Another browser context (its own cookies), e.g. for a second user. */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Starts the stack, runs `prepare`, launches Chromium and logs the administrator in; a failed start stops what it started. */
export async function startAdminStack(options: AdminStackOptions): Promise<AdminStack> {
  const { stepTimeout = STEP_TIMEOUT, prepare, ...stackOptions } = options;
  const stack = await startFullStack(stackOptions);
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await stack.close();
  };
  try {
    await prepare?.(stack);
    const launched = await launchBrowser();
    browser = launched;
    const newContext = async (): Promise<BrowserContext> => {
      const context = await launched.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(stepTimeout);
      return context;
    };
    const page = await (await newContext()).newPage();
    await logIn(page, stack.wp);
    return { stack, browser: launched, page, newContext, close };
  } catch (error) {
    await close();
    throw error;
  }
}
