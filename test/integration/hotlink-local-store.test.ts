/**
 * IMAGES=hotlink with the local content store: nothing is downloaded and no new attachment is
 * stored (the local store takes no hotlinks); the title itself is synced as usual.
 */
import fs from 'node:fs';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

const LIGHT = { images: true, credits: false, videos: false, seasons: 'none' as const };

describeEachDatabase('IMAGES=hotlink on the local store', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { IMAGES: 'hotlink' } });
  });
  afterAll(async () => h?.close());

  it('syncs the title without downloading or storing an image', async () => {
    await h.app.sync.sync('movie', 550, LIGHT);
    const [movie] = await t.db(t.table('tmu_movies')).where({ tmdb_id: 550 });
    expect(movie).toBeDefined();
    const imageDownloads = h.standin.requestLog().filter((r) => /\.(jpe?g|png|svg)$/.test(r.path));
    expect(imageDownloads).toEqual([]);
    expect(await t.db(t.table('tmu_local_attachments')).count({ n: '*' })).toEqual([{ n: 0 }]);
    expect(fs.readdirSync(h.uploadsDir)).toEqual([]);
  });
});
