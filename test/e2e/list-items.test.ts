/**
 * A curated list with a Japanese title on the whole product (WordPress 6.1 + plugin, MariaDB, the
 * sidecar, the TMDb stand-in, Chromium): its percent-encoded slug works on the JSON route (plain
 * and pretty permalinks, encoded or not) and in the shortcode; the titles it adds are drafts; its
 * items screen previews, moves, pins and removes items from the keyboard, and a refresh keeps what
 * the editor decided. Screenshots land in test-artifacts/.
 */
import { Browser, Page } from 'playwright-core';
import { launchBrowser, logIn, openAdmin, saveScreenshot } from './support/browser';
import { FullStack, startFullStack } from './support/full-stack';
import { discoverControls } from '../../tools/tmdb-standin/list-endpoints';

jest.setTimeout(900_000);

const TITLE = 'ディズニーの名作';
const LIMIT = 5;

type ItemRow = { id: number; position: number; post_id: number; tmdb_id: number; pinned: number; hidden: number };

describe('curated list items in a real WordPress', () => {
  let s: FullStack;
  let browser: Browser;
  let page: Page;
  let listId: number;
  let slug: string;

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18109, sidecarPort: 18809, dbName: `tmu_e2e_list_items_${process.pid}` });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const table = (name: string) => s.app.db(`${s.wp.tablePrefix}${name}`);
  const rows = async (): Promise<ItemRow[]> =>
    ((await table('tmu_media_list_items').where({ list_id: listId }).orderBy('hidden').orderBy('position')) as ItemRow[]).map((r) => ({
      id: Number(r.id),
      position: Number(r.position),
      post_id: Number(r.post_id),
      tmdb_id: Number(r.tmdb_id),
      pinned: Number(r.pinned),
      hidden: Number(r.hidden),
    }));
  const shown = async () => (await rows()).filter((r) => r.hidden === 0);
  const statuses = async (ids: number[]) => (await table('posts').whereIn('ID', ids).pluck('post_status')) as string[];
  /** Focuses a button of an item's row and presses a key on it, then waits for the screen to come back. */
  const pressOn = async (itemId: number, what: string, key: 'Enter' | 'Space') => {
    await page.locator(`#tmu-item-${itemId}-${what}`).focus();
    // This button's own redirect: the screen before it already had an items=…&focus=… address.
    await Promise.all([page.waitForURL(new RegExp(`[?&]items=\\d+&focus=${itemId}-${what}(?:&|$)`)), page.keyboard.press(key)]);
    await page.locator('#tmu-lists-notice').waitFor();
  };
  const activeId = () => page.evaluate('document.activeElement && document.activeElement.id');

  it('an admin adds a list with a Japanese title; its new titles are drafts', async () => {
    await logIn(page, s.wp);
    await openAdmin(page, s.wp, 'tools.php?page=tmu-curated-lists');
    // Draft is what the form offers first.
    expect(await page.locator('#tmu-list-status').inputValue()).toBe('draft');
    await page.fill('#tmu-list-keyword', 'Disney');
    await page.fill('#tmu-list-title', TITLE);
    await page.fill('#tmu-list-limit', String(LIMIT));
    await page.click('#tmu-lists-form [type="submit"]');
    const notice = await page.locator('#tmu-lists-notice p').innerText();
    expect(await s.waitForJob(Number(/job (\d+)/.exec(notice)?.[1]))).toMatchObject({ status: 'succeeded' });

    await openAdmin(page, s.wp, 'tools.php?page=tmu-curated-lists');
    const row = page.locator('#tmu-lists-table tbody tr');
    listId = Number(await row.getAttribute('data-list-id'));
    slug = (await row.getAttribute('data-slug')) as string;
    expect(slug).toBe(`${encodeURIComponent(TITLE).toLowerCase()}-${listId}`);
    // The shortcode shown to the editor is in letters, and works as such.
    expect(await row.locator('code').first().innerText()).toBe(`[tmu_list slug="${TITLE}-${listId}"]`);
    const items = await shown();
    expect(items).toHaveLength(LIMIT);
    expect(await statuses(items.map((i) => i.post_id))).toEqual(Array(LIMIT).fill('draft'));
    await saveScreenshot(page, 'list-items-lists');
  });

  it('answers 200 on the JSON route for the Japanese slug, in every form, with no draft in it', async () => {
    // In letters, as stored (lowercase octets), and with uppercase octets as some clients send them.
    const forms = [`${TITLE}-${listId}`, slug, slug.toUpperCase()];
    for (const form of forms) {
      const res = await fetch(s.wp.restUrl(`/tmu/v1/lists/${form}`));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: listId, slug, title: TITLE, count: 0, items: [] });
    }
    // Pretty permalinks: /wp-json/ goes through WordPress's rewrite rules.
    await s.wp.runPhp("update_option( 'permalink_structure', '/%postname%/' ); flush_rewrite_rules( false );");
    const pretty = await fetch(`${s.wp.url}/wp-json/tmu/v1/lists/${encodeURIComponent(TITLE)}-${listId}`);
    expect(pretty.status).toBe(200);
    expect(((await pretty.json()) as { id: number }).id).toBe(listId);
    expect((await fetch(s.wp.restUrl(`/tmu/v1/lists/${TITLE}-999999`))).status).toBe(404);
  });

  it('the items screen previews each draft and, from the keyboard, moves, pins and removes items', async () => {
    const [first, second, third, , fifth] = await shown();
    await openAdmin(page, s.wp, 'tools.php?page=tmu-curated-lists');
    await page.getByRole('link', { name: `Items of "${TITLE}"` }).click();
    await page.locator('#tmu-list-items-table').waitFor();
    expect(await page.locator('#tmu-list-items-table tbody tr').count()).toBe(LIMIT);
    const preview = page.locator(`#tmu-item-${first.id} a.tmu-item-preview`);
    expect(await preview.innerText()).toBe('Preview');
    expect(await preview.getAttribute('href')).toMatch(/[?&]preview=true/);
    // The first row cannot move up, the last cannot move down.
    expect(await page.locator(`#tmu-item-${first.id}-up`).count()).toBe(0);
    expect(await page.locator(`#tmu-item-${fifth.id}-down`).count()).toBe(0);

    await pressOn(first.id, 'down', 'Enter');
    expect((await shown()).map((r) => r.id).slice(0, 2)).toEqual([second.id, first.id]);
    // The reloaded screen gives the focus back to the button just used.
    expect(await activeId()).toBe(`tmu-item-${first.id}-down`);

    await pressOn(third.id, 'pin', 'Space');
    expect((await rows()).find((r) => r.id === third.id)).toMatchObject({ pinned: 1, position: 3 });
    expect(await page.locator(`#tmu-item-${third.id}`).getAttribute('data-pinned')).toBe('1');

    await pressOn(fifth.id, 'remove', 'Enter');
    expect((await rows()).find((r) => r.id === fifth.id)).toMatchObject({ hidden: 1 });
    expect(await page.locator(`#tmu-item-${fifth.id} .tmu-items-position`).innerText()).toBe('Removed');
    // Removed, its row offers Restore, which has the focus now.
    expect(await activeId()).toBe(`tmu-item-${fifth.id}-restore`);
    await saveScreenshot(page, 'list-items-admin');
  });

  it('keeps the pin and the removal through a refresh where TMDb drops the pinned title and lists the removed one first', async () => {
    const before = await shown();
    const pinned = before.find((r) => r.pinned === 1) as ItemRow;
    const removed = (await rows()).find((r) => r.hidden === 1) as ItemRow;
    discoverControls(s.standin.catalogue).hide('movie', [pinned.tmdb_id]);
    discoverControls(s.standin.catalogue).promote('movie', [removed.tmdb_id]);
    await table('tmu_api_cache').del();

    const refresh = await s.app.webhooks.handle({ event: 'list.refresh', list_id: listId }, null);
    expect(await s.waitForJob(refresh.body.job_id as number)).toMatchObject({ status: 'succeeded' });

    const after = await shown();
    expect(after).toHaveLength(LIMIT);
    expect(after.find((r) => r.id === pinned.id)).toMatchObject({ position: pinned.position, pinned: 1 });
    expect(after.map((r) => r.tmdb_id)).not.toContain(removed.tmdb_id);
    expect(after.slice(0, 4).map((r) => r.id)).toEqual(before.map((r) => r.id));
    // The title the refresh added is a draft too.
    expect(await statuses([after[4].post_id])).toEqual(['draft']);
  });

  it('shows a published item in the JSON route and in the shortcode given the slug in letters', async () => {
    const [top] = await shown();
    expect((await s.api('POST', `/wp/v2/movie/${top.post_id}`, { body: { status: 'publish' } })).status).toBe(200);
    const body = (await (await fetch(s.wp.restUrl(`/tmu/v1/lists/${TITLE}-${listId}`))).json()) as { count: number; items: Array<{ post_id: number }> };
    expect(body).toMatchObject({ count: 1, items: [{ post_id: top.post_id }] });

    const created = await s.api('POST', '/wp/v2/pages', {
      body: { title: 'Picks', status: 'publish', content: `<!-- wp:shortcode -->[tmu_list slug="${TITLE}-${listId}" heading="yes"]<!-- /wp:shortcode -->` },
    });
    expect(created.status).toBe(201);
    await page.goto(created.body.link, { waitUntil: 'load' });
    const list = page.getByRole('list', { name: TITLE });
    expect(await list.getByRole('link').count()).toBe(1);
    await saveScreenshot(page, 'list-items-shortcode');
  });

  it('lets only administrators change items, and publish only those who may', async () => {
    const editor = await s.wp.createUser('list-editor', 'editor');
    const cookie = await s.wp.login(editor.username, editor.password);
    expect((await fetch(`${s.wp.url}/wp-admin/tools.php?page=tmu-curated-lists&items=${listId}`, { headers: { cookie } })).status).toBe(403);
    const form = new URLSearchParams({ action: 'tmu_list_item', list_id: String(listId), item_id: '1', do: 'remove' });
    const posted = await fetch(`${s.wp.url}/wp-admin/admin-post.php`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
    expect(posted.status).toBe(403);
    expect((await rows()).filter((r) => r.hidden === 1)).toHaveLength(1);

    // An administrator denied publishing is offered Draft only, and a forged Published is refused.
    await s.wp.runPhp(`get_user_by( 'id', ${s.wp.admin.id} )->add_cap( 'publish_posts', false );`);
    await openAdmin(page, s.wp, 'tools.php?page=tmu-curated-lists');
    expect(await page.locator('#tmu-list-status option').allInnerTexts()).toEqual(['Draft']);
    await page.fill('#tmu-list-keyword', 'plot');
    await page.evaluate("document.querySelector('#tmu-list-status').add(new Option('Published', 'publish', true, true))");
    await page.click('#tmu-lists-form [type="submit"]');
    expect(await page.locator('#tmu-lists-notice p').innerText()).toMatch(/not allowed to publish/);
    expect(Number((await table('tmu_media_lists').count({ n: '*' }).first())?.n)).toBe(1);
    await s.wp.runPhp(`get_user_by( 'id', ${s.wp.admin.id} )->remove_cap( 'publish_posts' );`);
  });
});
