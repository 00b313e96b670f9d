/**
 * Curated lists against the TMDb stand-in: fill from several discover pages,
 * refresh without changes, stable order when TMDb's answer changes, one
 * transaction per refresh, and the stored fallback of a random pick.
 */
import { TmdbUnavailableError } from '../../src/errors';
import type { MediaListItemRecord } from '../../src/repositories/media-list.repository';
import type { DiscoveredTitle } from '../../src/services/discovery/discovery.schema';
import { planRefresh } from '../../src/services/discovery/list-order';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { discoverControls } from '../../tools/tmdb-standin/list-endpoints';
import { addDays, discoveryKit, DiscoveryKit, forgetTmdbAnswers } from '../support/discovery-harness';

jest.setTimeout(300_000);

type ItemRow = { id: number; position: number; post_id: number; tmdb_id: number; media_type: string };

describeEachDatabase('curated lists', (t) => {
  let h: SyncHarness;
  let k: DiscoveryKit;
  let listId: number;

  beforeAll(async () => {
    h = await startSyncHarness(t);
    k = discoveryKit(h);
  });
  afterAll(async () => h?.close());
  afterEach(() => {
    discoverControls(h.standin.catalogue).reset();
    h.standin.clearFaults();
  });

  const items = async (id: number): Promise<ItemRow[]> =>
    (await t.db(t.table('tmu_media_list_items')).where({ list_id: id }).orderBy('position')).map((r: ItemRow) => ({
      id: Number(r.id),
      position: Number(r.position),
      post_id: Number(r.post_id),
      tmdb_id: Number(r.tmdb_id),
      media_type: r.media_type,
    }));
  const listRow = (id: number) => t.db(t.table('tmu_media_lists')).where({ id }).first();
  const titleRequests = () => h.standin.requestLog().filter((r) => /^\/3\/(movie|tv)\/\d+$/.test(r.path));
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('fills a list of 30 from several discover pages; every item is a synced post', async () => {
    const list = await k.lists.create({ keyword: 'Disney', limit: 30 });
    expect(list).toMatchObject({ slug: `disney-spotlight-${list.id}`, keyword: 'disney', title: 'Disney spotlight', itemLimit: 30, type: 'movie' });
    listId = list.id;

    const outcome = await k.lists.refresh(list.id);

    const rows = await items(list.id);
    expect(rows).toHaveLength(30);
    expect(rows.map((r) => r.position)).toEqual(range(30));
    expect(new Set(rows.map((r) => r.tmdb_id)).size).toBe(30);
    expect(outcome.discovery.pagesRead).toBeGreaterThanOrEqual(2);
    expect(k.calls.discover.map((c) => c.params.page)).toEqual(range(outcome.discovery.pagesRead));
    // "disney" resolves to the exact match 307595, not TMDb's first answer (disneyland).
    expect(new Set(k.calls.discover.map((c) => c.params.with_keywords))).toEqual(new Set(['307595']));
    for (const row of rows) {
      const movie = await t.db(t.table('tmu_movies')).where({ ID: row.post_id }).first();
      expect(Number(movie?.tmdb_id)).toBe(row.tmdb_id);
    }
    expect(await listRow(list.id)).toMatchObject({ last_error: null });
  });

  it('changes nothing when a refresh finds the same titles', async () => {
    const before = await items(listId);
    const counts = await h.counts();
    const { items_changed_at: changedAt } = await listRow(listId);
    k.clock.now = addDays(k.clock.now, 1);
    await forgetTmdbAnswers(t);
    h.standin.resetStats();

    const outcome = await k.lists.refresh(listId);

    expect(outcome.changed).toBe(false);
    expect(h.standin.requestLog().some((r) => r.path === '/3/discover/movie')).toBe(true);
    expect(titleRequests()).toEqual([]); // every title was already in the library
    expect(await items(listId)).toEqual(before);
    expect(await h.counts()).toEqual(counts);
    const list = await k.lists.get(listId);
    expect(list.lastRefreshedAt?.toISOString()).toBe(k.clock.now.toISOString());
    expect(String((await listRow(listId)).items_changed_at)).toBe(String(changedAt));
  });

  it('keeps the order of the 25 that stay when 5 titles drop out and 5 new ones appear', async () => {
    const before = await items(listId);
    const dropped = [1, 6, 12, 19, 27].map((i) => before[i].tmdb_id);
    const inList = new Set(before.map((r) => r.tmdb_id));
    const later = await h.app.tmdb.discover('movie', { with_keywords: '307595', include_adult: false, sort_by: 'popularity.desc', page: 3 });
    const newcomers = later.results
      .map((r) => r.id)
      .filter((id) => !inList.has(id))
      .slice(0, 5);
    expect(newcomers).toHaveLength(5);
    // TMDb no longer lists the dropped titles, lists the newcomers first, and moved two titles that stay up.
    discoverControls(h.standin.catalogue).hide('movie', dropped);
    discoverControls(h.standin.catalogue).promote('movie', [...newcomers.slice(0, 3), before[29].tmdb_id, ...newcomers.slice(3), before[24].tmdb_id]);
    await forgetTmdbAnswers(t);
    k.clock.now = addDays(k.clock.now, 1);

    const outcome = await k.lists.refresh(listId);

    const after = await items(listId);
    const stayed = before.filter((r) => !dropped.includes(r.tmdb_id));
    expect(outcome.plan).toMatchObject({ kept: 25, added: 5, removed: 5 });
    expect(after.map((r) => r.position)).toEqual(range(30));
    expect(after.slice(0, 25).map((r) => r.tmdb_id)).toEqual(stayed.map((r) => r.tmdb_id));
    expect(after.slice(25).map((r) => r.tmdb_id)).toEqual(newcomers);
    // Titles that stayed keep their rows; only their positions moved.
    expect(after.slice(0, 25).map((r) => r.id)).toEqual(stayed.map((r) => r.id));
    expect(new Date((await k.lists.get(listId)).itemsChangedAt as Date).toISOString()).toBe(k.clock.now.toISOString());
  });

  it('writes a refresh in one transaction: a failing write leaves the list as it was', async () => {
    const before = await items(listId);
    const duplicate = { position: 31, postId: before[0].post_id, tmdbId: 999_000_001, mediaType: 'movie' as const };
    await expect(
      k.listRepository.applyRefresh(
        listId,
        { remove: [before[0].id], update: [{ id: before[1].id, position: 1, postId: before[1].post_id, mediaType: 'movie' }], insert: [duplicate, duplicate] },
        k.clock.now,
      ),
    ).rejects.toMatchObject({ code: 'database_error' });
    expect(await items(listId)).toEqual(before);
  });

  it('keeps the items and records why when TMDb is down during a refresh', async () => {
    const before = await items(listId);
    await forgetTmdbAnswers(t);
    h.standin.injectFaults([{ match: '/discover/movie', kind: '503', times: 10 }]);

    await expect(k.lists.refresh(listId)).rejects.toBeInstanceOf(TmdbUnavailableError);

    expect(await items(listId)).toEqual(before);
    expect((await listRow(listId)).last_error).toMatch(/^tmdb_unavailable: /);
  });

  it('falls back to the stored items for a random pick while TMDb is down', async () => {
    const stored = await items(listId);
    await forgetTmdbAnswers(t);
    h.standin.injectFaults([{ match: '/discover/movie', kind: '503', times: 10 }]);
    k.randoms.push(0.5);

    const pick = await k.random.pick({ keyword: 'disney' });

    const expected = stored[Math.floor(0.5 * stored.length)];
    expect(pick).toMatchObject({ source: 'stored', tmdbId: expected.tmdb_id, postId: expected.post_id, listSlug: `disney-spotlight-${listId}` });
    expect(pick.source === 'stored' && pick.reason).toMatch(/tmdb_unavailable/);
  });

  it('says TMDb is unavailable when there is nothing stored to fall back to', async () => {
    await forgetTmdbAnswers(t);
    h.standin.injectFaults([{ match: '/discover/movie', kind: '503', times: 10 }]);
    await expect(k.random.pick({ keyword: 'plot' })).rejects.toBeInstanceOf(TmdbUnavailableError);
  });
});

