/**
 * TMDb text is text on the admin displays added lately: the import screen's cards, badges and genre
 * select, the "TMDb data" box and its REST route, the episode name and "Video of" list columns. The
 * TMDb stand-in serves markup in titles, names, overviews, dates, poster paths and genre names; each
 * display is opened in Chromium: no element is made, nothing runs, and the visible text is what TMDb
 * sent. REST answers carry the words as plain text; the HTML WordPress prints carries them escaped.
 * Screenshots land in test-artifacts/hostile-displays-*.png.
 */
import { Browser, Page } from 'playwright-core';
import { launchBrowser, logIn, openAdmin, saveScreenshot } from './support/browser';
import { FullStack, startFullStack } from './support/full-stack';
import { escaped, hostileDisplaysRewrite, HostileServed, INJECTED, INJECTED_SCRIPTS, LONG_TITLE, PWNED, ServedCard } from './support/hostile-displays';

jest.setTimeout(900_000);

const MOVIE = 550;
const SERIES = 1399;
const CARDS = 5;
/** A release date as an editor or an older writer may leave it in the row. */
const HOSTILE_DATE = `${PWNED.svg} 1999-10-15`;

describe('hostile TMDb text on the admin displays', () => {
  let s: FullStack;
  let served: HostileServed;
  let browser: Browser;
  let page: Page;
  let moviePostId: number;
  let seriesPostId: number;
  const dialogs: string[] = [];

  const table = (name: string) => `${s.wp.tablePrefix}${name}`;
  /** Nothing ran, no payload element or script exists, no dialog opened. */
  const expectNoInjection = async () => {
    await page.waitForTimeout(300); // an <img src=x onerror> fires once its load fails
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator(INJECTED).count()).toBe(0);
    expect(await page.evaluate(INJECTED_SCRIPTS)).toBe(0);
    expect(dialogs).toEqual([]);
  };
  /** The HTML WordPress sends for an admin screen, before any script runs. */
  const rawHtml = async (adminPath: string) => {
    const res = await page.request.get(`${s.wp.url}/wp-admin/${adminPath}`);
    expect(res.status()).toBe(200);
    return res.text();
  };
  const text = async (selector: string) => (await page.locator(selector).textContent()) ?? '';
  /** The TMDb id of the card the rewrite made so. */
  const cardWith = (test: (card: ServedCard) => boolean) => {
    const found = [...served.cards].find(([, card]) => test(card));
    if (!found) throw new Error('the stand-in served no such card');
    return found[0];
  };

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18400, sidecarPort: 18401, dbName: `tmu_e2e_hostile_displays_${process.pid}` });
    const hostile = hostileDisplaysRewrite({ movieId: MOVIE, seriesId: SERIES, listPath: '/movie/popular', cards: CARDS });
    served = hostile.served;
    s.standin.setRewrite(hostile.rewrite);
    moviePostId = (await s.app.sync.sync('movie', MOVIE, { images: false, credits: false, videos: true, seasons: 'none' })).postId;
    seriesPostId = (await s.app.sync.sync('tv', SERIES, { images: false, credits: false, videos: false, seasons: [1] })).postId;
    await s.waitForIdle();
    // The sidecar caches TMDb's answers: the genre lists asked once here are the ones every screen gets.
    for (const type of ['movie', 'tv']) expect((await s.api('GET', '/tmu/v1/tmdb/genres', { query: { type } })).status).toBe(200);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(120_000);
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      // Leaving a screen is WordPress's own question, not a payload.
      if (dialog.type() === 'beforeunload') return void dialog.accept();
      dialogs.push(`${page.url()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await logIn(page, s.wp);
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await s?.close();
  });

  it('answers browse cards as the plain words TMDb sent', async () => {
    const browse = await s.api('GET', '/tmu/v1/tmdb/browse', { query: { source: 'popular', type: 'movie', page: 1 } });
    expect(browse.status).toBe(200);
    expect(served.cards.size).toBe(CARDS);
    const items = new Map((browse.body.items as Array<Record<string, any>>).map((item) => [Number(item.tmdb_id), item]));
    expect([...items.keys()]).toEqual(expect.arrayContaining([...served.cards.keys()]));
    for (const [id, card] of served.cards) expect(items.get(id)!.title).toBe(card.title);
    // A date that is no date has no year; a poster path with markup is no working link with markup.
    expect(items.get(cardWith((c) => c.releaseDate === PWNED.img))!.year).toBeNull();
    expect(String(items.get(cardWith((c) => c.posterPath === `/${PWNED.svg}.jpg`))!.poster_url)).not.toMatch(/[<>"\s]/);
    expect(items.get(MOVIE)).toMatchObject({ in_library: true, post_id: moviePostId });
    // Long and multibyte words come back whole.
    expect(LONG_TITLE.length).toBeGreaterThan(1000);
    expect(items.get(cardWith((c) => c.title === LONG_TITLE))!.title).toBe(LONG_TITLE);
  });

  it('answers genre names as the plain words TMDb sent', async () => {
    for (const kind of ['movie', 'tv'] as const) {
      const genres = await s.api('GET', '/tmu/v1/tmdb/genres', { query: { type: kind } });
      expect(genres.status).toBe(200);
      expect(served.genres[kind].length).toBeGreaterThan(0);
      expect(genres.body.genres).toEqual(served.genres[kind]);
      expect(served.genres[kind].some((g) => g.name.startsWith(PWNED.cjk))).toBe(true);
    }
  });

  it('shows the import screen’s cards and badges as text', async () => {
    await openAdmin(page, s.wp, 'tools.php?page=tmu-import');
    const card = (id: number) => page.locator(`#tmu-import-grid .tmu-import-card[data-tmdb-id="${id}"]`);
    await card(MOVIE).waitFor();
    for (const [id, c] of served.cards) {
      expect(await card(id).locator('.tmu-import-title').textContent()).toBe(c.title);
      if (id === MOVIE) continue;
      expect(await card(id).locator('.tmu-import-one').getAttribute('aria-label')).toBe(`Import ${c.title}`);
    }
    expect(
      await card(cardWith((c) => c.releaseDate === PWNED.img))
        .locator('.tmu-import-meta')
        .textContent(),
    ).toMatch(/^year unknown · Movie/);
    // The "In library" badge names the title in its accessible name and links to the post.
    const badge = card(MOVIE).locator('a.tmu-import-badge');
    expect(await badge.textContent()).toBe('In library');
    expect(await badge.getAttribute('aria-label')).toBe(`In library: open ${served.cards.get(MOVIE)!.title}`);
    expect(await badge.getAttribute('href')).toContain(`post.php?post=${moviePostId}&action=edit`);
    // A title of 1,000+ characters stays inside its card, cut at four lines, whole in its tooltip.
    const long = card(cardWith((c) => c.title === LONG_TITLE));
    const title = long.locator('.tmu-import-title');
    expect(await title.getAttribute('title')).toBe(LONG_TITLE);
    const [cardBox, titleBox] = [await long.boundingBox(), await title.boundingBox()];
    expect(titleBox!.x + titleBox!.width).toBeLessThanOrEqual(cardBox!.x + cardBox!.width);
    expect(titleBox!.height).toBeLessThan(100);
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await saveScreenshot(page, 'hostile-displays-import');
    await expectNoInjection();
  });

  it('lists TMDb’s genre names as text in the import screen’s Genre select', async () => {
    await openAdmin(page, s.wp, 'tools.php?page=tmu-import');
    // The Genre select of Discover, for movies and then for TV shows.
    await page.selectOption('#tmu-import-source', 'discover');
    for (const kind of ['movie', 'tv'] as const) {
      await page.selectOption('#tmu-import-type', kind);
      const values = ['', ...served.genres[kind].map((g) => String(g.id))].join();
      await page.waitForFunction(`Array.from(document.querySelectorAll('#tmu-import-genre option'), (o) => o.value).join() === ${JSON.stringify(values)}`);
      expect(await page.locator('#tmu-import-genre option').allTextContents()).toEqual(['Any genre', ...served.genres[kind].map((g) => g.name)]);
    }
    await saveScreenshot(page, 'hostile-displays-genres');
    await expectNoInjection();
  });

  it('serves the TMDb data box’s figures as plain text in REST and escaped in the box', async () => {
    await s.app.db(table('tmu_movies')).where({ ID: moviePostId }).update({ release_date: HOSTILE_DATE });
    const facts = await s.api('GET', `/tmu/v1/posts/${moviePostId}/tmdb-data`);
    expect(facts.status).toBe(200);
    const release = (facts.body.facts as Array<{ key: string; value: string }>).find((f) => f.key === 'release_date');
    expect(release?.value).toBe(HOSTILE_DATE);

    const editPath = `post.php?post=${moviePostId}&action=edit`;
    const html = await rawHtml(editPath);
    expect(html).toContain(`<dd data-fact="release_date">${escaped(HOSTILE_DATE)}</dd>`);
    expect(html).not.toContain(PWNED.svg);

    await openAdmin(page, s.wp, editPath);
    const dd = '#tmu-tmdb-data-list dd[data-fact="release_date"]';
    expect(await text(dd)).toBe(HOSTILE_DATE);
    await expectNoInjection();
    // The box's script draws the figures again from the route after a sync: the same words, as text.
    await page.evaluate(`document.getElementById('tmu-tmdb-data-list').setAttribute('data-old', '1')`);
    await page.evaluate('window.tmuSidecarMetaBoxEditor.create(window.tmuSidecarMetaBox, {}).refreshDataBox()');
    await page.locator('#tmu-tmdb-data-list:not([data-old])').waitFor();
    expect(await text(dd)).toBe(HOSTILE_DATE);
    await saveScreenshot(page, 'hostile-displays-tmdb-data');
    await expectNoInjection();
  });

  it('lists episode names and the series as text in the episode list', async () => {
    const rows: Array<{ ID: number; episode_no: number }> = await s.app.db(table('tmu_tv_series_episodes')).where({ tv_series: seriesPostId }).select('ID', 'episode_no');
    expect(rows.length).toBe(served.episodes.size);
    expect([...served.episodes.values()].some((name) => name.startsWith(PWNED.cjk))).toBe(true);
    expect(served.episodes.size).toBeGreaterThan(0);
    const html = await rawHtml('edit.php?post_type=episode');
    await openAdmin(page, s.wp, 'edit.php?post_type=episode');
    for (const row of rows) {
      const name = served.episodes.get(Number(row.episode_no))!;
      expect(html).toContain(escaped(name));
      expect(await text(`#post-${row.ID} td.column-tmu_episode_name`)).toBe(name);
      expect(await text(`#post-${row.ID} td.column-tmu_series a`)).toBe(served.seriesName);
    }
    for (const payload of [PWNED.img, PWNED.script, PWNED.svg]) expect(html).not.toContain(payload);
    await saveScreenshot(page, 'hostile-displays-episodes');
    await expectNoInjection();
  });

  it('names the title a video belongs to as text in the videos list', async () => {
    const videos: Array<{ ID: number }> = await s.app.db(table('tmu_videos')).where({ post_id: moviePostId }).select('ID');
    expect(videos.length).toBeGreaterThan(0);
    const html = await rawHtml('edit.php?post_type=video');
    expect(html).toContain(`>${escaped(served.movieTitle)}</a>`);
    expect(html).not.toContain(PWNED.img);
    await openAdmin(page, s.wp, 'edit.php?post_type=video');
    for (const video of videos) {
      const link = page.locator(`#post-${video.ID} td.column-tmu_video_title a`);
      expect(await link.textContent()).toBe(served.movieTitle);
      expect(await link.getAttribute('href')).toContain(`post.php?post=${moviePostId}&action=edit`);
    }
    await saveScreenshot(page, 'hostile-displays-videos');
    await expectNoInjection();
  });
});
