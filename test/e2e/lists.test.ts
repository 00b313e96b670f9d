/**
 * Curated lists on the whole product (WordPress 6.1 + plugin, MariaDB, the sidecar's HTTP API and
 * worker, the TMDb stand-in): an admin adds a list on Tools → Curated lists, the public routes serve
 * it from the database with ETag / Last-Modified, and the [tmu_list] shortcode renders it.
 * Screenshots land in test-artifacts/.
 */
import { Browser, Page } from 'playwright-core';
import { launchBrowser, logIn, openAdmin, saveScreenshot } from './support/browser';
import { FullStack, startFullStack } from './support/full-stack';

jest.setTimeout(900_000);

/** What the admin types (WordPress strips tags from text fields, so none here). */
const ADMIN_TITLE = 'Disney & "friends"';
/** Set through the sidecar later: markup in a list title must come out escaped. */
const TITLE = 'Disney <b>favourites</b> & "friends"';
const LIMIT = 8;

type Item = { post_id: number; tmdb_id: number; type: string; title: string; permalink: string; poster_url: string | null; year: number | null };

describe('curated lists in a real WordPress', () => {
  let s: FullStack;
  let browser: Browser;
  let slug: string;
  let listId: number;
  let items: Item[];
  let pageLink: string;

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18089, sidecarPort: 18789, dbName: `tmu_e2e_lists_${process.pid}` });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const listUrl = () => s.wp.restUrl(`/tmu/v1/lists/${slug}`);
  const storedOrder = async () => (await s.app.db(`${s.wp.tablePrefix}tmu_media_list_items`).where({ list_id: listId }).orderBy('position')).map((r) => Number(r.post_id));

  it('an admin adds a list on Tools → Curated lists and the sidecar fills it', async () => {
    const page: Page = await browser.newPage();
    await logIn(page, s.wp);
    await openAdmin(page, s.wp, 'tools.php?page=tmu-curated-lists');
    expect(await page.locator('#tmu-lists-empty').count()).toBe(1);

    await page.fill('#tmu-list-keyword', 'Disney');
    await page.fill('#tmu-list-title', ADMIN_TITLE);
    await page.fill('#tmu-list-limit', String(LIMIT));
    // New titles are drafts unless the list says otherwise; this list is shown to visitors.
    await page.selectOption('#tmu-list-status', 'publish');
    await page.click('#tmu-lists-form [type="submit"]');
    // admin-post.php sends the signed event, then redirects back with a notice.
    await page.locator('#tmu-lists-notice').waitFor();
    expect(page.url()).toBe(`${s.wp.url}/wp-admin/tools.php?page=tmu-curated-lists`);
    const notice = await page.locator('#tmu-lists-notice p').innerText();
    const jobId = Number(/job (\d+)/.exec(notice)?.[1]);
    expect(notice).toMatch(/^List saved; the sidecar is filling it \(job \d+\)\.$/);

    expect(await s.waitForJob(jobId)).toMatchObject({ status: 'succeeded' });
    await openAdmin(page, s.wp, 'tools.php?page=tmu-curated-lists');
    const row = page.locator('#tmu-lists-table tbody tr');
    expect(await row.count()).toBe(1);
    slug = (await row.getAttribute('data-slug')) as string;
    listId = Number(await row.getAttribute('data-list-id'));
    // The slug follows the title given.
    expect(slug).toBe(`disney-friends-${listId}`);
    expect(await row.locator('.tmu-lists-count').innerText()).toBe(`${LIMIT} / ${LIMIT}`);
    expect(await row.locator('code').first().innerText()).toBe(`[tmu_list slug="${slug}"]`);
    expect(await row.locator('td').first().locator('strong').innerText()).toBe(ADMIN_TITLE);
    expect(await row.getByRole('link', { name: `Items of "${ADMIN_TITLE}"` }).getAttribute('href')).toContain(`items=${listId}`);
    await saveScreenshot(page, 'lists-admin');
    await page.close();
  });

  it('GET tmu/v1/lists/{slug} serves the items anonymously, in order, with permalinks and posters', async () => {
    const res = await fetch(listUrl());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { title: string; slug: string; type: string; keyword: string; count: number; items: Item[] };
    expect(body).toMatchObject({ title: ADMIN_TITLE, slug, type: 'movie', keyword: 'Disney', count: LIMIT });
    items = body.items;
    expect(items.map((i) => i.post_id)).toEqual(await storedOrder());
    for (const item of items) {
      expect(item).toMatchObject({ type: 'movie', permalink: expect.stringContaining(s.wp.url), year: expect.any(Number) });
      expect(item.poster_url).toMatch(/^http:\/\/127\.0\.0\.1:18089\/wp-content\/uploads\/.+\.(webp|jpe?g)$/);
    }
    const first = await fetch(items[0].permalink);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(items[0].title);
    const poster = await fetch(items[0].poster_url as string);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toMatch(/^image\//);
  });

  it('answers 304 to If-None-Match and If-Modified-Since, until the list changes', async () => {
    const first = await fetch(listUrl());
    const etag = first.headers.get('etag') as string;
    const lastModified = first.headers.get('last-modified') as string;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(new Date(lastModified).getTime()).not.toBeNaN();
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');

    const byEtag = await fetch(listUrl(), { headers: { 'If-None-Match': etag } });
    expect(byEtag.status).toBe(304);
    expect(await byEtag.text()).toBe('');
    expect(byEtag.headers.get('etag')).toBe(etag);
    expect((await fetch(listUrl(), { headers: { 'If-Modified-Since': lastModified } })).status).toBe(304);
    expect((await fetch(listUrl(), { headers: { 'If-None-Match': '"stale"' } })).status).toBe(200);

    // A refresh that finds the same titles keeps the ETag: caches stay valid.
    const refresh = await s.app.webhooks.handle({ event: 'list.refresh', list_id: listId }, null);
    expect(await s.waitForJob(refresh.body.job_id as number)).toMatchObject({ status: 'succeeded' });
    expect((await fetch(listUrl(), { headers: { 'If-None-Match': etag } })).status).toBe(304);

    // Changing the list changes the ETag.
    await s.app.discovery.lists.update(listId, { description: 'Picked by the sidecar.' });
    const changed = await fetch(listUrl(), { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as { description: string }).description).toBe('Picked by the sidecar.');
  });

  it('the [tmu_list] shortcode renders the list as an accessible, escaped list of posters and links', async () => {
    await s.app.discovery.lists.update(listId, { title: TITLE });
    expect(((await (await fetch(listUrl())).json()) as { title: string }).title).toBe(TITLE);
    const created = await s.api('POST', '/wp/v2/pages', {
      body: { title: 'Disney picks', status: 'publish', content: `<!-- wp:shortcode -->[tmu_list slug="${slug}" limit="6" heading="yes"]<!-- /wp:shortcode -->` },
    });
    expect(created.status).toBe(201);
    pageLink = created.body.link;
    const res = await fetch(pageLink);
    expect(res.status).toBe(200);
    const html = await res.text();

    const heading = /<h2 class="tmu-list__title" id="([^"]+)">([^<]*)<\/h2>/.exec(html);
    expect(heading?.[2]).toBe('Disney &lt;b&gt;favourites&lt;/b&gt; &amp; &quot;friends&quot;');
    expect(html).not.toContain('<b>favourites</b>');
    expect(html).toContain(`<ul class="tmu-list__items" role="list" aria-labelledby="${heading?.[1]}">`);
    const links = [...html.matchAll(/<li class="tmu-list__item"[^>]*><a class="tmu-list__link" href="([^"]+)">(.*?)<\/a><\/li>/g)];
    expect(links.map((m) => m[1].replace(/&#038;/g, '&'))).toEqual(items.slice(0, 6).map((i) => i.permalink));
    for (const [index, link] of links.entries()) {
      expect(link[2]).toMatch(/<img [^>]*class="tmu-list__poster[^"]*"/);
      expect(link[2]).toContain(`alt="Poster of ${items[index].title}"`);
      expect(link[2]).toContain(`<span class="tmu-list__year">${items[index].year}</span>`);
    }
    expect(html).toMatch(/<link[^>]+id=['"]tmu-sidecar-lists-css['"]/);
  });

  it('shows the posters in a browser (test-artifacts/lists-page.png)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pageLink, { waitUntil: 'load' });
    const list = page.getByRole('list', { name: TITLE });
    expect(await list.count()).toBe(1);
    expect(await list.getByRole('link').count()).toBe(6);
    // A string, evaluated in the page (the test's TypeScript has no DOM types).
    await page.waitForFunction("[...document.querySelectorAll('img.tmu-list__poster')].every((img) => img.complete && img.naturalWidth > 0)");
    expect(await page.locator('img.tmu-list__poster').count()).toBe(6);
    expect(await list.getByRole('link').first().getAttribute('href')).toBe(items[0].permalink);
    await saveScreenshot(page, 'lists-page');
    await page.close();
  });

  it('GET tmu/v1/random?keyword= picks a listed title, the same for the whole day, cacheable', async () => {
    const url = s.wp.restUrl('/tmu/v1/random', { keyword: 'disney' });
    const first = await fetch(url);
    expect(first.status).toBe(200);
    const pick = (await first.json()) as { item: Item; period: string; valid_until: string; candidates: number };
    expect(items.map((i) => i.post_id)).toContain(pick.item.post_id);
    expect(pick.period).toBe('day');
    expect(pick.valid_until).toBe(`${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`);
    const again = await fetch(url, { headers: { 'If-None-Match': first.headers.get('etag') as string } });
    expect(again.status).toBe(304);
    expect(Number(/max-age=(\d+)/.exec(first.headers.get('cache-control') ?? '')?.[1])).toBeGreaterThan(0);
    expect((await fetch(s.wp.restUrl('/tmu/v1/random', { keyword: 'no-such-keyword-here' }))).status).toBe(404);
  });
});
