/**
 * The "TMU fields" box in a real browser, on the whole product (WordPress 6.1 with the plugin,
 * MariaDB, the sidecar and the TMDb stand-in): an editor changes a movie's, a series', a season's,
 * an episode's and a person's columns, reorders the cast, adds a where-to-watch link and publishes;
 * "Sync now" and a bulk refresh then keep every edit, refresh the fields nobody edited, and the box
 * marks the edited ones with TMDb's value; "Use TMDb's value" and "Revert all" put TMDb's back.
 * editable-fields-input holds a video's box, the block editor and the save's validation.
 */
import { Page } from 'playwright-core';
import { decodeColumn } from '../../src/mappers/column-codec';
import { AdminStack, startAdminStack } from './support/admin-stack';
import { followNavigation, openAdmin, saveScreenshot } from './support/browser';
import { EDITS, importMovieAndSeries, LEGACY_DATE, MOVIE, QUICK, SERIES, TMDB_NOW } from './support/editable-fields-fixtures';
import { FullStack } from './support/full-stack';

jest.setTimeout(900_000);

describe('TMU fields box', () => {
  let admin: AdminStack | undefined;
  let s: FullStack;
  let page: Page;
  let movieId: number;
  let seriesId: number;
  let seasonId: number;
  let episodeId: number;
  let personId: number;
  let personTmdbId: number;
  let expectedStars: Array<{ person: number; character: string }>;
  let expectedVideos: number[];

  const table = (name: string) => `${s.wp.tablePrefix}${name}`;
  const row = async (name: string, id: number): Promise<Record<string, any>> => s.app.db(table(name)).where({ ID: id }).first();
  const edit = async (id: number) => {
    await openAdmin(page, s.wp, `post.php?post=${id}&action=edit`);
    await page.locator('#tmu-fields').waitFor();
  };
  /** Publish or Update in the classic editor; resolves on the reloaded screen. */
  const save = async () => {
    await followNavigation(page, () => page.click('#publish'), /message=\d+/);
    await page.locator('#tmu-fields').waitFor();
  };
  /** Sync now in the TMDb box, as an editor would; resolves when the job ended well. */
  const syncNow = async () => {
    await page.click('#tmu-sync-now');
    await page.waitForSelector('#tmu-sync-status[data-state="success"], #tmu-sync-status[data-state="error"]', { timeout: 480_000 });
    expect(await page.getAttribute('#tmu-sync-status', 'data-state')).toBe('success');
    await s.waitForIdle();
  };
  const editedFields = async () => page.locator('#tmu-fields .tmu-field--edited').evaluateAll((els) => els.map((el) => el.getAttribute('data-field')));

  beforeAll(async () => {
    admin = await startAdminStack({
      wpPort: 18153,
      sidecarPort: 18853,
      dbName: `tmu_e2e_fields_c_${process.pid}`,
      prepare: async (started) => {
        s = started;
        ({ movieId, seriesId } = await importMovieAndSeries(s));
      },
    });
    page = admin.page;
  });
  afterAll(() => admin?.close());

  it('a movie: edits a number, a cast member and the cast order (buttons), picks a new star, drags the videos, adds a where-to-watch link, refuses a bad link next to its field', async () => {
    await edit(movieId);
    await saveScreenshot(page, 'fields-box-movie');
    const stars = decodeColumn((await row('tmu_movies', movieId)).star_cast) as Array<{ person: number; character: string }>;
    expect(stars.length).toBeGreaterThanOrEqual(2);
    const homepageBefore = (await row('tmu_movies', movieId)).homepage;
    const videosBefore = decodeColumn((await row('tmu_movies', movieId)).videos) as number[];
    expect(videosBefore.length).toBeGreaterThanOrEqual(2);

    await page.fill('#tmu-field-runtime-input', EDITS.movieRuntime);
    // A link the browser accepts but the box does not (only http and https reach a page).
    await page.fill('#tmu-field-homepage-input', 'ftp://files.example/fight-club');
    const rows = page.locator('#tmu-field-star_cast .tmu-repeat-rows > li');
    await rows.nth(1).locator('input[name$="[character]"]').fill(EDITS.character);
    await rows.nth(1).locator('.tmu-move-up').click();
    // The move is announced in the box's live region, and focus stays on the moved entry's button.
    const count = await rows.count();
    await page.waitForFunction(`document.getElementById('tmu-fields-status').textContent === 'Entry moved to position 1 of ${count}.'`);
    expect(await page.evaluate('document.activeElement.classList.contains("tmu-move-up")')).toBe(true);
    expect(await page.evaluate('document.activeElement.closest("li").querySelector(\'input[name$="[character]"]\').value')).toBe(EDITS.character);
    // A new star, picked by searching the people posts.
    const directorId = Number((await s.app.db(table('tmu_movies_crew')).where({ movie: movieId, job: 'Director' }).first('person')).person);
    const directorName = String((await s.app.db(table('posts')).where({ ID: directorId }).first('post_title')).post_title);
    await page.click('#tmu-field-star_cast .tmu-repeat-add');
    const added = rows.last();
    await added.locator('.tmu-picker-search').fill(directorName.split(' ').pop() as string);
    await added.locator('.tmu-picker-results button', { hasText: directorName }).click();
    expect(await added.locator('.tmu-picker-id').inputValue()).toBe(String(directorId));
    await expect(added.locator('.tmu-picker-title').textContent()).resolves.toBe(directorName);
    await added.locator('input[name$="[character]"]').fill('Himself');
    // The videos reordered by drag and drop: the second one dragged by its handle onto the first.
    const videoRows = page.locator('#tmu-field-videos .tmu-repeat-rows > li');
    await videoRows.nth(1).locator('.tmu-repeat-handle').dragTo(videoRows.nth(0));
    expect(await videoRows.first().locator('.tmu-picker-id').inputValue()).toBe(String(videosBefore[1]));
    expectedVideos = [videosBefore[1], videosBefore[0], ...videosBefore.slice(2)];
    await page.click('#tmu-field-streaming_platforms .tmu-repeat-add');
    const watch = page.locator('#tmu-field-streaming_platforms .tmu-repeat-rows > li').last();
    await watch.locator('input[name$="[name]"]').fill(EDITS.watchName);
    await watch.locator('input[name$="[url]"]').fill(EDITS.watchUrl);
    expect(await page.inputValue('#tmu-field-homepage-input')).toBe('ftp://files.example/fight-club');
    await save();

    expectedStars = [{ ...stars[1], character: EDITS.character }, stars[0], ...stars.slice(2), { person: directorId, character: 'Himself' }];
    const saved = await row('tmu_movies', movieId);
    expect(String(saved.runtime)).toBe(EDITS.movieRuntime);
    expect(decodeColumn(saved.star_cast)).toEqual(expectedStars);
    // The cast rows the legacy templates list follow the edited star cast.
    const castRows = await s.app.db(table('tmu_movies_cast')).where({ movie: movieId }).orderBy('ID').limit(2).select('person', 'job');
    expect(castRows.map((r: any) => [Number(r.person), r.job])).toEqual(expectedStars.slice(0, 2).map((star) => [star.person, star.character]));
    expect(decodeColumn(saved.streaming_platforms)).toEqual(expect.arrayContaining([{ name: EDITS.watchName, url: EDITS.watchUrl.replace(/&/g, '&amp;') }]));
    // The bad link is refused where it was typed; the stored one is untouched.
    expect(saved.homepage).toBe(homepageBefore);
    expect(decodeColumn(saved.videos)).toEqual(expectedVideos);
    await expect(page.locator('#tmu-field-homepage-error').textContent()).resolves.toMatch(/http/);
    expect(await page.getAttribute('#tmu-field-homepage-input', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#tmu-field-homepage-input')).toBe('ftp://files.example/fight-club');
    // The page the save led to shows the refusal again when it is loaded again (a second tab, a
    // repeated request): it is named by the save, not used up by the first load.
    const savedUrl = String(await page.evaluate('performance.getEntriesByType("navigation")[0].name'));
    expect(savedUrl).toMatch(/tmu_fields_saved=/);
    expect(page.url()).not.toMatch(/tmu_fields_saved=/);
    const again = await page.context().newPage();
    try {
      await again.goto(savedUrl, { waitUntil: 'domcontentloaded' });
      await expect(again.locator('#tmu-field-homepage-error').textContent()).resolves.toMatch(/http/);
      // Opened later without the save's name, the editor does not show a refusal already shown.
      await openAdmin(again, s.wp, `post.php?post=${movieId}&action=edit`);
      await again.locator('#tmu-fields').waitFor();
      expect(await again.locator('#tmu-field-homepage-error').count()).toBe(0);
    } finally {
      await again.close();
    }
    // The cast rows follow a saved star cast (stars first, with their characters): their list reads as edited too.
    expect((await editedFields()).sort()).toEqual(['cast_rows', 'runtime', 'star_cast', 'streaming_platforms', 'videos']);
    await saveScreenshot(page, 'fields-box-movie-saved');
    personId = expectedStars[0].person;
  });

  it('a series lists and links its season and episodes; their boxes save a season name, an episode runtime and a guest role', async () => {
    await edit(seriesId);
    const seasonLinks = page.locator('#tmu-series-children > ul > li > a');
    expect(await seasonLinks.count()).toBe(1);
    expect(await page.locator('#tmu-series-children ul ul a').count()).toBe(10);
    await page.fill('#tmu-field-tagline-input', EDITS.seriesTagline);
    await saveScreenshot(page, 'fields-box-series');
    await save();
    expect((await row('tmu_tv_series', seriesId)).tagline).toBe(EDITS.seriesTagline);

    await followNavigation(page, () => page.locator('#tmu-series-children > ul > li > a').click(), /post\.php\?post=\d+&action=edit/);
    await page.locator('#tmu-fields').waitFor();
    seasonId = Number(await page.getAttribute('#tmu-fields', 'data-post-id'));
    expect((await row('tmu_tv_series_seasons', seasonId)).tv_series).toBe(seriesId);
    await page.fill('#tmu-field-season_name-input', EDITS.seasonName);
    await save();
    await saveScreenshot(page, 'fields-box-season');
    expect((await row('tmu_tv_series_seasons', seasonId)).season_name).toBe(EDITS.seasonName);

    await followNavigation(page, () => page.locator('#tmu-season-episodes a').first().click(), /post\.php\?post=\d+&action=edit/);
    await page.locator('#tmu-fields').waitFor();
    episodeId = Number(await page.getAttribute('#tmu-fields', 'data-post-id'));
    const before = await row('tmu_tv_series_episodes', episodeId);
    expect(before.season_id).toBe(seasonId);
    const credits = decodeColumn(before.credits) as { cast: Array<Record<string, unknown>>; crew: Array<Record<string, unknown>> };
    expect(credits.cast.length).toBeGreaterThan(0);
    await page.fill('#tmu-field-runtime-input', EDITS.episodeRuntime);
    await page.locator('#tmu-fieldset-credits-cast .tmu-repeat-rows > li').first().locator('input[name$="[character]"]').fill(EDITS.episodeCharacter);
    await save();
    await saveScreenshot(page, 'fields-box-episode');
    const after = await row('tmu_tv_series_episodes', episodeId);
    expect(String(after.runtime)).toBe(EDITS.episodeRuntime);
    expect(decodeColumn(after.credits)).toEqual({ ...credits, cast: [{ ...credits.cast[0], acting_job: EDITS.episodeCharacter }, ...credits.cast.slice(1)] });
  });

  it('a person: edits the birthplace; a date written another way in a legacy shape is left as it is', async () => {
    personTmdbId = Number(
      await s.app
        .db(table('postmeta'))
        .where({ post_id: personId, meta_key: 'tmdb_id' })
        .first('meta_value')
        .then((r: any) => r.meta_value),
    );
    await s.app.db(table('tmu_people')).where({ ID: personId }).update({ date_of_birth: LEGACY_DATE });
    await edit(personId);
    // A date input would show '1963' as empty and save it away: it is a text input then.
    expect(await page.getAttribute('#tmu-field-date_of_birth-input', 'type')).toBe('text');
    await page.fill('#tmu-field-birthplace-input', EDITS.birthplace);
    await save();
    await saveScreenshot(page, 'fields-box-person');
    const saved = await row('tmu_people', personId);
    expect(saved.birthplace).toBe(EDITS.birthplace);
    expect(saved.date_of_birth).toBe(LEGACY_DATE);
    expect(await page.locator('#tmu-field-date_of_birth-error').count()).toBe(0);
  });

  it('Sync now and a bulk refresh keep every edit and refresh every other field', async () => {
    s.standin.setRewrite((path, body: any) => {
      if (path === `/movie/${MOVIE}`) return { ...body, runtime: TMDB_NOW.movieRuntime, tagline: TMDB_NOW.movieTagline };
      if (path === `/tv/${SERIES}`) return { ...body, tagline: TMDB_NOW.seriesTagline, original_name: TMDB_NOW.seriesOriginal };
      if (path === `/tv/${SERIES}/season/1`) return { ...body, episodes: body.episodes.map((e: any) => ({ ...e, overview: TMDB_NOW.episodeOverview })) };
      if (path === `/person/${personTmdbId}`) return { ...body, place_of_birth: TMDB_NOW.personBirthplace, biography: TMDB_NOW.personBiography };
      return body;
    });
    // A sync may answer from the sidecar's TMDb cache; the stand-in's new answers must be read.
    await s.app.db(table('tmu_api_cache')).delete();
    for (const id of [movieId, seriesId, personId]) {
      await edit(id);
      // Season 1 is what this site has: the series' Sync now leaves its seasons to the bulk below.
      if ((await page.locator('#tmu-sync-seasons').count()) > 0) await page.uncheck('#tmu-sync-seasons');
      await syncNow();
    }
    // The bulk refresh of the titles, as the Bulk sync panel sends it; it refreshes their people too.
    const bulk = await s.api('POST', '/tmu/v1/bulk', { body: { types: ['movie', 'tv'], options: QUICK } });
    expect(bulk.status).toBe(202);
    expect(await s.waitForJob(bulk.body.job_id)).toMatchObject({ status: 'succeeded' });
    await s.waitForIdle();

    const movie = await row('tmu_movies', movieId);
    expect(String(movie.runtime)).toBe(EDITS.movieRuntime);
    expect(decodeColumn(movie.star_cast)).toEqual(expectedStars);
    expect(decodeColumn(movie.streaming_platforms)).toEqual(expect.arrayContaining([{ name: EDITS.watchName, url: EDITS.watchUrl.replace(/&/g, '&amp;') }]));
    expect(decodeColumn(movie.videos)).toEqual(expectedVideos);
    expect(movie.tagline).toBe(TMDB_NOW.movieTagline);
    const series = await row('tmu_tv_series', seriesId);
    expect(series.tagline).toBe(EDITS.seriesTagline);
    expect(series.original_title).toBe(TMDB_NOW.seriesOriginal);
    expect((await row('tmu_tv_series_seasons', seasonId)).season_name).toBe(EDITS.seasonName);
    const episode = await row('tmu_tv_series_episodes', episodeId);
    expect(String(episode.runtime)).toBe(EDITS.episodeRuntime);
    expect((decodeColumn(episode.credits) as any).cast[0].acting_job).toBe(EDITS.episodeCharacter);
    expect(episode.overview).toBe(TMDB_NOW.episodeOverview);
    const person = await row('tmu_people', personId);
    expect(person.birthplace).toBe(EDITS.birthplace);
    expect(person.date_of_birth).toBe(LEGACY_DATE);
    expect(person.biography).toBe(TMDB_NOW.personBiography);
  });

  it('the boxes mark the edited fields with what TMDb says now; "Use TMDb\'s value" and "Revert all" put it back', async () => {
    await edit(movieId);
    // The cast rows follow a saved star cast (stars first, with their characters): their list reads as edited too.
    expect((await editedFields()).sort()).toEqual(['cast_rows', 'runtime', 'star_cast', 'streaming_platforms', 'videos']);
    await expect(page.locator('#tmu-field-runtime-edited').textContent()).resolves.toContain(`Edited; TMDb now says: ${TMDB_NOW.movieRuntime}`);
    await saveScreenshot(page, 'fields-box-movie-edited');
    // Shown in place: the page does not navigate (a marker set before the click survives).
    await page.evaluate('window.__tmuMarker = "before"');
    await page.click('#tmu-field-runtime .tmu-use-tmdb');
    await page.waitForFunction(`document.getElementById('tmu-field-runtime-input').value === '${TMDB_NOW.movieRuntime}'`);
    expect(await page.evaluate('window.__tmuMarker')).toBe('before');
    expect(await editedFields()).not.toContain('runtime');
    await page.waitForFunction(`/follows TMDb/.test(document.getElementById('tmu-fields-status').textContent)`);
    expect(await page.evaluate('document.activeElement.id')).toBe('tmu-field-runtime-input');
    expect(await page.locator('#tmu-fields-revert-all').count()).toBe(1);
    expect(String((await row('tmu_movies', movieId)).runtime)).toBe(String(TMDB_NOW.movieRuntime));

    await edit(episodeId);
    expect((await editedFields()).sort()).toEqual(['credits', 'runtime']);
    await edit(seasonId);
    expect(await editedFields()).toEqual(['season_name']);

    await edit(personId);
    expect((await editedFields()).sort()).toEqual(['birthplace', 'date_of_birth']);
    await expect(page.locator('#tmu-field-birthplace-edited').textContent()).resolves.toContain(`TMDb now says: ${TMDB_NOW.personBirthplace}`);
    await saveScreenshot(page, 'fields-box-person-edited');
    await page.evaluate('window.__tmuMarker = "before"');
    await page.click('#tmu-fields-revert-all');
    await page.waitForFunction(`document.getElementById('tmu-field-birthplace-input').value === ${JSON.stringify(TMDB_NOW.personBirthplace)}`);
    expect(await page.evaluate('window.__tmuMarker')).toBe('before');
    expect(await editedFields()).toEqual([]);
    // The "Revert all" line is gone with the last edited field; the live region says how many follow TMDb again.
    expect(await page.locator('#tmu-fields-summary').count()).toBe(0);
    await page.waitForFunction(`document.getElementById('tmu-fields-status').textContent === '2 fields follow TMDb again.'`);
    await saveScreenshot(page, 'fields-box-person-reverted');
    // What a reload shows agrees with what was shown in place.
    await edit(personId);
    expect(await editedFields()).toEqual([]);
    expect(await page.inputValue('#tmu-field-birthplace-input')).toBe(TMDB_NOW.personBirthplace);
    expect((await row('tmu_people', personId)).date_of_birth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
