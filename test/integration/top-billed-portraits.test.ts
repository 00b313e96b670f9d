/**
 * A title's people refresh gets its top-billed cast's portraits, but skipped
 * people whose details were fresh. Someone first credited lower down (details, no portrait)
 * never got one when later top-billed: a second title gave 0 of 10 portraits.
 */
import { createColumnCodec } from '../../src/mappers/column-codec';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

describeEachDatabase('portraits of top-billed people', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t);
  });
  afterAll(async () => h?.close());

  const personRow = (tmdbId: number) => t.db(t.table('tmu_people')).where({ tmdb_id: tmdbId }).first();
  const photosOf = async (tmdbId: number) => {
    const row = await personRow(tmdbId);
    const photos = createColumnCodec(h.app.config.columnFormat).decode(row?.photos ?? null);
    return Array.isArray(photos) ? photos : [];
  };

  it('gives a fresh person without a portrait theirs once they are top-billed, and asks no more after', async () => {
    // Details first, without a portrait (as when credited lower down in another title).
    const person = await h.app.sync.sync('person', 287, { images: false });
    expect((await personRow(287)).synced_at).not.toBeNull();
    expect(await photosOf(287)).toEqual([]);

    const title = await h.app.sync.sync('movie', 550, { videos: false });
    expect(title.peopleToRefresh?.portraits).toContain(287);
    const photos = await photosOf(287);
    expect(photos.length).toBeGreaterThan(0);
    const post = await t.db(t.table('tmu_local_posts')).where({ id: person.postId }).first();
    expect(Number(post.featured_image_id)).toBe(Number(photos[0]));

    // With the portrait there and the details fresh, the next sync of the title asks for neither.
    const again = await h.app.sync.sync('movie', 550, { videos: false });
    expect(again.peopleToRefresh?.ids ?? []).not.toContain(287);
  });
});
