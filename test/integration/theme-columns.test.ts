/**
 * A site where the newer TMU theme was activated: its extra season/episode columns
 * (default 0) and the unique keys over them exist in the adopted tables. A sync
 * fills them from the legacy columns, so the keys hold; it never alters them.
 */
import type { Knex } from 'knex';
import { describeEachDatabase, SuiteDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

async function addThemeColumns(t: SuiteDatabase): Promise<void> {
  const add = (table: string, build: (b: Knex.AlterTableBuilder) => void) => t.db.schema.alterTable(t.table(table), build);
  await add('tmu_tv_series_seasons', (b) => {
    b.integer('season_number').notNullable().defaultTo(0);
    b.string('name', 255);
    b.integer('episode_count').notNullable().defaultTo(0);
    b.string('theme_only', 32).defaultTo('kept');
  });
  await add('tmu_tv_series_seasons', (b) => b.unique(['tv_series', 'season_number'], { indexName: 'theme_unique_season' }));
  for (const [table, series] of [
    ['tmu_tv_series_episodes', 'tv_series'],
    ['tmu_dramas_episodes', 'dramas'],
  ] as const) {
    await add(table, (b) => {
      b.integer('season_number').notNullable().defaultTo(0);
      b.integer('episode_number').notNullable().defaultTo(0);
      b.text('name');
      b.bigInteger('air_timestamp');
    });
    await add(table, (b) => b.unique([series, 'season_number', 'episode_number'], { indexName: `theme_unique_${table}` }));
  }
}

async function columnTypes(t: SuiteDatabase, table: string): Promise<Record<string, unknown>> {
  return await t.db(t.table(table)).columnInfo();
}

describeEachDatabase('the newer theme’s extra columns', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    await addThemeColumns(t);
    h = await startSyncHarness(t);
  });
  afterAll(async () => h?.close());

  it('fills season_number and episode_number for every season of Game of Thrones, so the theme’s unique keys hold', async () => {
    const result = await h.app.sync.sync('tv', 1399, { credits: false, images: false, videos: false });
    expect(result.counts).toMatchObject({ seasons: 8, episodes: 73 });
    const seasons = await t.db(t.table('tmu_tv_series_seasons')).where({ tv_series: result.postId }).orderBy('season_no');
    expect(seasons.map((s) => [Number(s.season_number), s.name, Number(s.episode_count)])).toEqual(
      seasons.map((s) => [Number(s.season_no), s.season_name, Number(s.total_episodes)]),
    );
    expect(seasons.every((s) => s.theme_only === 'kept')).toBe(true);
    const episodes = await t.db(t.table('tmu_tv_series_episodes')).where({ tv_series: result.postId });
    expect(episodes).toHaveLength(73);
    for (const e of episodes) {
      expect([Number(e.season_number), Number(e.episode_number), e.name]).toEqual([Number(e.season_no), Number(e.episode_no), e.episode_title]);
      expect(e.air_timestamp === null ? null : Number(e.air_timestamp)).toBe(e.air_date_timestamp === null ? null : Number(e.air_date_timestamp));
    }
  });

  it('fills them for drama episodes too, and a second sync changes nothing', async () => {
    const result = await h.app.sync.sync('drama', 1396, { credits: false, images: false, videos: false });
    const episodes = await t.db(t.table('tmu_dramas_episodes')).where({ dramas: result.postId });
    expect(episodes.length).toBe(result.counts.episodes);
    expect(episodes.every((e) => Number(e.season_number) === Number(e.season_no) && Number(e.episode_number) === Number(e.episode_no))).toBe(true);
    expect(new Set(episodes.map((e) => Number(e.season_number))).size).toBeGreaterThan(1);

    const before = await h.counts();
    await h.app.sync.sync('drama', 1396, { credits: false, images: false, videos: false });
    expect(await h.counts()).toEqual(before);
  });

  it('leaves the theme’s columns as they are when the migrations run again', async () => {
    const before = await Promise.all(['tmu_tv_series_seasons', 'tmu_tv_series_episodes', 'tmu_dramas_episodes'].map((n) => columnTypes(t, n)));
    await h.anotherProcess();
    const after = await Promise.all(['tmu_tv_series_seasons', 'tmu_tv_series_episodes', 'tmu_dramas_episodes'].map((n) => columnTypes(t, n)));
    expect(after).toEqual(before);
    expect(Object.keys(after[1])).toEqual(expect.arrayContaining(['season_number', 'episode_number', 'name', 'air_timestamp']));
  });
});
