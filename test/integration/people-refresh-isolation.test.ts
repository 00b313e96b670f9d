/**
 * A people round writes up to 100 people in one transaction: one person that cannot be written
 * must cost that person only, not the 99 others of the round.
 */
import type { ContentStore, ImageInput } from '../../src/domain/content-store';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

/** A store whose upload of one person's portrait (by its alt text, the person's name) always fails. */
function failPortraitOf(name: string) {
  return (store: ContentStore): ContentStore =>
    new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'uploadImage') {
          return async (postId: number, image: ImageInput) => {
            if (image.alt === name) throw new Error(`cannot write ${image.fileName} (injected)`);
            return target.uploadImage(postId, image);
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
}

describeEachDatabase('people refresh round', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t, { build: { decorateStore: failPortraitOf('Brad Pitt') } });
  });
  afterAll(async () => h?.close());

  it('writes every person of a round but the one that fails, and names that one', async () => {
    // The title is written first; its people's details follow in rounds (inline here: no queue).
    const result = await h.app.sync.sync('movie', 550, { videos: false });
    const people = await t.db(t.table('tmu_people')).select('tmdb_id', 'synced_at');
    expect(people.length).toBe(result.counts.people);
    const notRefreshed = people.filter((p) => p.synced_at === null).map((p) => Number(p.tmdb_id));
    expect(notRefreshed).toEqual([287]);
    expect(result.counts.peopleFetched).toBe(people.length - 1);

    // Asked again, the person who failed is due again, and fails alone again.
    const again = await h.app.sync.peopleRefresh.refresh([287, ...people.slice(0, 3).map((p) => Number(p.tmdb_id))], [287]);
    expect(again.failed).toEqual([{ tmdbId: 287, message: expect.stringContaining('(injected)') }]);
    expect(again.refreshed).toBe(0);
  });
});

/** A store whose term writes take a while and count how many run at once. */
function slowTermWrites(seen: { now: number; most: number }) {
  return (store: ContentStore): ContentStore =>
    new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'setTerms') {
          return async (...args: Parameters<ContentStore['setTerms']>) => {
            seen.now += 1;
            seen.most = Math.max(seen.most, seen.now);
            await new Promise((resolve) => setTimeout(resolve, 15));
            try {
              return await target.setTerms(...args);
            } finally {
              seen.now -= 1;
            }
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
}

describeEachDatabase('people refresh round, several at once', (t) => {
  const seen = { now: 0, most: 0 };
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t, { build: { decorateStore: slowTermWrites(seen) } });
  });
  afterAll(async () => h?.close());

  it('writes the people of a round several at once, each once', async () => {
    const result = await h.app.sync.sync('movie', 550, { videos: false, images: false });
    seen.most = 0;
    const people = await t.db(t.table('tmu_people')).select('tmdb_id', 'synced_at');
    expect(people.length).toBe(result.counts.people);
    expect(people.every((p) => p.synced_at !== null)).toBe(true);
    // Details a year old are due again. Only the refresh writes nationality terms; one person at a time would never overlap.
    await t.db(t.table('tmu_people')).update({ synced_at: new Date(Date.now() - 366 * 24 * 3600 * 1000) });
    const again = await h.app.sync.peopleRefresh.refresh(
      people.map((p) => Number(p.tmdb_id)),
      [],
    );
    expect(again.failed).toEqual([]);
    expect(again.refreshed).toBe(people.length);
    expect(seen.most).toBeGreaterThan(1);
    const posts = await t.db(t.table('tmu_local_posts')).where({ type: 'people' }).count({ n: '*' });
    expect(Number(posts[0].n)).toBe(people.length);
  });
});
