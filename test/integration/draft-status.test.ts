import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

const CHILD_TYPES = ['season', 'episode', 'video', 'people'];

describeEachDatabase('a title’s children and people follow its status', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t);
  });
  afterAll(async () => h?.close());

  /** Post type → status → how many local posts, for the types that follow a title. */
  async function statusesByType(): Promise<Record<string, Record<string, number>>> {
    const rows = await t.db(t.table('tmu_local_posts')).select('type', 'status').count({ n: '*' }).whereIn('type', CHILD_TYPES).groupBy('type', 'status');
    const out: Record<string, Record<string, number>> = {};
    for (const row of rows as Array<{ type: string; status: string; n: number | string }>) out[row.type] = { ...out[row.type], [row.status]: Number(row.n) };
    return out;
  }

  async function statusOf(postId: number): Promise<string> {
    return (await t.db(t.table('tmu_local_posts')).where({ id: postId }).first()).status;
  }

  it('imports a series as a draft with draft seasons, episodes, videos and people; publishing it and syncing again publishes its people', async () => {
    const result = await h.app.sync.sync('tv', 1399, { status: 'draft', images: false, seasons: [1] });
    expect(result.counts).toMatchObject({ seasons: 1, episodes: 10 });
    expect(result.counts.videos).toBeGreaterThan(0);
    expect(result.counts.people).toBeGreaterThan(0);
    expect(await statusOf(result.postId)).toBe('draft');
    const drafts = await statusesByType();
    expect(Object.keys(drafts).sort()).toEqual([...CHILD_TYPES].sort());
    for (const type of CHILD_TYPES) expect(Object.keys(drafts[type])).toEqual(['draft']);

    // An editor publishes the series; the next sync (webhook, schedule) publishes the people it credits.
    await h.app.store.updatePost('tv', result.postId, { status: 'publish' });
    await h.app.sync.sync('tv', 1399, { images: false, seasons: [1] });
    const people = (await statusesByType()).people;
    expect(people).toEqual({ publish: result.counts.people });
  });

  it('takes the public children of a draft title back to draft on its next sync (an older version published them)', async () => {
    const first = await h.app.sync.sync('tv', 1399, { images: false, credits: false, seasons: [1] });
    await h.app.store.updatePost('tv', first.postId, { status: 'publish' });
    await h.app.sync.sync('tv', 1399, { images: false, credits: false, seasons: [1] });
    const children = await t.db(t.table('tmu_local_posts')).where({ parent_id: first.postId }).whereIn('type', ['season', 'episode', 'video']);
    expect(children.length).toBeGreaterThan(10);
    // Published by hand, as older versions did, then the series goes back to draft.
    await t
      .db(t.table('tmu_local_posts'))
      .whereIn(
        'id',
        children.map((c) => c.id),
      )
      .update({ status: 'publish' });
    await h.app.store.updatePost('tv', first.postId, { status: 'draft' });
    await h.app.sync.sync('tv', 1399, { images: false, credits: false, seasons: [1] });
    const after = await t
      .db(t.table('tmu_local_posts'))
      .whereIn(
        'id',
        children.map((c) => c.id),
      )
      .distinct('status');
    expect(after.map((r) => r.status)).toEqual(['draft']);
  });

  it('keeps writing a published title’s new children as public', async () => {
    const movie = await h.app.sync.sync('movie', 550, { images: false });
    expect(await statusOf(movie.postId)).toBe('publish');
    const videos = await t.db(t.table('tmu_local_posts')).where({ type: 'video', parent_id: movie.postId }).distinct('status');
    expect(videos.map((r) => r.status)).toEqual(['publish']);
  });
});
