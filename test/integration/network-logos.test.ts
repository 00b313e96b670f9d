/** Network and channel logos: uploaded once per TMDb file path, stored as the term meta `logo`. */
import type { LocalContentStore } from '../../src/clients/content-store/local-content-store';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

const NBC_LOGO = '/cm111bsDVlYaC1foL0itvEI4yLG.png';
const AMC_LOGO = '/pmvRmATOCaDykE6JrVoeYxlFHw3.png';
const LIGHT = { credits: false, videos: false, seasons: 'none' as const };

describeEachDatabase('network and channel logos', (t) => {
  let h: SyncHarness;
  let store: LocalContentStore;
  beforeAll(async () => {
    h = await startSyncHarness(t);
    store = h.app.store as LocalContentStore;
  });
  afterAll(async () => h?.close());

  const logoDownloads = (path: string) => h.standin.requestLog().filter((r) => r.path.endsWith(path)).length;
  const attachment = async (path: string) => t.db(t.table('tmu_local_attachments')).where({ file_path: path });

  it('uploads NBC’s logo once for two NBC series and stores it as the network term’s logo', async () => {
    await h.app.sync.sync('tv', 1400, LIGHT);
    await h.app.sync.sync('tv', 1668, LIGHT);
    const stored = await attachment(NBC_LOGO);
    expect(stored).toHaveLength(1);
    expect(logoDownloads(NBC_LOGO)).toBe(1);
    expect(await store.getTermMeta('network', 'nbc', 'logo')).toBe(String(stored[0].id));

    await h.app.sync.sync('tv', 1400, LIGHT);
    expect(await attachment(NBC_LOGO)).toHaveLength(1);
    expect(logoDownloads(NBC_LOGO)).toBe(1);
  });

  it('stores a drama’s logo on its channel term', async () => {
    await h.app.sync.sync('drama', 1396, LIGHT);
    const [stored] = await attachment(AMC_LOGO);
    expect(await store.getTermMeta('channel', 'amc', 'logo')).toBe(String(stored.id));
  });

  it('leaves logos alone when the sync runs without images', async () => {
    await h.app.sync.sync('tv', 1399, { ...LIGHT, images: false });
    expect(await store.getTermMeta('network', 'hbo', 'logo')).toBeNull();
  });
});
