/**
 * A title's full cast and crew in the "TMU fields" box, on the whole product (WordPress with the
 * plugin, MariaDB, the sidecar and the TMDb stand-in): an editor changes a crew member's job and
 * moves a cast member down, publishes; "Sync now" keeps both link row lists as the editor left them
 * while the fields nobody edited refresh, the box marks both lists edited with TMDb's rows, and
 * "Use TMDb's value" puts TMDb's crew back. A season name edited in the box fills the newer theme's
 * `name` column as well.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Page } from 'playwright-core';
import { encodeHtmlText } from '../../src/mappers/tmdb-text.mapper';
import { creditRowsText } from '../../src/services/sync/editor-guard';
import { AdminStack, startAdminStack } from './support/admin-stack';
import { ARTIFACTS_DIR, openAdmin, saveScreenshot } from './support/browser';
import { FullStack } from './support/full-stack';

jest.setTimeout(600_000);

const MOVIE = 550;
const OPTIONS = { images: false, videos: false, credits: true };
const TAGLINE_NOW = 'Refreshed tagline (credits suite)';
const EDITED_JOB = 'Director (edited)';
const SERIES = 1399;
const SEASON_NAME = 'Season One & more (edited)';

describe('TMU fields box: a title’s cast and crew rows', () => {
  let admin: AdminStack | undefined;
  let s: FullStack;
  let page: Page;
  let movieId: number;

  const table = (name: string) => `${s.wp.tablePrefix}${name}`;
  const rowsText = async (which: 'cast' | 'crew') =>
    creditRowsText(
      which,
      await s.app
        .db(table(`tmu_movies_${which}`))
        .where({ movie: movieId })
        .orderBy('ID'),
    );
  const edit = async () => {
    await openAdmin(page, s.wp, `post.php?post=${movieId}&action=edit`);
    await page.locator('#tmu-fields').waitFor();
  };
  const editedFields = async () => page.locator('#tmu-fields .tmu-field--edited').evaluateAll((els) => els.map((el) => el.getAttribute('data-field')));

  beforeAll(async () => {
    admin = await startAdminStack({
      wpPort: 18173,
      sidecarPort: 18873,
      dbName: `tmu_e2e_credits_i_${process.pid}`,
      prepare: async (started) => {
        s = started;
        const queued = await s.api('POST', '/tmu/v1/import', { body: { items: [{ type: 'movie', tmdb_id: MOVIE }], status: 'draft', options: OPTIONS } });
        expect(queued.status).toBe(202);
        expect(await s.waitForJob(queued.body.job_id)).toMatchObject({ status: 'succeeded' });
        await s.waitForIdle();
        const series = await s.api('POST', '/tmu/v1/import', {
          body: { items: [{ type: 'tv', tmdb_id: SERIES }], status: 'draft', options: { images: false, videos: false, credits: false, seasons: [1] } },
        });
        expect(series.status).toBe(202);
        expect(await s.waitForJob(series.body.job_id)).toMatchObject({ status: 'succeeded' });
        await s.waitForIdle();
        movieId = Number((await s.app.db(table('tmu_movies')).where({ tmdb_id: MOVIE }).first('ID')).ID);
      },
    });
    page = admin.page;
  });
  afterAll(() => admin?.close());

  it('edits a crew job and the cast order, keeps both over Sync now while the rest refreshes, and puts TMDb’s crew back', async () => {
    const tmdbCast = JSON.parse(await rowsText('cast')) as Array<{ person: number; job: string | null }>;
    const tmdbCrew = JSON.parse(await rowsText('crew')) as Array<{ person: number; department: string | null; job: string | null }>;
    expect(tmdbCast.length).toBeGreaterThanOrEqual(2);
    expect(tmdbCrew.length).toBeGreaterThanOrEqual(1);
    await edit();
    const castRows = page.locator('#tmu-field-cast_rows .tmu-repeat-rows > li');
    const crewRows = page.locator('#tmu-field-crew_rows .tmu-repeat-rows > li');
    expect(await castRows.count()).toBe(tmdbCast.length);
    expect(await crewRows.count()).toBe(tmdbCrew.length);
    // Long lists come folded: opened by their summary.
    expect(await page.locator('#tmu-field-crew_rows details').getAttribute('open')).toBeNull();
    await page.click('#tmu-field-crew_rows summary');
    // With the script, a list posts as one JSON value (a long crew stays within max_input_vars): its inputs are out of the form.
    expect(await crewRows.first().locator('input[name$="[job]"]').getAttribute('form')).toBe('tmu-fields-detached');
    await crewRows.first().locator('input[name$="[job]"]').fill(EDITED_JOB);
    await page.click('#tmu-field-cast_rows summary');
    await castRows.first().locator('.tmu-move-down').click();
    await page.waitForFunction(`document.getElementById('tmu-fields-status').textContent === 'Entry moved to position 2 of ${tmdbCast.length}.'`);
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.locator('#tmu-field-cast_rows').screenshot({ path: path.join(ARTIFACTS_DIR, 'fields-box-cast-crew.png') });
    await Promise.all([page.waitForURL(/message=\d+/), page.click('#publish')]);
    await page.locator('#tmu-fields').waitFor();

    const editedCast = [tmdbCast[1], tmdbCast[0], ...tmdbCast.slice(2)];
    const editedCrew = [{ ...tmdbCrew[0], job: EDITED_JOB }, ...tmdbCrew.slice(1)];
    expect(JSON.parse(await rowsText('cast'))).toEqual(editedCast);
    expect(JSON.parse(await rowsText('crew'))).toEqual(editedCrew);
    expect((await editedFields()).sort()).toEqual(['cast_rows', 'crew_rows']);

    // TMDb changes the tagline; a sync must read it (not the sidecar's cache).
    s.standin.setRewrite((route, body: any) => (route === `/movie/${MOVIE}` ? { ...body, tagline: TAGLINE_NOW } : body));
    await s.app.db(table('tmu_api_cache')).delete();
    await page.click('#tmu-sync-now');
    await page.waitForSelector('#tmu-sync-status[data-state="success"], #tmu-sync-status[data-state="error"]', { timeout: 480_000 });
    expect(await page.getAttribute('#tmu-sync-status', 'data-state')).toBe('success');
    await s.waitForIdle();

    expect((await s.app.db(table('tmu_movies')).where({ ID: movieId }).first('tagline')).tagline).toBe(TAGLINE_NOW);
    expect(JSON.parse(await rowsText('cast'))).toEqual(editedCast);
    expect(JSON.parse(await rowsText('crew'))).toEqual(editedCrew);
    await edit();
    expect((await editedFields()).sort()).toEqual(['cast_rows', 'crew_rows']);
    await expect(page.locator('#tmu-field-crew_rows-edited').textContent()).resolves.toContain('Edited; TMDb now says:');
    await saveScreenshot(page, 'fields-box-cast-crew-edited');
    expect(await page.locator('#tmu-field-crew_rows .tmu-repeat-rows > li').first().locator('input[name$="[job]"]').inputValue()).toBe(EDITED_JOB);

    // Use TMDb's value for the crew: TMDb's rows come back, the cast stays the editor's.
    // Shown in place: the page does not navigate (a marker set before the click survives).
    await page.evaluate('window.__tmuMarker = "before"');
    await page.click('#tmu-field-crew_rows .tmu-use-tmdb');
    await page.waitForFunction(`!document.querySelector('#tmu-field-crew_rows').classList.contains('tmu-field--edited')`);
    expect(await page.evaluate('window.__tmuMarker')).toBe('before');
    expect(await page.locator('#tmu-field-crew_rows .tmu-repeat-rows > li').first().locator('input[name$="[job]"]').inputValue()).not.toBe(EDITED_JOB);
    expect(JSON.parse(await rowsText('crew'))).toEqual(tmdbCrew);
    expect(JSON.parse(await rowsText('cast'))).toEqual(editedCast);
    expect(await editedFields()).toEqual(['cast_rows']);
  });

  it('a season name edited in the box fills the newer theme’s name column too, so both themes show it', async () => {
    const seasons = table('tmu_tv_series_seasons');
    // The newer theme's activation adds `name` beside `season_name`.
    await s.app.db.schema.alterTable(seasons, (t) => t.string('name', 255).nullable());
    const seriesId = Number((await s.app.db(table('tmu_tv_series')).where({ tmdb_id: SERIES }).first('ID')).ID);
    const season = await s.app.db(seasons).where({ tv_series: seriesId, season_no: 1 }).first('ID', 'season_name', 'overview');
    await openAdmin(page, s.wp, `post.php?post=${season.ID}&action=edit`);
    await page.locator('#tmu-fields').waitFor();
    await page.fill('#tmu-field-season_name-input', SEASON_NAME);
    await Promise.all([page.waitForURL(/message=\d+/), page.click('#publish')]);
    await page.locator('#tmu-fields').waitFor();

    const saved = await s.app.db(seasons).where({ ID: season.ID }).first('season_name', 'name', 'overview');
    expect(saved).toEqual({ season_name: encodeHtmlText(SEASON_NAME), name: encodeHtmlText(SEASON_NAME), overview: season.overview });
    expect(await editedFields()).toEqual(['season_name']);
    expect(await page.inputValue('#tmu-field-season_name-input')).toBe(SEASON_NAME);
  });
});
