/**
 * A plain Update in the classic editor of a synced movie whose TMDb title and overview hold an
 * apostrophe and an ampersand: WordPress turns the sync's `&#039;` into `'` and `&amp;` into `&`,
 * which is no editor's change, so the next Sync now still follows TMDb's new title and overview.
 */
import { Browser, Page } from 'playwright-core';
import { encodeHtmlText } from '../../src/mappers/tmdb-text.mapper';
import { entityPlainText } from '../../src/services/sync/editor-guard';
import { followNavigation, launchBrowser, logIn, openAdmin, saveScreenshot } from './support/browser';
import { FullStack, startFullStack } from './support/full-stack';

jest.setTimeout(900_000);

const MOVIE = 550;
const QUICK = { images: false, videos: false, credits: false };
const FIRST = { title: "Ocean's Club & Friends", overview: 'It\'s "the" overview & more.' };
const LATER = { title: "Ocean's Club: Renamed", overview: "TMDb's new overview." };

describe('plain Update of a synced post', () => {
  let s: FullStack;
  let browser: Browser;
  let page: Page;
  let movieId: number;

  const post = async () => s.app.db(`${s.wp.tablePrefix}posts`).where({ ID: movieId }).first('post_title', 'post_content');
  const tmdbSays = (text: { title: string; overview: string }) =>
    s.standin.setRewrite((path, body: any) => (path === `/movie/${MOVIE}` ? { ...body, title: text.title, overview: text.overview } : body));

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18179, sidecarPort: 18879, dbName: `tmu_e2e_plain_update_${process.pid}` });
    tmdbSays(FIRST);
    const queued = await s.api('POST', '/tmu/v1/import', { body: { items: [{ type: 'movie', tmdb_id: MOVIE }], status: 'draft', options: QUICK } });
    expect(queued.status).toBe(202);
    expect(await s.waitForJob(queued.body.job_id)).toMatchObject({ status: 'succeeded' });
    await s.waitForIdle();
    movieId = Number((await s.app.db(`${s.wp.tablePrefix}tmu_movies`).where({ tmdb_id: MOVIE }).first('ID')).ID);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(120_000);
    await logIn(page, s.wp);
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await s?.close();
  });

  it('keeps following TMDb after an Update that only re-encoded the title and content', async () => {
    expect((await post()).post_title).toBe(encodeHtmlText(FIRST.title));

    await openAdmin(page, s.wp, `post.php?post=${movieId}&action=edit`);
    await followNavigation(page, () => page.click('#publish'), /message=\d+/);
    // What the Update stored differs from what the sync wrote only in its entities.
    const updated = await post();
    expect(updated.post_title).not.toBe(encodeHtmlText(FIRST.title));
    expect(entityPlainText(updated.post_title)).toBe(FIRST.title);

    tmdbSays(LATER);
    // A sync may answer from the sidecar's TMDb cache; the stand-in's new answer must be read.
    await s.app.db(`${s.wp.tablePrefix}tmu_api_cache`).delete();
    await page.locator('#tmu-sync-now').waitFor();
    await page.click('#tmu-sync-now');
    await page.waitForSelector('#tmu-sync-status[data-state="success"], #tmu-sync-status[data-state="error"]', { timeout: 480_000 });
    expect(await page.getAttribute('#tmu-sync-status', 'data-state')).toBe('success');
    await s.waitForIdle();

    const synced = await post();
    expect(synced.post_title).toBe(encodeHtmlText(LATER.title));
    expect(synced.post_content).toContain(encodeHtmlText(LATER.overview));
    expect(await page.inputValue('#title')).toBe(LATER.title);
    await saveScreenshot(page, 'plain-update-synced');
  });
});
