import { availableParallelism } from 'node:os';
import cron from 'node-cron';
import { z } from 'zod';

const intFromEnv = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const boolFromEnv = z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

/** Titles a bulk syncs at once when BULK_LANES is unset: enough to keep TMDB_MAX_RPS busy, and at least the job slots. */
export function bulkLanesOf(env: { BULK_LANES?: number; JOB_CONCURRENCY: number; TMDB_MAX_RPS: number }): number {
  return env.BULK_LANES ?? Math.max(env.JOB_CONCURRENCY, Math.min(16, Math.ceil(env.TMDB_MAX_RPS / 5)));
}

/**
 * Follow-up job slots (people details, the rest of imported titles) when FOLLOW_UP_CONCURRENCY is unset: a slot per
 * 10 TMDb requests/s, at most two per core (their titles' images are encoded here), between 2 and 16.
 */
export function followUpSlotsOf(env: { FOLLOW_UP_CONCURRENCY?: number; TMDB_MAX_RPS: number }, cores: number = availableParallelism()): number {
  return env.FOLLOW_UP_CONCURRENCY ?? Math.max(2, Math.min(16, Math.ceil(env.TMDB_MAX_RPS / 10), cores * 2));
}

/** The sidecar's environment variables (docs/operations.md describes each one). */
export const envSchema = z
  .object({
    TMDB_API_KEY: z.string().min(1).optional(),
    TMDB_ACCESS_TOKEN: z.string().min(1).optional(),
    TMDB_BASE_URL: httpUrl.default('https://api.themoviedb.org/3'),
    TMDB_IMAGE_BASE_URL: httpUrl.default('https://image.tmdb.org/t/p'),
    TMDB_MAX_RPS: intFromEnv(1, 1000).default(40),
    TMDB_MAX_CONNECTIONS: intFromEnv(1, 200).default(20),
    /** Image downloads in flight at once: the image CDN is not rate-limited like the API, so they skip the API limiter. */
    TMDB_IMAGE_CONNECTIONS: intFromEnv(1, 64).default(8),
    TMDB_TIMEOUT_MS: intFromEnv(100, 120000).default(10000),
    TMDB_MAX_RETRIES: intFromEnv(0, 10).default(4),
    TMDB_LANGUAGE: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must look like en-US')
      .default('en-US'),
    DATABASE_URL: z
      .string()
      .regex(/^(sqlite:|mysql:\/\/|mariadb:\/\/)/, 'must start with sqlite: or mysql://')
      .default('sqlite:./data/tmu.sqlite'),
    TABLE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_]*$/, 'only letters, digits and _')
      .default('wp_'),
    TMU_COLUMN_FORMAT: z.enum(['php', 'json']).default('php'),
    /** Where-to-watch region (TMDb watch providers) until the plugin's settings push one. */
    WATCH_REGION: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter region code such as US')
      .default('US'),
    WP_URL: httpUrl.optional(),
    WP_USERNAME: z.string().min(1).optional(),
    WP_APP_PASSWORD: z.string().min(1).optional(),
    WP_BATCH_CONCURRENCY: intFromEnv(1, 8).default(2),
    /** A WordPress request without an answer by then is aborted; the title is retried later like any timeout. */
    WP_TIMEOUT_MS: intFromEnv(1000, 600000).default(30000),
    /** `local`: the sidecar's own tables, asked for by name (on a MySQL DATABASE_URL they may sit in WordPress's database). */
    CONTENT_STORE: z.enum(['wordpress', 'local']).optional(),
    TMU_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: intFromEnv(0, 65535).default(8787),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis://')
      .optional(),
    CRON_DAILY: z
      .string()
      .min(9)
      .refine((v) => cron.validate(v), 'not a cron expression')
      .default('0 3 * * *'),
    CRON_WEEKLY: z
      .string()
      .min(9)
      .refine((v) => cron.validate(v), 'not a cron expression')
      .default('0 4 * * 0'),
    CRON_TZ: z.string().min(1).refine(isTimeZone, 'not a known time zone (e.g. UTC, Europe/Paris)').default('UTC'),
    /** Jobs run at once by a worker, and titles synced at once inside a bulk, refresh or changes job. */
    JOB_CONCURRENCY: intFromEnv(1, 64).default(2),
    /** Follow-up jobs (people details, the rest of imported titles) run at once, beside JOB_CONCURRENCY; default from TMDB_MAX_RPS and the cores. */
    FOLLOW_UP_CONCURRENCY: intFromEnv(1, 64).optional(),
    /** Titles a bulk, weekly or daily run syncs at once; default: enough to keep TMDB_MAX_RPS busy. */
    BULK_LANES: intFromEnv(1, 64).optional(),
    /** MySQL connections at most; at least BULK_LANES + JOB_CONCURRENCY + follow-up slots (each may hold one), checked below (not on SQLite). */
    DB_POOL_MAX: intFromEnv(1, 500).optional(),
    /** Days an ended job and a log row are kept before the daily run deletes them. */
    JOB_RETENTION_DAYS: intFromEnv(1, 3650).default(30),
    /** How long a job's lease lasts without a heartbeat: after a crash, its job is taken over this long after. */
    JOB_LEASE_SECONDS: intFromEnv(2, 3600).default(60),
    /** A job attempt with no progress for this long is abandoned and retried (a hung request must not hold its slot). */
    JOB_STALL_SECONDS: intFromEnv(5, 86400).default(600),
    /** At most this many titles in the daily run's fallback refresh (no changes run in the last 14 days). */
    FALLBACK_REFRESH_LIMIT: intFromEnv(1, 100000).default(200),
    IMAGE_FORMAT: z.enum(['webp', 'jpeg']).default('webp'),
    IMAGE_QUALITY: intFromEnv(1, 100).default(80),
    /** libwebp's effort (0 fastest, 6 smallest): 2 encodes in half the CPU of sharp's 4 for files about 4 % larger. */
    IMAGE_WEBP_EFFORT: intFromEnv(0, 6).default(2),
    IMAGE_MAX_WIDTH: intFromEnv(64, 4000).default(1280),
    IMAGE_UPLOAD_CONCURRENCY: intFromEnv(1, 16).default(4),
    IMAGE_ENCODE_CONCURRENCY: intFromEnv(1, 64).optional(),
    /** `upload`: images are downloaded, encoded with their sizes and uploaded; `hotlink`: attachments point at TMDb's CDN. */
    IMAGES: z.enum(['upload', 'hotlink']).default('upload'),
    PEOPLE_REFRESH_HOURS: intFromEnv(0, 24 * 365).default(168),
    /** `all`: every person an episode credits gets a people post (the legacy importer did); `known`: only the series' own people. */
    EPISODE_CREDITS: z.enum(['all', 'known']).default('all'),
    UPLOADS_DIR: z.string().min(1).default('./data/uploads'),
    ALLOW_ADULT: boolFromEnv.default(false),
    DISCOVER_SYNC_PARTS: z
      .string()
      .regex(/^\s*(none|(images|videos|credits|seasons)(\s*,\s*(images|videos|credits|seasons))*)\s*$/, 'a comma list of images, videos, credits, seasons (or none)')
      .default('images'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** auto: readable lines on a terminal, JSON otherwise; json or pretty force one. */
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  })
  .refine((env) => !(env.CONTENT_STORE === 'local' && env.WP_URL), {
    message: 'CONTENT_STORE=local writes to the local store: unset WP_URL, or unset CONTENT_STORE to write to WordPress',
    path: ['CONTENT_STORE'],
  })
  .refine((env) => !(env.CONTENT_STORE === 'wordpress' && !env.WP_URL), {
    message: 'CONTENT_STORE=wordpress needs WP_URL, WP_USERNAME and WP_APP_PASSWORD',
    path: ['CONTENT_STORE'],
  })
  .refine((env) => !(env.WP_URL && (!env.WP_USERNAME || !env.WP_APP_PASSWORD)), {
    message: 'WP_USERNAME and WP_APP_PASSWORD are required when WP_URL is set',
    path: ['WP_APP_PASSWORD'],
  })
  .superRefine((env, ctx) => {
    // Each bulk lane and each job may hold a MySQL connection at once (a title's short rows transaction).
    // SQLite has one connection whatever DB_POOL_MAX says: nothing to check there.
    if (env.DB_POOL_MAX === undefined || env.DATABASE_URL.startsWith('sqlite:')) return;
    const lanes = bulkLanesOf(env);
    const followUps = followUpSlotsOf(env);
    const need = lanes + env.JOB_CONCURRENCY + followUps;
    if (env.DB_POOL_MAX >= need) return;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['DB_POOL_MAX'],
      message: `${env.DB_POOL_MAX} connections cannot serve BULK_LANES (${lanes}) + JOB_CONCURRENCY (${env.JOB_CONCURRENCY}) + FOLLOW_UP_CONCURRENCY (${followUps}); set it to at least ${need}`,
    });
  });

export type ParsedEnv = z.output<typeof envSchema>;