describe('refresh plan (stable order)', () => {
  const row = (id: number, position: number, tmdbId: number, mediaType: 'movie' | 'tv' | 'drama' = 'movie'): MediaListItemRecord => ({
    id,
    listId: 1,
    position,
    postId: tmdbId + 1000,
    tmdbId,
    mediaType,
    pinned: false,
    hidden: false,
  });
  const found = (tmdbId: number, kind: 'movie' | 'tv' = 'movie', mediaType: DiscoveredTitle['mediaType'] = kind): DiscoveredTitle => ({
    tmdbId,
    kind,
    mediaType,
    postId: tmdbId + 1000,
    title: `t${tmdbId}`,
    synced: false,
    created: false,
  });

  it('touches nothing when TMDb answers the same titles, whatever their order', () => {
    const plan = planRefresh([row(1, 1, 10), row(2, 2, 20), row(3, 3, 30)], [found(30), found(10), found(20)], 3);
    expect(plan).toMatchObject({ remove: [], update: [], insert: [], kept: 3, added: 0, removed: 0 });
    expect(plan.order.map((o) => o.tmdbId)).toEqual([10, 20, 30]);
  });

  it('closes the gaps a dropped title leaves, and cuts the list when the limit shrinks', () => {
    const plan = planRefresh([row(1, 1, 10), row(2, 2, 20), row(3, 3, 30), row(4, 4, 40)], [found(40), found(10), found(30), found(50)], 2);
    expect(plan.order.map((o) => o.tmdbId)).toEqual([10, 30]);
    expect(plan.remove.sort()).toEqual([2, 4]);
    expect(plan.update).toEqual([{ id: 3, position: 2, postId: 1030, mediaType: 'movie' }]);
    expect(plan.insert).toEqual([]);
  });

  it('keeps a series that moved to the drama tables in its place, and drops duplicate rows', () => {
    const plan = planRefresh([row(1, 1, 10, 'tv'), row(2, 2, 10, 'tv'), row(3, 3, 20, 'tv')], [found(20, 'tv'), found(10, 'tv', 'drama')], 5);
    expect(plan.order).toEqual([
      { tmdbId: 10, mediaType: 'drama', postId: 1010 },
      { tmdbId: 20, mediaType: 'tv', postId: 1020 },
    ]);
    expect(plan.remove).toEqual([2]);
    expect(plan.update).toEqual([
      { id: 1, position: 1, postId: 1010, mediaType: 'drama' },
      { id: 3, position: 2, postId: 1020, mediaType: 'tv' },
    ]);
  });
});
