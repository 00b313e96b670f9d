/**
 * The "TMU fields" box of a drama and of a drama episode, on the whole product (WordPress with the
 * plugin, MariaDB, the sidecar and the TMDb stand-in). The drama's gallery (`images`) is edited as a
 * list of media library images: an ID of another post type is refused next to the field; moving,
 * removing and adding an image picked by searching the media library is saved as the sidecar's own
 * bytes and marked edited, and "Sync now" keeps it while a field nobody edited refreshes. A drama
 * episode's box shows its row and a save writes it.
 */
import { Page } from 'playwright-core';
import sharp from 'sharp';
import { createColumnCodec, decodeColumn } from '../../src/mappers/column-codec';
import { decodeHtmlText } from '../../src/mappers/tmdb-text.mapper';
import { AdminStack, startAdminStack } from './support/admin-stack';
import { openAdmin, saveScreenshot } from './support/browser';
import { FullStack } from './support/full-stack';

jest.setTimeout(900_000);

const DRAMA = 96677;
const PICK_TITLE = 'Gallery pick for the drama box';
const TAGLINE_NOW = 'Refreshed drama tagline (drama box suite)';
const EPISODE_RUNTIME = 77;
const php = createColumnCodec('php');

describe('TMU fields box: a drama, its gallery and a drama episode', () => {
  let admin: AdminStack | undefined;
  let s: FullStack;
  let page: Page;
  let dramaId: number;
  let pickId: number;

  const table = (name: string) => `${s.wp.tablePrefix}${name}`;
  const dramaRow = async (): Promise<Record<string, any>> => s.app.db(table('tmu_dramas')).where({ ID: dramaId }).first();
  const edit = async (id: number) => {
    await openAdmin(page, s.wp, `post.php?post=${id}&action=edit`);
    await page.locator('#tmu-fields').waitFor();
  };
  /**
   * Update in the classic editor; resolves once the reloaded screen shows the box and the save's
   * auto-sync is done (a screen opened before it ends would show, and post back, the older row).
   */
  const save = async () => {
    const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() && /message=\d+/.test(frame.url()) });
    await page.click('#publish');
    await reloaded;
    await page.locator('#tmu-fields').waitFor();
    await s.waitForIdle();
  };
  const editedFields = async () => page.locator('#tmu-fields .tmu-field--edited').evaluateAll((els) => els.map((el) => el.getAttribute('data-field')));
  const galleryRows = () => page.locator('#tmu-field-images .tmu-repeat-rows > li');
  const status = (text: string) => page.waitForFunction(`document.getElementById('tmu-fields-status').textContent === ${JSON.stringify(text)}`);

  /** An image uploaded to the media library the way an editor would, with a title to search for. */
  async function uploadImage(title: string): Promise<number> {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer();
    const res = await fetch(s.wp.restUrl('/wp/v2/media'), {
      method: 'POST',
      headers: { Authorization: s.wp.authHeader, 'Content-Type': 'image/png', 'Content-Disposition': 'attachment; filename="gallery-pick.png"' },
      body: png,
    });
    const body = (await res.json()) as { id: number };
    expect(res.status).toBe(201);
    const titled = await s.api('POST', `/wp/v2/media/${body.id}`, { body: { title } });
    expect(titled.status).toBe(200);
    return body.id;
  }

  beforeAll(async () => {
    admin = await startAdminStack({
      wpPort: 18178,
      sidecarPort: 18878,
      dbName: `tmu_e2e_drama_box_${process.pid}`,
      prepare: async (started) => {
        s = started;
        await s.app.sync.sync('drama', DRAMA, { images: true, credits: false, videos: false, seasons: [1] });
        await s.waitForIdle();
        dramaId = Number((await s.app.db(table('tmu_dramas')).where({ tmdb_id: DRAMA }).first('ID')).ID);
        pickId = await uploadImage(PICK_TITLE);
      },
    });
    page = admin.page;
  });
  afterAll(() => admin?.close());

  it('shows every field of the drama, its gallery as images in the synced order', async () => {
    const synced = decodeColumn((await dramaRow()).images) as number[];
    expect(synced.length).toBeGreaterThanOrEqual(2);
    await edit(dramaId);
    const fields = await page.locator('#tmu-fields .tmu-field').evaluateAll((els) => els.map((el) => el.getAttribute('data-field')));
    expect(fields).toEqual([
      'release_date',
      'original_title',
      'tagline',
      'runtime',
      'certification',
      'production_house',
      'homepage',
      'finished',
      'schedule_time',
      'star_cast',
      'cast_rows',
      'crew_rows',
      'streaming_platforms',
      'videos',
      'images',
    ]);
    expect(await page.inputValue('#tmu-field-original_title-input')).toBe(decodeHtmlText(String((await dramaRow()).original_title)));
    const shown: number[] = [];
    for (const input of await galleryRows().locator('.tmu-picker-id').all()) shown.push(Number(await input.inputValue()));
    expect(shown).toEqual(synced);
    // Each image shows as a thumbnail beside its title.
    expect(await galleryRows().locator('.tmu-picker-thumb img').count()).toBe(synced.length);
    expect(await page.locator('#tmu-field-images .tmu-picker-search').first().getAttribute('placeholder')).toBe('Search images');
    await saveScreenshot(page, 'fields-box-drama');
  });

  it('refuses a post that is not an image, next to the gallery, and keeps the stored list', async () => {
    const before = (await dramaRow()).images;
    const episode = await s.app.db(table('tmu_dramas_episodes')).where({ dramas: dramaId }).first('ID');
    await edit(dramaId);
    await page.click('#tmu-field-images .tmu-repeat-add');
    await galleryRows().last().locator('.tmu-picker-id').fill(String(episode.ID));
    await save();
    expect(await page.locator('#tmu-field-images-error').textContent()).toBe(`No image ${episode.ID} in the media library: pick one from the search.`);
    expect(await page.getAttribute('#tmu-field-images', 'class')).toContain('tmu-field--invalid');
    expect((await dramaRow()).images).toBe(before);
    expect(await editedFields()).toEqual([]);
  });

  it('saves a reordered gallery with an image picked from the media library, and Sync now keeps it', async () => {
    const synced = decodeColumn((await dramaRow()).images) as number[];
    await edit(dramaId);
    await galleryRows().first().locator('.tmu-move-down').click();
    await status(`Entry moved to position 2 of ${synced.length}.`);
    await galleryRows().last().locator('.tmu-remove').click();
    await status('Entry removed.');
    // Keyboard only: "Add entry", then the new entry's search, then a result.
    await page.focus('#tmu-field-images .tmu-repeat-add');
    await page.keyboard.press('Enter');
    await status(`Entry ${synced.length} added.`);
    const search = galleryRows().last().locator('.tmu-picker-search');
    await search.focus();
    await page.keyboard.type('Gallery pick');
    const result = galleryRows()
      .last()
      .locator('.tmu-picker-results button', { hasText: `(#${pickId})` });
    await result.waitFor();
    await status('1 found.');
    expect(await result.textContent()).toBe(`${PICK_TITLE} (#${pickId})`);
    expect(await result.locator('img').count()).toBe(1);
    await result.focus();
    await page.keyboard.press('Enter');
    await status(`${PICK_TITLE} picked.`);
    expect(await galleryRows().last().locator('.tmu-picker-title').textContent()).toBe(PICK_TITLE);
    await saveScreenshot(page, 'fields-box-drama-gallery-edit');
    await save();

    const expected = [synced[1], synced[0], ...synced.slice(2, -1), pickId];
    expect((await dramaRow()).images).toBe(php.encode(expected));
    expect(await editedFields()).toEqual(['images']);

    // TMDb changes the tagline; a sync must read it (not the sidecar's cache).
    s.standin.setRewrite((route, body: any) => (route === `/tv/${DRAMA}` ? { ...body, tagline: TAGLINE_NOW } : body));
    await s.app.db(table('tmu_api_cache')).delete();
    // A fresh screen: the saved one follows the save's auto-sync and already says "success".
    await edit(dramaId);
    await page.click('#tmu-sync-now');
    await page.waitForSelector('#tmu-sync-status[data-state="success"], #tmu-sync-status[data-state="error"]', { timeout: 480_000 });
    expect(await page.getAttribute('#tmu-sync-status', 'data-state')).toBe('success');
    await s.waitForIdle();

    const after = await dramaRow();
    expect(after.tagline).toBe(TAGLINE_NOW);
    expect(after.images).toBe(php.encode(expected));
    await edit(dramaId);
    expect(await editedFields()).toEqual(['images']);
    expect(await page.locator('#tmu-field-images-edited').textContent()).toContain('Edited; TMDb now says:');
    await saveScreenshot(page, 'fields-box-drama-gallery-edited');
  });

  it('shows a drama episode’s row and a save writes it', async () => {
    const episodes = table('tmu_dramas_episodes');
    const episode = await s.app.db(episodes).where({ dramas: dramaId }).orderBy('episode_no').first();
    await edit(episode.ID);
    const fields = await page.locator('#tmu-fields .tmu-field').evaluateAll((els) => els.map((el) => el.getAttribute('data-field')));
    expect(fields).toEqual(['episode_title', 'air_date', 'episode_type', 'runtime', 'overview', 'credits']);
    expect(await page.inputValue('#tmu-field-episode_title-input')).toBe(decodeHtmlText(String(episode.episode_title)));
    expect(await page.inputValue('#tmu-field-air_date-input')).toBe(String(episode.air_date ?? ''));
    expect(Number(episode.runtime)).not.toBe(EPISODE_RUNTIME);
    await page.fill('#tmu-field-runtime-input', String(EPISODE_RUNTIME));
    await saveScreenshot(page, 'fields-box-drama-episode');
    await save();

    const saved = await s.app.db(episodes).where({ ID: episode.ID }).first();
    expect({ ...saved, runtime: Number(saved.runtime) }).toEqual({ ...episode, runtime: EPISODE_RUNTIME });
    expect(await editedFields()).toEqual(['runtime']);
    expect(await page.inputValue('#tmu-field-runtime-input')).toBe(String(EPISODE_RUNTIME));
  });
});
