/**
 * TMDb text is text, on a real site: the TMDb stand-in serves a hostile catalogue (script tags,
 * event handlers, svg and iframe, javascript: links, entities, quotes, CJK and right-to-left text)
 * for a movie, a series with a season and its episodes, a drama, their people and videos, and a
 * curated list. Synced into WordPress 6.1 with the plugin, every public page type and the REST
 * answers are opened in Chromium as an anonymous visitor and as an administrator: no payload runs,
 * and the words show as words. Screenshots land in test-artifacts/hostile-*.png.
 */
import { Browser, BrowserContext, Page } from 'playwright-core';
import { hostileRewrite } from '../../tools/tmdb-standin/hostile-text';
import { launchBrowser, logIn, saveScreenshot } from './support/browser';
import { FullStack, startFullStack } from './support/full-stack';

jest.setTimeout(1_200_000);

const MOVIE = 550;
const SERIES = 1399;
const DRAMA = 96677;
const POST_TYPES = ['movie', 'tv', 'season', 'episode', 'drama', 'people', 'video'] as const;
/**
 * Markup of a payload that is live in an HTML string: a tag, an event handler or a javascript: link.
 * Encoded words (`&lt;img src=x onerror=&quot;…`) do not match, whatever attribute they sit in.
 */
const LIVE_MARKUP = /<(script|svg|iframe)\b|\son(error|load)=["']?[^"'&\s>]*__tmuXss|href=["']?javascript:/i;
/** Elements a payload makes when a page prints it as HTML. */
const PAYLOAD_ELEMENTS = '[onerror*="__tmuXss"], [onload*="__tmuXss"], iframe[src*="__tmuXss"], #tmu-xss-link, a[href^="javascript:alert"]';
/** What a visitor must read on a page: the first words of the payload in front of its title. */
const SCRIPT_WORDS = "<script>window.__tmuXss=(window.__tmuXss||[]).concat('script')";
const IMG_WORDS = '<img src=x onerror=';

interface Visit {
  name: string;
  url: string;
  /** Words the page shows as text. */
  words: string;
}

