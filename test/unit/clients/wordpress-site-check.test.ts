import { checkSite, describeHostLimits } from '../../../src/clients/wordpress/wordpress-site-check';
import type { ResolveAnswer, WpHostLimits } from '../../../src/clients/wordpress/wordpress.types';

/** The two calls checkSite makes, answering resolve with `extra` (a plugin's prefix and host report). */
const site = (extra: Partial<ResolveAnswer>) => ({
  checkCredentials: async () => ({ username: 'sidecar' }),
  resolve: async (): Promise<ResolveAnswer> => ({ tmdb_ids: {}, keys: {}, posts: [], terms: {}, media: {}, table_prefix: 'wp_', ...extra }),
});
const hostReport = (overrides: Partial<WpHostLimits> = {}): WpHostLimits => ({ max_execution_time: 30, memory_limit: 256 * 1024 * 1024, batch_limit: 100, ...overrides });

describe('checkSite reports the PHP limits batches are sized by', () => {
  it('reads the host report of the resolve answer and says it in one line for doctor', async () => {
    const checked = await checkSite(site({ host: hostReport() }), 'wp_');
    expect(checked.host).toEqual({ maxExecutionSeconds: 30, memoryLimitBytes: 256 * 1024 * 1024, batchLimit: 100 });
    expect(describeHostLimits(checked.host)).toBe('PHP max_execution_time 30 s, memory_limit 256 MB, batch limit 100 writes');
  });

  it('says none for unlimited time and memory', async () => {
    const checked = await checkSite(site({ host: hostReport({ max_execution_time: 0, memory_limit: -1 }) }), 'wp_');
    expect(describeHostLimits(checked.host)).toBe('PHP max_execution_time none, memory_limit none, batch limit 100 writes');
  });

  it('says an older plugin reports nothing', async () => {
    const checked = await checkSite(site({}), 'wp_');
    expect(checked.host).toBeNull();
    expect(describeHostLimits(checked.host)).toMatch(/reports no PHP limits/);
  });
});
