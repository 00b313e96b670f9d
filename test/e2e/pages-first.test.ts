/**
 * Pages first through the real plugin: four movies imported with POST tmu/v1/import go live (published
 * post, tmu_* row, featured image) while their backdrops are still to come; the import screen then says how
 * many titles the background jobs have completed, and once they are done every title is complete, once.
 * The screenshot of the background line lands in test-artifacts/import-pages-first.png.
 */
import { Page } from 'playwright-core';
import { isAdultSynthetic } from '../../tools/tmdb-standin/synthetic-ids';
import { freshTmdbIds } from '../support/jobs-fixtures';
import { AdminStack, startAdminStack } from './support/admin-stack';
import { openAdmin, saveScreenshot } from './support/browser';
import { FullStack } from './support/full-stack';

jest.setTimeout(600_000);

const TITLES = 4;

describe('pages first: an import through the plugin', () => {
  let admin: AdminStack | undefined;
  let s: FullStack;
  let page: Page;
  const ids: number[] = [];
  while (ids.length < TITLES) ids.push(...freshTmdbIds(TITLES - ids.length).filter((id) => !isAdultSynthetic('movie', id)));

  beforeAll(async () => {
    admin = await startAdminStack({
      wpPort: 18141,
      sidecarPort: 18841,
      dbName: `tmu_e2e_pages_first_${process.pid}`,
      // One job at a time: the import first, then each title's completion in turn; no schedule meanwhile.
      env: { JOB_CONCURRENCY: '1', CRON_DAILY: '0 0 1 1 *', CRON_WEEKLY: '0 0 1 1 *' },
    });
    ({ stack: s, page } = admin);
  });
  afterAll(() => admin?.close());

  const table = (name: string) => `${s.wp.tablePrefix}${name}`;

  /** Per title: its post, whether the page is live, and how many images hang off it. */
  async function titles() {
    const rows: Array<{ ID: number; tmdb_id: number; images: string | null; star_cast: string | null }> = await s.app
      .db(table('tmu_movies'))
      .whereIn('tmdb_id', ids)
      .select('ID', 'tmdb_id', 'images', 'star_cast');
    return Promise.all(
      rows.map(async (row) => {
        const post = await s.app.db(table('posts')).where({ ID: row.ID }).first();
        const thumbnail = await s.app.db(table('postmeta')).where({ post_id: row.ID, meta_key: '_thumbnail_id' }).first();
        const [{ n }] = await s.app.db(table('posts')).where({ post_type: 'attachment', post_parent: row.ID }).count({ n: '*' });
        return { ...row, live: post?.post_status === 'publish' && Number(thumbnail?.meta_value ?? 0) > 0, attachments: Number(n) };
      }),
    );
  }

  /** Each title's completion status: a job completes its own title and those merged into it while it waited (`more`). */
  async function completions(): Promise<Map<number, string>> {
    const jobs = await s.app.db(table('tmu_sync_jobs')).where({ type: 'title.complete' }).select('payload', 'status');
    return new Map(
      jobs.flatMap((j) => {
        const payload = JSON.parse(String(j.payload)) as { tmdb_id: number; more?: Array<{ tmdb_id: number }> };
        return [payload.tmdb_id, ...(payload.more ?? []).map((t) => t.tmdb_id)].map((id): [number, string] => [Number(id), String(j.status)]);
      }),
    );
  }

  it('makes every page live first, shows the background on the import screen, and completes each title once', async () => {
    // A slow TMDb keeps the import running while the screen opens, and the completions slow after it.
    s.standin.setLatency(400);
    const queued = await s.api('POST', '/tmu/v1/import', {
      body: { items: ids.map((id) => ({ type: 'movie', tmdb_id: id })), status: 'publish', options: { videos: false } },
    });
    expect(queued.status).toBe(202);
    const jobId = Number(queued.body.job_id);
    await openAdmin(page, s.wp, 'tools.php?page=tmu-import');
    await page.locator('#tmu-import-progress-wrap:not([hidden])').waitFor();
    expect(await s.waitForJobEnd(jobId, 300_000)).toBe('succeeded');

    // Backdrops read first, then the completions' status.
    const live = await titles();
    const waiting = await completions();
    expect(live).toHaveLength(TITLES);
    expect(live.every((t) => t.live)).toBe(true);
    expect(waiting.size).toBe(TITLES);
    // A completion may have started already (one job completes several titles at once), but some page is live with
    // only its poster: no backdrop, no images column, no star cast yet. A title synced whole would have them all.
    const bare = live.filter((t) => t.attachments === 1 && t.images === null && t.star_cast === null);
    expect(bare.length).toBeGreaterThan(0);
    // Each has its completion queued, running or (since the read) done, none failed.
    for (const title of bare) expect(['queued', 'running', 'succeeded']).toContain(waiting.get(Number(title.tmdb_id)));

    // The import screen: the import is done, the rest follows; announced politely.
    const line = page.locator('#tmu-import-background');
    // While the import ran the line counted the completions queued so far; now it says the pages are live.
    await page.waitForFunction(`(document.getElementById('tmu-import-background')?.textContent ?? '').startsWith('All ')`);
    expect(await line.getAttribute('data-pending')).toBe('true');
    expect(await line.getAttribute('role')).toBe('status');
    expect(await line.getAttribute('aria-live')).toBe('polite');
    expect(await line.textContent()).toMatch(new RegExp(`^All ${TITLES} pages are live\\. Images and people: \\d of ${TITLES} titles done\\.$`));
    expect(await saveScreenshot(page, 'import-pages-first')).toMatch(/import-pages-first\.png$/);

    s.standin.setLatency(0);
    await s.waitForIdle(300_000);
    await page.locator('#tmu-import-background[data-pending="false"]').waitFor();
    expect(await line.textContent()).toBe(`Images and people: all done (${TITLES} titles complete, 0 failed).`);

    const complete = await titles();
    expect(complete.every((t) => t.live && t.attachments > 1 && t.images !== null && t.star_cast !== null)).toBe(true);
    expect([...(await completions()).values()].every((status) => status === 'succeeded')).toBe(true);
    // Nothing twice: one post per title, one attachment per TMDb file.
    const [{ n: posts }] = await s.app.db(table('posts')).where({ post_type: 'movie' }).whereNot('post_status', 'auto-draft').count({ n: '*' });
    expect(Number(posts)).toBe(TITLES);
    const files = await s.app.db(table('postmeta')).where({ meta_key: 'tmdb_file_path' }).select('meta_value');
    expect(new Set(files.map((f) => f.meta_value)).size).toBe(files.length);
  });
});
