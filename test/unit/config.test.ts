import { loadConfig } from '../../src/config/config';
import { redactText } from '../../src/config/redact';
import { ConfigError } from '../../src/errors';

const validEnv = (overrides: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  TMDB_API_KEY: 'k'.repeat(32),
  ...overrides,
});

describe('loadConfig', () => {
  it('applies the defaults of design.md §3', () => {
    const config = loadConfig(validEnv());
    expect(config.tmdb.baseUrl).toBe('https://api.themoviedb.org/3');
    expect(config.tmdb.maxRps).toBe(40);
    expect(config.tmdb.maxConnections).toBe(20);
    expect(config.tmdb.language).toBe('en-US');
    expect(config.database).toEqual({ url: 'sqlite:./data/tmu.sqlite', tablePrefix: 'wp_' });
    expect(config.columnFormat).toBe('php');
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(config.cron).toEqual({ daily: '0 3 * * *', weekly: '0 4 * * 0', timezone: 'UTC' });
    expect(config.wordpress).toBeUndefined();
  });

  it.each([
    ['TMDB_MAX_RPS', 'fast'],
    ['TMDB_MAX_CONNECTIONS', '0'],
    ['DATABASE_URL', 'postgres://x'],
    ['TMU_COLUMN_FORMAT', 'xml'],
    ['TMDB_BASE_URL', 'ftp://example.test'],
    ['TABLE_PREFIX', 'wp-'],
    ['PORT', '70000'],
    ['TMU_WEBHOOK_SECRET', 'short'],
  ])('names %s when its value %p is bad', (name, value) => {
    expect(() => loadConfig(validEnv({ [name]: value }))).toThrow(ConfigError);
    expect(() => loadConfig(validEnv({ [name]: value }))).toThrow(new RegExp(`^Invalid ${name}:`));
  });

  it('requires the WordPress credentials together', () => {
    expect(() => loadConfig(validEnv({ WP_URL: 'http://wp.test' }))).toThrow(/WP_APP_PASSWORD/);
    const config = loadConfig(validEnv({ WP_URL: 'http://wp.test/', WP_USERNAME: 'admin', WP_APP_PASSWORD: 'abcd efgh' }));
    expect(config.wordpress).toEqual({ url: 'http://wp.test', username: 'admin', appPassword: 'abcd efgh' });
  });

  it('never puts a secret value in its error message', () => {
    const secret = 's3cr3t-value-that-is-long';
    try {
      loadConfig(validEnv({ TMU_WEBHOOK_SECRET: secret, TMDB_MAX_RPS: 'nope' }));
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });
});

describe('redactText', () => {
  it('removes keys from URLs, bearer tokens and passwords in URLs', () => {
    const text = 'GET https://api.test/3/movie/550?api_key=abcdef123456&language=en Bearer eyJhbGciOi.x.y mysql://root:pw@db/x';
    const redacted = redactText(text);
    expect(redacted).not.toMatch(/abcdef123456|eyJhbGciOi|:pw@/);
    expect(redacted).toContain('language=en');
  });

  it('removes known secret values anywhere', () => {
    expect(redactText('token is supersecret!', ['supersecret'])).toBe('token is [REDACTED]!');
  });
});

describe('bulk lanes and image uploads', () => {
  it('sizes bulk lanes to keep TMDB_MAX_RPS busy, not the two job slots', () => {
    expect(loadConfig(validEnv()).jobs).toMatchObject({ concurrency: 2, bulkLanes: 8 });
    expect(loadConfig(validEnv({ TMDB_MAX_RPS: '10' })).jobs.bulkLanes).toBe(2);
    expect(loadConfig(validEnv({ JOB_CONCURRENCY: '12' })).jobs.bulkLanes).toBe(12);
    expect(loadConfig(validEnv({ BULK_LANES: '3' })).jobs.bulkLanes).toBe(3);
    expect(() => loadConfig(validEnv({ BULK_LANES: '0' }))).toThrow(/BULK_LANES/);
  });

  it('uploads four images at once unless IMAGE_UPLOAD_CONCURRENCY says otherwise', () => {
    expect(loadConfig(validEnv()).images.uploadConcurrency).toBe(4);
    expect(loadConfig(validEnv({ IMAGE_UPLOAD_CONCURRENCY: '1' })).images.uploadConcurrency).toBe(1);
    expect(() => loadConfig(validEnv({ IMAGE_UPLOAD_CONCURRENCY: 'many' }))).toThrow(/IMAGE_UPLOAD_CONCURRENCY/);
  });
});
