/**
 * What a newcomer trips on, in headless Chromium on the whole product (WordPress with the plugin,
 * MariaDB, the sidecar, the TMDb stand-in): the import screen, the list tables and the TMDb box.
 * Screenshots land in test-artifacts/newcomer-*.png.
 */
import { Page } from 'playwright-core';
import { AdminStack, startAdminStack } from './support/admin-stack';
import { openAdmin, saveScreenshot } from './support/browser';
import { FullStack } from './support/full-stack';

jest.setTimeout(600_000);

const IMPORT_PAGE = 'tools.php?page=tmu-import';
const QUICK = { images: false, videos: false, credits: false, seasons: 'none' };
const FIGHT_CLUB = 550;
const GAME_OF_THRONES = 1399;
/** A show no other test here imports: the TMDb box makes its post. */
const BREAKING_BAD = 1396;
/** GET tmu/v1/jobs/{id}, with or without pretty permalinks. */
const JOBS_ROUTE = /tmu(%2F|\/)v1(%2F|\/)jobs(%2F|\/)\d+/;

describe('newcomer screens', () => {
  let admin: AdminStack | undefined;
  let s: FullStack;
  let page: Page;
  let prefix: string;

  async function importOne(type: string, tmdbId: number, options: Record<string, unknown>): Promise<number> {
    const answer = await s.api('POST', '/tmu/v1/import', { body: { type, tmdb_id: tmdbId, options } });
    expect(answer.status).toBe(202);
    expect(await s.waitForJob(answer.body.job_id)).toMatchObject({ status: 'succeeded' });
    const row = await s.app
      .db(`${prefix}posts as p`)
      .join(`${prefix}postmeta as m`, 'm.post_id', 'p.ID')
      .where({ 'p.post_type': type, 'm.meta_key': 'tmdb_id', 'm.meta_value': String(tmdbId) })
      .whereNot('p.post_status', 'auto-draft')
      .first('p.ID');
    return Number(row.ID);
  }

  beforeAll(async () => {
    admin = await startAdminStack({ wpPort: 18183, sidecarPort: 18883, dbName: `tmu_e2e_newcomer_${process.pid}` });
    ({ stack: s, page } = admin);
    prefix = s.wp.tablePrefix;
  });
  afterAll(() => admin?.close());

  describe('the import screen', () => {
    let owned: { tmdb_id: number; title: string };

    beforeAll(async () => {
      const popular = await s.api('GET', '/tmu/v1/tmdb/browse', { query: { source: 'popular', type: 'movie', page: 1 } });
      expect(popular.status).toBe(200);
      owned = popular.body.items[0];
      await importOne('movie', owned.tmdb_id, QUICK);
    });

    it('loads the first page on open, says the total, and has a Help tab', async () => {
      const popular = await s.api('GET', '/tmu/v1/tmdb/browse', { query: { source: 'popular', type: 'movie', page: 1 } });
      await openAdmin(page, s.wp, IMPORT_PAGE);
      // No Browse press: the cards come by themselves.
      await page.locator('#tmu-import-grid .tmu-import-card').first().waitFor();
      expect(await page.locator('#tmu-import-results-status').textContent()).toBe(`Page 1 of ${popular.body.total_pages} (${popular.body.total_results} titles)`);
      expect(popular.body.total_results).toBeGreaterThan(popular.body.items.length);

      await page.click('#contextual-help-link');
      await page.locator('#tab-link-tmu-help-browse a').waitFor();
      expect((await page.locator('#tab-link-tmu-help-browse a').textContent())?.trim()).toBe('Browsing');
      expect(await page.locator('#tab-panel-tmu-help-browse').textContent()).toContain('Hide titles already in the library');
      expect((await page.locator('#tab-link-tmu-help-import a').textContent())?.trim()).toBe('Importing');
      await saveScreenshot(page, 'newcomer-import-help');
      await page.click('#contextual-help-link');
    });

    it('offers one year control per source and a Genre select of TMDb genres', async () => {
      await page.getByLabel('Source', { exact: true }).selectOption('discover');
      expect(await page.locator('#tmu-import-year').isVisible()).toBe(false);
      expect(await page.getByLabel('From year').isVisible()).toBe(true);
      const genre = page.getByLabel('Genre', { exact: true });
      expect(await genre.evaluate((el) => el.tagName)).toBe('SELECT');
      await page.waitForFunction(`document.querySelectorAll('#tmu-import-genre option').length > 5`);
      const movieGenres = await genre.locator('option').allTextContents();
      expect(movieGenres[0]).toBe('Any genre');
      expect(movieGenres).toContain('Action');
      await page.getByLabel('Type', { exact: true }).selectOption('tv');
      await page.waitForFunction(`Array.from(document.querySelectorAll('#tmu-import-genre option')).some((o) => o.textContent === 'Action & Adventure')`);
      // A Discover by genre: its id goes to TMDb.
      await genre.selectOption({ label: 'Drama' });
      await page.click('#tmu-import-browse-button');
      await page.waitForFunction(`/^Page 1 of \\d+ \\(\\d+ titles\\)$/.test(document.getElementById('tmu-import-results-status').textContent)`);
      expect(s.standin.requestLog().some((r) => r.path === '/3/discover/tv' && r.query.with_genres === '18')).toBe(true);
      await page.getByLabel('Source', { exact: true }).selectOption('search');
      expect(await page.locator('#tmu-import-year').isVisible()).toBe(true);
      expect(await page.getByLabel('From year').isVisible()).toBe(false);
    });

    it('drops a stale "Tick at least one title.", hides titles in the library, and imports one card by its own button', async () => {
      await openAdmin(page, s.wp, IMPORT_PAGE);
      const cards = page.locator('#tmu-import-grid .tmu-import-card');
      await cards.first().waitFor();
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      const status = page.locator('#tmu-import-status');
      expect(await status.textContent()).toBe('Tick at least one title.');
      const fresh = page.locator('.tmu-import-card:not(.is-in-library)');
      await fresh.first().locator('.tmu-import-pick').check();
      expect(await status.textContent()).toBe('');
      await fresh.first().locator('.tmu-import-pick').uncheck();

      const mine = page.locator(`.tmu-import-card[data-tmdb-id="${owned.tmdb_id}"]`);
      expect(await mine.isVisible()).toBe(true);
      expect(await mine.getByRole('button', { name: `Import ${owned.title}` }).count()).toBe(0);
      await page.getByLabel('Hide titles already in the library').check();
      expect(await mine.isVisible()).toBe(false);
      expect(await page.locator('#tmu-import-results-status').textContent()).toMatch(/\) 1 already in the library, hidden\.$/);
      expect(await fresh.first().isVisible()).toBe(true);

      // One card's own Import: its name carries the title.
      const target = fresh.nth(1);
      const title = (await target.locator('.tmu-import-title').textContent()) ?? '';
      const tmdbId = Number(await target.getAttribute('data-tmdb-id'));
      for (const option of ['Images', 'Videos', 'Credits']) await page.getByRole('checkbox', { name: option, exact: true }).uncheck();
      await target.getByRole('button', { name: `Import ${title}`, exact: true }).click();
      await page.waitForSelector('#tmu-import-status[data-state="done"], #tmu-import-status[data-state="error"]', { timeout: 240_000 });
      expect(await status.textContent()).toBe('Done: 1 imported or already in the library, 0 failed.');
      // The grid is read again: the title is in the library now, so the box hides it too.
      await page.locator(`.tmu-import-card.is-in-library[data-tmdb-id="${tmdbId}"]`).waitFor({ state: 'attached' });
      expect(await page.locator(`.tmu-import-card[data-tmdb-id="${tmdbId}"]`).isVisible()).toBe(false);
      await page.getByLabel('Hide titles already in the library').uncheck();
      await saveScreenshot(page, 'newcomer-import-screen');
    });

    it('says a show browsed as a drama is kept as a TV show', async () => {
      const tv = await s.api('GET', '/tmu/v1/tmdb/browse', { query: { source: 'popular', type: 'tv', page: 1 } });
      const show = tv.body.items[0] as { tmdb_id: number; title: string };
      await importOne('tv', show.tmdb_id, QUICK);
      await openAdmin(page, s.wp, IMPORT_PAGE);
      await page.locator('#tmu-import-grid .tmu-import-card').first().waitFor();
      await page.getByLabel('Type', { exact: true }).selectOption('drama');
      await page.click('#tmu-import-browse-button');
      const badge = page.locator(`.tmu-import-card[data-tmdb-id="${show.tmdb_id}"] .tmu-import-badge`);
      await badge.waitFor();
      expect(await badge.textContent()).toBe('In library (kept as a TV show)');
      expect(await badge.getAttribute('aria-label')).toBe(`In library as a TV show: open ${show.title}`);
      await saveScreenshot(page, 'newcomer-import-drama-badge');
    });
  });

  describe('list tables', () => {
    let movieId: number;
    let seriesId: number;

    beforeAll(async () => {
      movieId = await importOne('movie', FIGHT_CLUB, { images: true, videos: true, credits: false });
      seriesId = await importOne('tv', GAME_OF_THRONES, { images: false, videos: false, credits: false, seasons: [1] });
      await s.waitForIdle(240_000);
    });

    it('shows the movies with one year column and a small poster with an empty alt', async () => {
      await openAdmin(page, s.wp, 'edit.php?post_type=movie');
      expect(await page.locator('thead th#tmu_year').textContent()).toBe('Year');
      expect(await page.locator('thead th#taxonomy-by-year').count()).toBe(0);
      const poster = page.locator(`#post-${movieId} td.column-tmu_poster img`);
      expect(await poster.getAttribute('alt')).toBe('');
      const box = await poster.boundingBox();
      expect(box && box.width <= 40 && box.height <= 60).toBe(true);
      expect((await page.locator(`#post-${movieId} td.column-tmu_year`).textContent())?.trim()).toBe('1999');
      await saveScreenshot(page, 'newcomer-movie-list');
    });

    it('keeps the legacy episode title and adds the episode name', async () => {
      const rows = await s.app.db(`${prefix}tmu_tv_series_episodes`).where({ tv_series: seriesId, season_no: 1 }).orderBy('episode_no').select('ID', 'episode_title');
      expect(rows.length).toBeGreaterThan(3);
      await openAdmin(page, s.wp, `edit.php?post_type=episode&tmu_series=${seriesId}&tmu_season=1`);
      expect(await page.locator('thead th#tmu_episode_name').textContent()).toBe('Episode name');
      for (const row of rows) {
        const name = (await page.locator(`#post-${row.ID} td.column-tmu_episode_name`).textContent())?.trim();
        expect(name).toBe(row.episode_title);
        const legacy = (await page.locator(`#post-${row.ID} .row-title`).textContent())?.trim();
        expect(legacy).not.toBe(row.episode_title);
      }
      await saveScreenshot(page, 'newcomer-episode-list');
    });

    it('says which title each video belongs to', async () => {
      const videos = await s.app.db(`${prefix}tmu_videos`).where({ post_id: movieId }).select('ID');
      expect(videos.length).toBeGreaterThan(0);
      await openAdmin(page, s.wp, 'edit.php?post_type=video');
      const cell = page.locator(`#post-${videos[0].ID} td.column-tmu_video_title a`);
      expect(await cell.textContent()).toBe('Fight Club');
      expect(await cell.getAttribute('href')).toContain(`post.php?post=${movieId}&action=edit`);
      await saveScreenshot(page, 'newcomer-video-list');
    });
  });

  describe('the TMDb box', () => {
    it('says its steps in words, fills the bar, then edits the new post in place', async () => {
      // The first two polls carry the sidecar's step strings as it writes them ("fetch 0/1", "season 2/8"),
      // whatever the sync's pace; the box must say them in words.
      const steps = ['fetch 0/1', 'season 2/8'];
      await page.route(JOBS_ROUTE, async (route) => {
        const response = await route.fetch();
        const job = (await response.json()) as Record<string, any>;
        const step = steps[0];
        // Even when the sync already ended: an idle machine may finish it before the second poll.
        if (step !== undefined) {
          steps.shift();
          job.status = 'running';
          job.progress = { ...job.progress, done: 0, failed: 0, total: 1, step };
        }
        await route.fulfill({ response, json: job });
      });
      s.standin.setLatency(400);
      await openAdmin(page, s.wp, 'post-new.php?post_type=tv');
      expect((await page.locator('.wrap h1').first().textContent())?.trim()).toBe('Add New TV Show');
      const seen: string[] = [];
      await page.exposeFunction('tmuSawStatus', (text: string) => seen.push(text));
      await page.evaluate(
        `new MutationObserver(() => window.tmuSawStatus(document.getElementById('tmu-sync-status').textContent)).observe(document.getElementById('tmu-sync-status'), { childList: true, characterData: true, subtree: true })`,
      );
      await page.fill('#tmu-tmdb-id', String(BREAKING_BAD));
      for (const part of ['videos', 'credits', 'seasons']) await page.uncheck(`#tmu-sync-${part}`);
      await page.click('#tmu-sync-now');
      await page.waitForFunction(`document.getElementById('tmu-sync-status').textContent === 'Season 3 of 8'`);
      expect(await page.locator('#tmu-sync-progress').evaluate((bar) => [bar.getAttribute('value'), bar.getAttribute('max')])).toEqual(['2', '8']);
      await page.waitForSelector('#tmu-sync-status[data-state="success"], #tmu-sync-status[data-state="error"]', { timeout: 300_000 });
      s.standin.setLatency(0);
      await page.unroute(JOBS_ROUTE);
      expect(await page.locator('#tmu-sync-status').textContent()).toBe('Synced');
      expect(seen).toContain('Fetching from TMDb');
      expect(seen.some((text) => /^(fetch|season|people|images|rows) \d/.test(text))).toBe(false);

      // The post exists now: the heading and the title say Edit, the data box has its figures.
      expect((await page.locator('.wrap h1').first().textContent())?.trim()).toBe('Edit TV Show');
      expect(await page.title()).toContain('Edit TV Show');
      await page.locator('#tmu-tmdb-data-list dd[data-fact="seasons"]').waitFor();
      expect(await page.locator('#tmu-tmdb-data-empty').count()).toBe(0);
      const poster = await page.locator('#tmu-poster img').boundingBox();
      expect(poster && poster.width <= 150 && poster.height <= 225).toBe(true);
      const written = await page.locator('#tmu-last-synced').textContent();
      await saveScreenshot(page, 'newcomer-tmdb-box-synced');

      // After a reload the box prints the same time, in the same (the site's) format.
      await page.reload({ waitUntil: 'domcontentloaded' });
      expect(await page.locator('#tmu-last-synced').textContent()).toBe(written);
      const reloaded = await page.locator('#tmu-poster img').boundingBox();
      expect(reloaded && reloaded.width <= 150 && reloaded.height <= 225).toBe(true);
    });
  });
});
