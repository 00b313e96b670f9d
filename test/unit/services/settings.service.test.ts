import { SecretBox, SettingsService, SettingsStore } from '../../../src/services/settings.service';

const SECRET = 'webhook-secret-0123456789abcdef';
const TMDB_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

function memoryStore(): SettingsStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return { values, get: async (k) => values.get(k) ?? null, set: async (k, v) => void values.set(k, v) };
}

function service(store: SettingsStore, secret = SECRET) {
  const used: string[] = [];
  return { used, settings: new SettingsService(store, (key) => used.push(key), false, new SecretBox(secret)) };
}

describe('SettingsService: the pushed TMDb key at rest (a database dump alone must not reveal it)', () => {
  it('stores the key sealed, never in plain text, and uses it again after a restart', async () => {
    const store = memoryStore();
    const first = service(store);
    expect(await first.settings.apply({ tmdb_api_key: TMDB_KEY })).toContain('tmdb_api_key');
    expect(first.used).toEqual([TMDB_KEY]);
    const dump = JSON.stringify([...store.values]);
    expect(dump).not.toContain(TMDB_KEY);
    expect(store.values.get('wordpress_tmdb_api_key')).toMatch(/^enc:v1:/);

    const restarted = service(store);
    await restarted.settings.restore();
    expect(restarted.used).toEqual([TMDB_KEY]);
  });

  it('cannot read a key sealed with another webhook secret, or an altered one', async () => {
    const store = memoryStore();
    await service(store).settings.apply({ tmdb_api_key: TMDB_KEY });
    const other = service(store, 'another-webhook-secret-0123456789');
    await other.settings.restore();
    expect(other.used).toEqual([]);
    const sealed = store.values.get('wordpress_tmdb_api_key')!;
    expect(new SecretBox(SECRET).open(`${sealed.slice(0, -4)}AAA=`)).toBeNull();
  });

  it('seals a key an earlier version stored in plain text', async () => {
    const store = memoryStore();
    store.values.set('wordpress_tmdb_api_key', TMDB_KEY);
    const restarted = service(store);
    await restarted.settings.restore();
    expect(restarted.used).toEqual([TMDB_KEY]);
    expect(store.values.get('wordpress_tmdb_api_key')).toMatch(/^enc:v1:/);
  });
});

describe('SettingsService: the where-to-watch region', () => {
  const regionService = (store: SettingsStore, clock: { now: number }, fallback?: string) =>
    new SettingsService(
      store,
      () => undefined,
      false,
      null,
      undefined,
      () => undefined,
      { watchRegion: fallback, regionTtlMs: 1000, now: () => clock.now },
    );

  it('is US, else WATCH_REGION, else the region the plugin pushed (at once in the process it reached)', async () => {
    const clock = { now: 0 };
    expect(await regionService(memoryStore(), clock).watchRegion()).toBe('US');
    const store = memoryStore();
    const settings = regionService(store, clock, 'CA');
    expect(await settings.watchRegion()).toBe('CA');
    expect(await settings.apply({ watch_region: 'GB' })).toEqual(['watch_region']);
    expect(await settings.watchRegion()).toBe('GB');
  });

  it('reaches another process once that one’s cached region is older than the TTL', async () => {
    const clock = { now: 0 };
    const store = memoryStore();
    const other = regionService(store, clock);
    expect(await other.watchRegion()).toBe('US');
    await regionService(store, clock).apply({ watch_region: 'DE' });
    clock.now = 999;
    expect(await other.watchRegion()).toBe('US');
    clock.now = 1000;
    expect(await other.watchRegion()).toBe('DE');
  });
});

describe('SettingsService: the sync defaults the plugin applies itself', () => {
  it('accepts auto_sync and sync_* in a push without storing or reporting them', async () => {
    const store = memoryStore();
    store.values.set('wordpress_settings', JSON.stringify({ autoSync: true, defaults: { images: false }, language: 'fr-FR', hasTmdbKey: false }));
    const { settings } = service(store);
    const push = { auto_sync: true, sync_images: false, sync_videos: true, sync_credits: false, sync_seasons: true, language: 'de-DE' };
    expect(await settings.apply(push)).toEqual(['language']);
    expect(JSON.parse(store.values.get('wordpress_settings')!)).toEqual({ hasTmdbKey: false, language: 'de-DE' });
    expect(await settings.load()).toEqual({ hasTmdbKey: false, language: 'de-DE' });
  });
});
