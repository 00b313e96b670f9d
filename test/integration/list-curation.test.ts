/**
 * What an editor decides about a curated list: the status of the posts it
 * creates (draft unless told), and pins, removals and moves that the next
 * refresh keeps, whatever TMDb answers then.
 */
import type { WebhookEvent } from '../../src/http/webhook-events';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { discoverControls } from '../../tools/tmdb-standin/list-endpoints';
import { addDays, discoveryKit, DiscoveryKit, forgetTmdbAnswers } from '../support/discovery-harness';

jest.setTimeout(300_000);

type ItemRow = { id: number; position: number; post_id: number; tmdb_id: number; pinned: number; hidden: number };

describeEachDatabase('curated list curation', (t) => {
  let h: SyncHarness;
  let k: DiscoveryKit;

  beforeAll(async () => {
    h = await startSyncHarness(t);
    k = discoveryKit(h);
  });
  afterAll(async () => h?.close());
  afterEach(async () => {
    discoverControls(h.standin.catalogue).reset();
    await forgetTmdbAnswers(t);
  });

  const rows = async (listId: number): Promise<ItemRow[]> =>
    ((await t.db(t.table('tmu_media_list_items')).where({ list_id: listId }).orderBy('position').orderBy('id')) as ItemRow[]).map((r) => ({
      id: Number(r.id),
      position: Number(r.position),
      post_id: Number(r.post_id),
      tmdb_id: Number(r.tmdb_id),
      pinned: Number(r.pinned),
      hidden: Number(r.hidden),
    }));
  const shown = async (listId: number) => (await rows(listId)).filter((r) => r.hidden === 0);
  const statuses = async (postIds: number[]) =>
    (await t.db(t.table('tmu_local_posts')).whereIn('id', postIds).select<Array<{ status: string }>>('status')).map((r) => r.status);
  const send = (event: WebhookEvent) => h.app.webhooks.handle(event, null);
  const refreshLater = async (listId: number) => {
    await forgetTmdbAnswers(t);
    k.clock.now = addDays(k.clock.now, 1);
    return k.lists.refresh(listId);
  };

  it('creates the posts of a new list as drafts unless the list says publish', async () => {
    const drafts = await k.lists.create({ keyword: 'plot', limit: 5 });
    expect(drafts.postStatus).toBe('draft');
    await k.lists.refresh(drafts.id);
    const draftPosts = (await shown(drafts.id)).map((r) => r.post_id);
    expect(draftPosts).toHaveLength(5);
    expect(await statuses(draftPosts)).toEqual(Array(5).fill('draft'));

    const published = await k.lists.create({ keyword: 'Disney', limit: 3, status: 'publish' });
    await k.lists.refresh(published.id);
    const publishedPosts = (await shown(published.id)).map((r) => r.post_id);
    expect(publishedPosts).toHaveLength(3);
    expect(await statuses(publishedPosts)).toEqual(Array(3).fill('publish'));
  });

  it('keeps a pinned title at its place and a removed title out through a refresh that says otherwise', async () => {
    const list = await k.lists.create({ keyword: 'plot', limit: 5, title: 'Pins' });
    await k.lists.refresh(list.id);
    const before = await shown(list.id);
    const [first, removed, , , last] = before;
    const pinned = before[2];

    await send({ event: 'list.item', list_id: list.id, item_id: pinned.id, action: 'pin' });
    const answer = await send({ event: 'list.item', list_id: list.id, item_id: removed.id, action: 'remove' });
    expect(answer.status).toBe(200);
    // The removed item leaves the numbering: the pinned one is now second.
    expect((await shown(list.id)).map((r) => [r.tmdb_id, r.position, r.pinned])).toEqual([
      [first.tmdb_id, 1, 0],
      [pinned.tmdb_id, 2, 1],
      [before[3].tmdb_id, 3, 0],
      [last.tmdb_id, 4, 0],
    ]);

    // TMDb drops the pinned title and puts the removed one first.
    discoverControls(h.standin.catalogue).hide('movie', [pinned.tmdb_id]);
    discoverControls(h.standin.catalogue).promote('movie', [removed.tmdb_id]);
    const outcome = await refreshLater(list.id);

    const after = await shown(list.id);
    expect(after).toHaveLength(5);
    expect(after.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(after[1]).toMatchObject({ id: pinned.id, tmdb_id: pinned.tmdb_id, pinned: 1 });
    expect(after.map((r) => r.tmdb_id)).not.toContain(removed.tmdb_id);
    expect(after.slice(0, 4).map((r) => r.tmdb_id)).toEqual([first.tmdb_id, pinned.tmdb_id, before[3].tmdb_id, last.tmdb_id]);
    expect((await rows(list.id)).find((r) => r.id === removed.id)).toMatchObject({ hidden: 1 });
    expect(outcome.items).toHaveLength(5);
    // The removed title was passed over, not synced or counted.
    expect(outcome.discovery.items.map((i) => i.tmdbId)).not.toContain(removed.tmdb_id);
  });

  it('keeps a move through a refresh that finds the same titles, and a restored title comes back at the end', async () => {
    const list = await k.lists.create({ keyword: 'plot', limit: 4, title: 'Moves' });
    await k.lists.refresh(list.id);
    const before = await shown(list.id);

    await send({ event: 'list.item', list_id: list.id, item_id: before[3].id, action: 'move', position: 1 });
    const moved = [before[3], before[0], before[1], before[2]].map((r) => r.tmdb_id);
    expect((await shown(list.id)).map((r) => r.tmdb_id)).toEqual(moved);
    await refreshLater(list.id);
    expect((await shown(list.id)).map((r) => r.tmdb_id)).toEqual(moved);

    await send({ event: 'list.item', list_id: list.id, item_id: before[0].id, action: 'remove' });
    await send({ event: 'list.item', list_id: list.id, item_id: before[0].id, action: 'restore' });
    expect((await shown(list.id)).map((r) => r.tmdb_id)).toEqual([moved[0], moved[2], moved[3], moved[1]]);
  });

  it('never falls back to a removed title for a random pick while TMDb is down', async () => {
    const list = (await k.lists.all()).find((l) => l.title === 'Pins')!;
    const all = await rows(list.id);
    const removed = all.filter((r) => r.hidden === 1).map((r) => r.tmdb_id);
    expect(removed).toHaveLength(1);
    h.standin.injectFaults([{ match: '/discover/movie', kind: '503', times: 100 }]);
    const picked = new Set<number>();
    // Another list of the keyword may hold the same title: this list's own fallback is the one asked.
    for (const [i] of all.entries()) {
      k.randoms.push(i / all.length, i / all.length);
      picked.add((await k.random.pick({ keyword: 'plot', listId: list.id })).tmdbId);
    }
    h.standin.clearFaults();
    expect(picked.size).toBeGreaterThan(1);
    expect([...picked]).not.toContain(removed[0]);
  });

  it('answers 404 for an item of another list', async () => {
    const [a, b] = await k.lists.all();
    const other = (await rows(b.id))[0];
    await expect(send({ event: 'list.item', list_id: a.id, item_id: other.id, action: 'pin' })).rejects.toMatchObject({ code: 'list_item_not_found', status: 404 });
  });
});