/** Every string in a REST answer. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

type Post = { id: number; link: string; title: { rendered: string }; content?: { rendered: string }; excerpt?: { rendered: string } };

describe('TMDb text is text on every public page', () => {
  let s: FullStack;
  let browser: Browser;
  const visits: Visit[] = [];

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18101, sidecarPort: 18801, dbName: `tmu_e2e_hostile_${process.pid}` });
    s.standin.setRewrite(hostileRewrite());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await s?.close();
  });

  const anonymous = (route: string, query: Record<string, string | number> = {}) => s.api('GET', route, { query, auth: null });
  const firstOf = async (type: string): Promise<Post> => {
    const res = await anonymous(`/wp/v2/${type}`, { per_page: 1 });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(1);
    return res.body[0] as Post;
  };

  it('syncs the hostile catalogue into WordPress', async () => {
    await s.app.sync.sync('movie', MOVIE, { seasons: 'none' });
    await s.app.sync.sync('tv', SERIES, { images: false, credits: false, seasons: [1] });
    await s.app.sync.sync('drama', DRAMA, { images: false, credits: false, videos: false, seasons: [1] });
    const list = await s.app.discovery.lists.create({ keyword: 'Disney', title: 'Hostile picks', limit: 2, status: 'publish' });
    await s.app.discovery.lists.refresh(list.id);
    await s.waitForIdle();
    const page = await s.api('POST', '/wp/v2/pages', {
      body: { title: 'Hostile list', status: 'publish', content: `<!-- wp:shortcode -->[tmu_list slug="${list.slug}" heading="yes"]<!-- /wp:shortcode -->` },
    });
    expect(page.status).toBe(201);
    // Characters of 1,000 characters or more fit their VARCHAR(255) column as text: cut, encoded, no entity split.
    const characters: string[] = (await s.app.db(`${s.wp.tablePrefix}tmu_movies_cast`).select('job')).map((row: { job: string }) => row.job);
    expect(characters.length).toBeGreaterThan(0);
    expect(characters.filter((job) => Array.from(job).length > 255 || /[<>"]|&#?[a-z0-9]*$/i.test(job))).toEqual([]);
    expect(characters.some((job) => Array.from(job).length > 200 && job.includes('&lt;svg'))).toBe(true);

    const movie = await s.api('GET', '/wp/v2/movie', { query: { search: 'Fight Club', per_page: 1 }, auth: null });
    const [tv, season, episode, drama, person, video] = await Promise.all(['tv', 'season', 'episode', 'drama', 'people', 'video'].map(firstOf));
    visits.push(
      { name: 'movie', url: movie.body[0].link, words: SCRIPT_WORDS },
      { name: 'tv', url: tv.link, words: IMG_WORDS },
      { name: 'season', url: season.link, words: IMG_WORDS },
      { name: 'episode', url: episode.link, words: IMG_WORDS },
      { name: 'drama', url: drama.link, words: IMG_WORDS },
      { name: 'people', url: person.link, words: IMG_WORDS },
      { name: 'video', url: video.link, words: IMG_WORDS },
      { name: 'archive', url: `${s.wp.url}/?post_type=movie`, words: SCRIPT_WORDS },
      { name: 'search', url: `${s.wp.url}/?s=${encodeURIComponent('Fight Club')}`, words: SCRIPT_WORDS },
      { name: 'list', url: page.body.link, words: SCRIPT_WORDS },
    );
  });

  it.each(POST_TYPES)('answers wp/v2/%s with text, anonymously and to an administrator', async (type) => {
    for (const auth of [null, undefined]) {
      const res = await s.api('GET', `/wp/v2/${type}`, { query: { per_page: 20, ...(auth === undefined ? { context: 'edit' } : {}) }, auth });
      expect(res.status).toBe(200);
      const posts = res.body as Array<Post & { title: { raw?: string } }>;
      expect(posts.length).toBeGreaterThan(0);
      for (const post of posts) {
        const fields = [post.title.rendered, post.title.raw ?? '', post.content?.rendered ?? '', post.excerpt?.rendered ?? ''];
        expect(fields.filter((field) => LIVE_MARKUP.test(field))).toEqual([]);
      }
      // The words are there, encoded: a front end that sets them as HTML shows them as text.
      expect(posts.some((post) => post.title.rendered.includes('&lt;'))).toBe(true);
    }
  });

  it('answers the terms and the media library with text', async () => {
    for (const route of ['/wp/v2/genre', '/wp/v2/keyword', '/wp/v2/media']) {
      const res = await anonymous(route, { per_page: 50 });
      expect(res.status).toBe(200);
      expect(res.body.length).toBeGreaterThan(0);
      expect(strings(res.body).filter((text) => LIVE_MARKUP.test(text))).toEqual([]);
      // The words are there, encoded (term names, attachment titles and alt texts).
      expect(strings(res.body).some((text) => text.includes('&lt;'))).toBe(true);
    }
  });

  for (const who of ['visitor', 'administrator'] as const) {
    it(`runs no payload and shows the words on every page type, as ${who === 'visitor' ? 'an anonymous visitor' : 'an administrator'}`, async () => {
      expect(visits.length).toBe(10);
      const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(120_000);
      const page: Page = await context.newPage();
      if (who === 'administrator') await logIn(page, s.wp);
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(`${page.url()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      const failures: string[] = [];
      for (const visit of visits) {
        const res = await page.goto(visit.url, { waitUntil: 'load' });
        expect(res?.status()).toBe(200);
        // An <img src=x onerror> fires once its load fails: give the page a moment after `load`.
        await page.waitForTimeout(500);
        const ran = await page.evaluate('window.__tmuXss || null');
        if (ran) failures.push(`${visit.name}: ran ${JSON.stringify(ran)}`);
        const live = await page.locator(PAYLOAD_ELEMENTS).count();
        if (live > 0) failures.push(`${visit.name}: ${live} live payload elements`);
        const text = await page.locator('body').innerText();
        if (!text.includes(visit.words)) failures.push(`${visit.name}: "${visit.words}" not shown`);
        await saveScreenshot(page, `hostile-${who}-${visit.name}`);
      }
      await context.close();
      expect(failures).toEqual([]);
      expect(dialogs).toEqual([]);
    });
  }
});
