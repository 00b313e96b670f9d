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

describe('SettingsService: the pushed TMDb key at rest (issue 9, defect 11)', () => {
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
