/**
 * Editors win, table by table: a column changed by hand since the last sync is
 * left alone by the next one; the columns nobody touched are still written.
 */
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

const NO_EXTRAS = { images: false, videos: false } as const;

describeEachDatabase('editors win in every synced table', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t);
  });
  afterAll(async () => h?.close());

  /** What an editor (or a theme's admin screen) does to a row between two syncs. */
  const editByHand = (table: string, id: number, values: Record<string, unknown>) => t.db(t.table(table)).where({ ID: id }).update(values);
  const row = (table: string, id: number) => t.db(t.table(table)).where({ ID: id }).first();

  it('keeps a movie column an editor changed', async () => {
    const { postId } = await h.app.sync.sync('movie', 550, { ...NO_EXTRAS, credits: false });
    await editByHand('tmu_movies', postId, { certification: 'NC-17 (editor)' });
    await h.app.sync.sync('movie', 550, { ...NO_EXTRAS, credits: false });
    expect(await row('tmu_movies', postId)).toMatchObject({ certification: 'NC-17 (editor)', runtime: 139 });
  });

  it('keeps a person column an editor changed, and fills one that was emptied', async () => {
    const { postId } = await h.app.sync.sync('person', 287, NO_EXTRAS);
    const synced = await row('tmu_people', postId);
    await editByHand('tmu_people', postId, { birthplace: 'Shawnee, Oklahoma (editor)', nick_name: null });
    await h.app.sync.sync('person', 287, NO_EXTRAS);
    expect(await row('tmu_people', postId)).toMatchObject({ birthplace: 'Shawnee, Oklahoma (editor)', nick_name: synced.nick_name, name: 'Brad Pitt' });
  });

  it('keeps season and episode columns an editor changed', async () => {
    const { postId } = await h.app.sync.sync('tv', 1399, { ...NO_EXTRAS, credits: false });
    const season = await t.db(t.table('tmu_tv_series_seasons')).where({ tv_series: postId, season_no: 1 }).first();
    const episode = await t.db(t.table('tmu_tv_series_episodes')).where({ tv_series: postId, season_no: 1, episode_no: 1 }).first();
    await editByHand('tmu_tv_series_seasons', season.ID, { season_name: 'Book One (editor)' });
    await editByHand('tmu_tv_series_episodes', episode.ID, { overview: 'Our own synopsis.', episode_title: '' });
    const before = await h.counts();
    await h.app.sync.sync('tv', 1399, { ...NO_EXTRAS, credits: false });
    expect(await row('tmu_tv_series_seasons', season.ID)).toMatchObject({ season_name: 'Book One (editor)', season_no: 1 });
    expect(await row('tmu_tv_series_episodes', episode.ID)).toMatchObject({ overview: 'Our own synopsis.', episode_title: episode.episode_title });
    expect(await h.counts()).toEqual(before);
  });
});
