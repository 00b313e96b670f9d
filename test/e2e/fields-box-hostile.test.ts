/**
 * TMDb text is text in the "TMU fields" box too. The TMDb stand-in serves a hostile catalogue
 * (script tags, img onerror handlers, svg, javascript: links, quotes of both kinds, `&amp;`-style
 * entities, CJK and right-to-left words, characters of 1,000 characters and more); a movie and one
 * of its stars are synced into WordPress and their boxes opened in Chromium. No payload makes an
 * element, runs or opens a dialog; the inputs hold the words as text; an Update that changes
 * nothing writes nothing and marks nothing edited; the people and media searches list the names as
 * text. Screenshots land in test-artifacts/fields-box-hostile-*.png.
 */
import { Browser, Page } from 'playwright-core';
import { decodeColumn } from '../../src/mappers/column-codec';
import { decodeHtmlText } from '../../src/mappers/tmdb-text.mapper';
import { HOSTILE_CHARACTER_LENGTH, HOSTILE_PAYLOADS, HOSTILE_WORLD_TEXT, hostileRewrite } from '../../tools/tmdb-standin/hostile-text';
import { launchBrowser, logIn, openAdmin, saveScreenshot } from './support/browser';
import { FullStack, startFullStack } from './support/full-stack';

jest.setTimeout(900_000);

const MOVIE = 550;
/** Elements a payload makes when a page prints it as HTML. */
const PAYLOAD_ELEMENTS = '[onerror*="__tmuXss"], [onload*="__tmuXss"], iframe[src*="__tmuXss"], #tmu-xss-link, a[href^="javascript:alert"]';
/** The words each payload starts with, as a reader must see them. */
const SCRIPT_WORDS = HOSTILE_PAYLOADS[0].slice(0, 30);
const IMG_WORDS = '<img src=x onerror="window.__tmuXss';
const SVG_WORDS = '"><svg onload="window.__tmuXss';
const LINK_WORDS = `<a href="javascript:alert('link')" id="tmu-xss-link">Tom &amp; Jerry's "cut"</a>`;

