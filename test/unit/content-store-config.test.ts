import { contentStoreProblem, loadConfig } from '../../src/config/config';
import { tablePrefixMismatch } from '../../src/clients/wordpress/wordpress-credentials';
import { ConfigError, TablePrefixError } from '../../src/errors';

const env = (overrides: Record<string, string> = {}): NodeJS.ProcessEnv => ({ TMDB_API_KEY: 'k'.repeat(32), ...overrides });
const WORDPRESS = { WP_URL: 'http://wp.test', WP_USERNAME: 'admin', WP_APP_PASSWORD: 'app pass' };
const MYSQL = { DATABASE_URL: 'mysql://wp:pass@127.0.0.1:3306/wordpress' };

describe('CONTENT_STORE', () => {
  it('names the problem of a MySQL database without WP_URL, unless the local store is asked for by name', () => {
    expect(contentStoreProblem(loadConfig(env(MYSQL)))).toMatch(/^DATABASE_URL is MySQL but WP_URL is not set: .*CONTENT_STORE=local/);
    expect(contentStoreProblem(loadConfig(env({ ...MYSQL, CONTENT_STORE: 'local' })))).toBeNull();
    expect(contentStoreProblem(loadConfig(env({ ...MYSQL, ...WORDPRESS })))).toBeNull();
    // SQLite is the sidecar's own file: never WordPress's tables.
    expect(contentStoreProblem(loadConfig(env()))).toBeNull();
  });

  it('refuses a store that contradicts WP_URL, naming CONTENT_STORE', () => {
    expect(() => loadConfig(env({ ...WORDPRESS, CONTENT_STORE: 'local' }))).toThrow(ConfigError);
    expect(() => loadConfig(env({ ...WORDPRESS, CONTENT_STORE: 'local' }))).toThrow(/CONTENT_STORE/);
    expect(() => loadConfig(env({ CONTENT_STORE: 'wordpress' }))).toThrow(/CONTENT_STORE=wordpress needs WP_URL/);
    expect(() => loadConfig(env({ CONTENT_STORE: 'remote' }))).toThrow(/CONTENT_STORE/);
    expect(loadConfig(env({ ...WORDPRESS, CONTENT_STORE: 'wordpress' })).localStoreNamed).toBe(false);
  });
});

describe('tablePrefixMismatch', () => {
  it('says which prefix to set when TABLE_PREFIX is not the one WordPress reports', () => {
    const error = tablePrefixMismatch('wpx_', 'wp_');
    expect(error).toBeInstanceOf(TablePrefixError);
    expect(error).toMatchObject({ code: 'table_prefix_mismatch', retryable: false });
    expect(error?.message).toMatch(/TABLE_PREFIX is "wpx_" but WordPress's table prefix is "wp_".*set TABLE_PREFIX=wp_$/);
    expect(tablePrefixMismatch('wp_', 'wp_')).toBeNull();
    // An older plugin does not report its prefix: nothing to compare.
    expect(tablePrefixMismatch('wpx_', undefined)).toBeNull();
  });
});
