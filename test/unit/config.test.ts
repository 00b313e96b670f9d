import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSecretFile } from '../../src/clients/secret-file.client';
import { configSecrets, FILE_VARIABLES, loadConfig } from '../../src/config/config';
import { followUpSlotsOf } from '../../src/config/config.schema';
import { redactText } from '../../src/config/redact';
import { ConfigError } from '../../src/errors';

const validEnv = (overrides: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  TMDB_API_KEY: 'k'.repeat(32),
  ...overrides,
});

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(validEnv());
    expect(config.tmdb.baseUrl).toBe('https://api.themoviedb.org/3');
    expect(config.tmdb.maxRps).toBe(40);
    expect(config.tmdb.maxConnections).toBe(20);
    expect(config.tmdb.language).toBe('en-US');
    expect(config.database).toEqual({ url: 'sqlite:./data/tmu.sqlite', tablePrefix: 'wp_', poolMax: 16 });
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
    expect(config.wordpress).toEqual({ url: 'http://wp.test', username: 'admin', appPassword: 'abcd efgh', batchConcurrency: 2, timeoutMs: 30000 });
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

describe('loadConfig: *_FILE variables (Docker secrets)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tmu-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes a secret file the way `docker secret` and `echo value > file` do: with a trailing newline. */
  const secretFile = (name: string, value: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, `${value}\n`);
    return file;
  };
  const readFile = { readFile: readSecretFile };

  it('reads every secret from its file, trimmed', () => {
    const config = loadConfig(
      {
        TMDB_API_KEY_FILE: secretFile('tmdb', 'k'.repeat(32)),
        TMDB_ACCESS_TOKEN_FILE: secretFile('token', 'eyJ.token.value'),
        WP_URL: 'http://wp.test',
        WP_USERNAME: 'admin',
        WP_APP_PASSWORD_FILE: secretFile('wp', 'abcd efgh ijkl mnop qrst uvwx'),
        TMU_WEBHOOK_SECRET_FILE: secretFile('hook', 'a-long-random-webhook-secret'),
        DATABASE_URL_FILE: secretFile('db', 'mysql://wp:p4ss@db:3306/wordpress'),
        REDIS_URL_FILE: secretFile('redis', 'redis://:r3dis-pass@redis:6379'),
      },
      readFile,
    );
    expect(config.tmdb.apiKey).toBe('k'.repeat(32));
    expect(config.tmdb.accessToken).toBe('eyJ.token.value');
    expect(config.wordpress).toEqual({ url: 'http://wp.test', username: 'admin', appPassword: 'abcd efgh ijkl mnop qrst uvwx', batchConcurrency: 2, timeoutMs: 30000 });
    expect(config.webhookSecret).toBe('a-long-random-webhook-secret');
    expect(config.database.url).toBe('mysql://wp:p4ss@db:3306/wordpress');
    expect(config.redisUrl).toBe('redis://:r3dis-pass@redis:6379');
    expect(configSecrets(config)).toEqual(expect.arrayContaining(['k'.repeat(32), 'abcd efgh ijkl mnop qrst uvwx', 'a-long-random-webhook-secret', 'r3dis-pass']));
    expect(FILE_VARIABLES).toEqual(expect.arrayContaining(['TMDB_API_KEY', 'WP_APP_PASSWORD', 'TMU_WEBHOOK_SECRET', 'DATABASE_URL']));
  });

  it('validates a value from a file like one from the environment', () => {
    expect(() => loadConfig(validEnv({ TMU_WEBHOOK_SECRET_FILE: secretFile('hook', 'short') }), readFile)).toThrow(/^Invalid TMU_WEBHOOK_SECRET:/);
  });

  it('refuses a variable set both ways, a missing file and an empty one, naming the _FILE variable', () => {
    const both = validEnv({ TMDB_API_KEY_FILE: secretFile('tmdb', 'x'.repeat(32)) });
    expect(() => loadConfig(both, readFile)).toThrow('Invalid TMDB_API_KEY_FILE: set TMDB_API_KEY or TMDB_API_KEY_FILE, not both');
    const missing = path.join(dir, 'nope');
    expect(() => loadConfig(validEnv({ WP_APP_PASSWORD_FILE: missing }), readFile)).toThrow(`Invalid WP_APP_PASSWORD_FILE: cannot read ${missing} (ENOENT)`);
    const empty = path.join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(() => loadConfig(validEnv({ DATABASE_URL_FILE: empty }), readFile)).toThrow(ConfigError);
    expect(() => loadConfig(validEnv({ DATABASE_URL_FILE: empty }), readFile)).toThrow(/^Invalid DATABASE_URL_FILE: .* is empty$/);
  });

  it('refuses a _FILE variable when no file reader was given', () => {
    expect(() => loadConfig({ TMDB_API_KEY_FILE: secretFile('tmdb', 'k'.repeat(32)) })).toThrow(/^Invalid TMDB_API_KEY_FILE:/);
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

  it('runs page-stage syncs on eight times the bulk lanes, at most 64', () => {
    expect(loadConfig(validEnv()).jobs.pageLanes).toBe(64);
    expect(loadConfig(validEnv({ BULK_LANES: '3' })).jobs.pageLanes).toBe(24);
    expect(loadConfig(validEnv({ BULK_LANES: '40' })).jobs.pageLanes).toBe(64);
  });

  it('sizes the database pool for every bulk lane and job slot, and names DB_POOL_MAX when it is too small', () => {
    const mysql = { DATABASE_URL: 'mysql://tmu@127.0.0.1:3306/wordpress' };
    // Before, the pool was 10 whatever the lanes: 16 lanes and 2 jobs waited on each other's connections.
    // Follow-up jobs hold slots of their own (FOLLOW_UP_CONCURRENCY, 4 at TMDB_MAX_RPS 40), so they count too.
    expect(loadConfig(validEnv({ ...mysql, BULK_LANES: '16', JOB_CONCURRENCY: '2' })).database.poolMax).toBe(24);
    expect(loadConfig(validEnv({ ...mysql, BULK_LANES: '2', JOB_CONCURRENCY: '1', FOLLOW_UP_CONCURRENCY: '2' })).database.poolMax).toBe(10);
    expect(loadConfig(validEnv({ ...mysql, BULK_LANES: '16', JOB_CONCURRENCY: '2', DB_POOL_MAX: '22' })).database.poolMax).toBe(22);
    // Lanes left to their default (TMDB_MAX_RPS 40: 8) count too.
    expect(() => loadConfig(validEnv({ ...mysql, JOB_CONCURRENCY: '2', DB_POOL_MAX: '9' }))).toThrow('set it to at least 14');
    const tooSmall = () => loadConfig(validEnv({ ...mysql, BULK_LANES: '16', JOB_CONCURRENCY: '2', FOLLOW_UP_CONCURRENCY: '3', DB_POOL_MAX: '10' }));
    expect(tooSmall).toThrow(ConfigError);
    expect(tooSmall).toThrow('Invalid DB_POOL_MAX: 10 connections cannot serve BULK_LANES (16) + JOB_CONCURRENCY (2) + FOLLOW_UP_CONCURRENCY (3); set it to at least 21');
    expect(() => loadConfig(validEnv({ DB_POOL_MAX: 'ten' }))).toThrow(/DB_POOL_MAX/);
  });

  it('gives follow-up jobs slots of their own from TMDB_MAX_RPS and the cores, and their titles twice the bulk lanes', () => {
    expect(followUpSlotsOf({ TMDB_MAX_RPS: 40 }, 2)).toBe(4);
    expect(followUpSlotsOf({ TMDB_MAX_RPS: 40 }, 1)).toBe(2);
    expect(followUpSlotsOf({ TMDB_MAX_RPS: 400 }, 64)).toBe(16);
    expect(followUpSlotsOf({ TMDB_MAX_RPS: 5 }, 8)).toBe(2);
    expect(followUpSlotsOf({ TMDB_MAX_RPS: 40, FOLLOW_UP_CONCURRENCY: 7 }, 2)).toBe(7);
    expect(loadConfig(validEnv({ FOLLOW_UP_CONCURRENCY: '6' })).jobs.followUpSlots).toBe(6);
    expect(loadConfig(validEnv()).jobs.completeLanes).toBe(16);
    expect(loadConfig(validEnv({ BULK_LANES: '40' })).jobs.completeLanes).toBe(64);
    expect(() => loadConfig(validEnv({ FOLLOW_UP_CONCURRENCY: '0' }))).toThrow(/FOLLOW_UP_CONCURRENCY/);
  });

  it('does not hold SQLite (one connection whatever the pool says) to the MySQL pool check', () => {
    const sqlite = validEnv({ DATABASE_URL: 'sqlite:./data/tmu.sqlite', BULK_LANES: '16', JOB_CONCURRENCY: '2', DB_POOL_MAX: '4' });
    expect(loadConfig(sqlite).jobs.bulkLanes).toBe(16);
  });

  it('keeps ended jobs and log rows 30 days unless JOB_RETENTION_DAYS says otherwise', () => {
    expect(loadConfig(validEnv()).jobs.retentionDays).toBe(30);
    expect(loadConfig(validEnv({ JOB_RETENTION_DAYS: '7' })).jobs.retentionDays).toBe(7);
    expect(() => loadConfig(validEnv({ JOB_RETENTION_DAYS: '0' }))).toThrow(/JOB_RETENTION_DAYS/);
  });

  it('uploads four images at once unless IMAGE_UPLOAD_CONCURRENCY says otherwise', () => {
    expect(loadConfig(validEnv()).images.uploadConcurrency).toBe(4);
    expect(loadConfig(validEnv({ IMAGE_UPLOAD_CONCURRENCY: '1' })).images.uploadConcurrency).toBe(1);
    expect(() => loadConfig(validEnv({ IMAGE_UPLOAD_CONCURRENCY: 'many' }))).toThrow(/IMAGE_UPLOAD_CONCURRENCY/);
  });

  it('encodes WebP at effort 2 unless IMAGE_WEBP_EFFORT says otherwise, and names a value outside 0–6', () => {
    expect(loadConfig(validEnv()).images.webpEffort).toBe(2);
    expect(loadConfig(validEnv({ IMAGE_WEBP_EFFORT: '0' })).images.webpEffort).toBe(0);
    expect(loadConfig(validEnv({ IMAGE_WEBP_EFFORT: '6' })).images.webpEffort).toBe(6);
    expect(() => loadConfig(validEnv({ IMAGE_WEBP_EFFORT: '7' }))).toThrow(/IMAGE_WEBP_EFFORT/);
  });

  it('caps the images re-encoded at once only when IMAGE_ENCODE_CONCURRENCY says so', () => {
    expect(loadConfig(validEnv()).images.encodeConcurrency).toBeUndefined();
    expect(loadConfig(validEnv({ IMAGE_ENCODE_CONCURRENCY: '3' })).images.encodeConcurrency).toBe(3);
    expect(() => loadConfig(validEnv({ IMAGE_ENCODE_CONCURRENCY: '0' }))).toThrow(/IMAGE_ENCODE_CONCURRENCY/);
  });

  it('uploads images unless IMAGES=hotlink, and names a bad IMAGES value', () => {
    expect(loadConfig(validEnv()).images.mode).toBe('upload');
    expect(loadConfig(validEnv({ IMAGES: 'hotlink' })).images.mode).toBe('hotlink');
    expect(() => loadConfig(validEnv({ IMAGES: 'link' }))).toThrow(/IMAGES/);
  });

  it('sends two WordPress batches at once unless WP_BATCH_CONCURRENCY says otherwise', () => {
    const wordpress = { WP_URL: 'http://wp.test', WP_USERNAME: 'admin', WP_APP_PASSWORD: 'app pass' };
    expect(loadConfig(validEnv(wordpress)).wordpress?.batchConcurrency).toBe(2);
    expect(loadConfig(validEnv({ ...wordpress, WP_BATCH_CONCURRENCY: '4' })).wordpress?.batchConcurrency).toBe(4);
    expect(() => loadConfig(validEnv({ ...wordpress, WP_BATCH_CONCURRENCY: '0' }))).toThrow(/WP_BATCH_CONCURRENCY/);
  });

  it('gives a WordPress request WP_TIMEOUT_MS (30 s unless set) and refuses a timeout that is not a sane number of ms', () => {
    const wordpress = { WP_URL: 'http://wp.test', WP_USERNAME: 'admin', WP_APP_PASSWORD: 'app pass' };
    expect(loadConfig(validEnv(wordpress)).wordpress?.timeoutMs).toBe(30000);
    expect(loadConfig(validEnv({ ...wordpress, WP_TIMEOUT_MS: '90000' })).wordpress?.timeoutMs).toBe(90000);
    for (const bad of ['0', '50', '30s', '9999999']) expect(() => loadConfig(validEnv({ ...wordpress, WP_TIMEOUT_MS: bad }))).toThrow(/WP_TIMEOUT_MS/);
  });
});