describe('TMDb text is text in the TMU fields box', () => {
  let s: FullStack;
  let browser: Browser;
  let page: Page;
  let movieId: number;
  let personId: number;
  const dialogs: string[] = [];
  const consoleErrors: string[] = [];

  const table = (name: string) => `${s.wp.tablePrefix}${name}`;
  const edit = async (id: number) => {
    await openAdmin(page, s.wp, `post.php?post=${id}&action=edit`);
    await page.locator('#tmu-fields').waitFor();
    // An <img src=x onerror> fires once its load fails: give the page a moment.
    await page.waitForTimeout(500);
  };
  /** Update in the classic editor; resolves once the reloaded screen shows the box. */
  const save = async () => {
    const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() && /message=\d+/.test(frame.url()) });
    await page.click('#publish');
    await reloaded;
    await page.locator('#tmu-fields').waitFor();
    await page.waitForTimeout(500);
  };
  const editedFields = async () => page.locator('#tmu-fields .tmu-field--edited').evaluateAll((els) => els.map((el) => el.getAttribute('data-field')));
  /** Nothing ran, no payload element exists, no dialog opened, the console stayed clean. */
  const expectNoInjection = async () => {
    expect(await page.evaluate('window.__tmuXss || null')).toBeNull();
    expect(await page.locator(PAYLOAD_ELEMENTS).count()).toBe(0);
    expect(await page.locator('#tmu-fields script, #tmu-fields svg, #tmu-fields iframe, #tmu-fields a[href^="javascript:"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
  };
  /** A row and the edit fingerprints of its columns, as stored. */
  const stored = async (rowTable: string, objectType: string, id: number) => ({
    row: await s.app.db(table(rowTable)).where({ ID: id }).first(),
    prints: await s.app.db(table('tmu_sync_fingerprints')).where({ object_type: objectType, object_id: id }).orderBy('field').select('field', 'hash', 'tmdb_value'),
  });

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18177, sidecarPort: 18877, dbName: `tmu_e2e_box_hostile_${process.pid}` });
    s.standin.setRewrite(hostileRewrite());
    await s.app.sync.sync('movie', MOVIE, { seasons: 'none' });
    await s.waitForIdle();
    const movie = await s.app.db(table('tmu_movies')).where({ tmdb_id: MOVIE }).first('ID', 'star_cast');
    movieId = Number(movie.ID);
    personId = Number((decodeColumn(movie.star_cast) as Array<{ person: number }>)[0].person);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(120_000);
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      // Leaving a screen with an unsaved pick asks first (WordPress's own beforeunload): that is no
      // payload, and the test leaves on purpose.
      if (dialog.type() === 'beforeunload') {
        void dialog.accept();
        return;
      }
      dialogs.push(`${page.url()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    await logIn(page, s.wp);
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await s?.close();
  });

  it('shows a hostile movie’s fields as text, and an Update that changes nothing writes nothing', async () => {
    const before = await stored('tmu_movies', 'movie', movieId);
    await edit(movieId);
    await expectNoInjection();

    const tagline = await page.inputValue('#tmu-field-tagline-input');
    expect(tagline).toBe(decodeHtmlText(String(before.row.tagline)));
    expect(tagline.startsWith(LINK_WORDS)).toBe(true);
    expect(tagline).toContain(HOSTILE_WORLD_TEXT);
    const original = await page.inputValue('#tmu-field-original_title-input');
    expect(original).toBe(decodeHtmlText(String(before.row.original_title)));
    expect(original.startsWith(SVG_WORDS)).toBe(true);

    // The star cast's characters: a thousand characters and more, quotes and scripts of every kind.
    const stars = decodeColumn(before.row.star_cast) as Array<{ person: number; character: string }>;
    const character = await page.inputValue('#tmu-field-star_cast input[name$="[character]"]');
    expect(character).toBe(decodeHtmlText(stars[0].character));
    expect(Array.from(character).length).toBeGreaterThanOrEqual(HOSTILE_CHARACTER_LENGTH);
    expect(character.startsWith(SVG_WORDS)).toBe(true);
    // A person's name beside the picker, as text.
    expect(await page.locator('#tmu-field-star_cast .tmu-picker-title').first().textContent()).toContain(IMG_WORDS);
    const providers = await page.locator('#tmu-field-streaming_platforms input[name$="[name]"]').evaluateAll((els) => els.map((el) => el.getAttribute('value') ?? ''));
    expect(providers.length).toBeGreaterThan(0);
    expect(providers.every((name) => name.startsWith(IMG_WORDS))).toBe(true);
    await saveScreenshot(page, 'fields-box-hostile-movie');

    await save();
    await s.waitForIdle();
    await expectNoInjection();
    const after = await stored('tmu_movies', 'movie', movieId);
    expect({ ...after.row, synced_at: null }).toEqual({ ...before.row, synced_at: null });
    expect(after.prints).toEqual(before.prints);
    expect(await editedFields()).toEqual([]);
    expect(await page.inputValue('#tmu-field-tagline-input')).toBe(tagline);
  });

  it('lists people and images found by the pickers’ searches as text', async () => {
    await edit(movieId);
    const star = page.locator('#tmu-field-star_cast .tmu-repeat-rows > li').first();
    await star.locator('.tmu-picker-search').fill('onerror');
    const people = star.locator('.tmu-picker-results button');
    await people.first().waitFor();
    const names = await people.allTextContents();
    expect(names.every((name) => name.startsWith(IMG_WORDS))).toBe(true);
    expect(await star.locator('.tmu-picker-results img').count()).toBe(0);

    await page.click('#tmu-field-images .tmu-repeat-add');
    const image = page.locator('#tmu-field-images .tmu-repeat-rows > li').last();
    await image.locator('.tmu-picker-search').fill('script');
    const found = image.locator('.tmu-picker-results button');
    await found.first().waitFor();
    const titles = await found.allTextContents();
    expect(titles.some((title) => title.startsWith(SCRIPT_WORDS))).toBe(true);
    // One thumbnail a result, nothing else made of the titles.
    expect(await image.locator('.tmu-picker-results img').count()).toBe(titles.length);
    await saveScreenshot(page, 'fields-box-hostile-pickers');
    await expectNoInjection();
  });

  it('shows a hostile person’s fields as text, and an Update that changes nothing writes nothing', async () => {
    const before = await stored('tmu_people', 'person', personId);
    await edit(personId);
    await expectNoInjection();
    const biography = await page.inputValue('#tmu-field-biography-input');
    expect(biography).toBe(decodeHtmlText(String(before.row.biography)));
    expect(biography.startsWith(SCRIPT_WORDS)).toBe(true);
    expect(await page.inputValue('#tmu-field-birthplace-input')).toBe(decodeHtmlText(String(before.row.birthplace)));
    await saveScreenshot(page, 'fields-box-hostile-person');

    await save();
    await s.waitForIdle();
    await expectNoInjection();
    const after = await stored('tmu_people', 'person', personId);
    expect({ ...after.row, synced_at: null }).toEqual({ ...before.row, synced_at: null });
    expect(after.prints).toEqual(before.prints);
    expect(await editedFields()).toEqual([]);
  });
});
