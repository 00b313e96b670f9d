import { ConfigError } from '../errors';
import { bulkLanesOf, envSchema, followUpSlotsOf, ParsedEnv } from './config.schema';

type ColumnFormat = 'php' | 'json';

export interface TmdbConfig {
  apiKey?: string;
  accessToken?: string;
  baseUrl: string;
  imageBaseUrl: string;
  maxRps: number;
  maxConnections: number;
  /** Image downloads in flight at once (TMDB_IMAGE_CONNECTIONS); they do not go through the API limiter. */
  imageConnections?: number;
  timeoutMs: number;
  maxRetries: number;
  language: string;
  /** TMDB_LANGUAGE was set: it wins over the Language of the WordPress settings page. */
  languageFromEnv?: boolean;
}

export interface AppConfig {
  tmdb: TmdbConfig;
  /** poolMax: MySQL connections at most (SQLite has one). */
  database: { url: string; tablePrefix: string; poolMax: number };
  columnFormat: ColumnFormat;
  /** The where-to-watch region used until the plugin pushes its own. */
  watchRegion: string;
  /** WordPress REST: where, the application password, and how many /batch/v1 requests at once. */
  wordpress?: { url: string; username: string; appPassword: string; batchConcurrency: number; timeoutMs: number };
  /** CONTENT_STORE=local was set: the local store is wanted, not a forgotten WP_URL. */
  localStoreNamed: boolean;
  webhookSecret?: string;
  http: { host: string; port: number };
  redisUrl?: string;
  cron: { daily: string; weekly: string; timezone: string };
  /** The job queue: worker concurrency (also items at once in bulk jobs), lease length, daily fallback cap. */
  jobs: {
    concurrency: number;
    bulkLanes: number;
    pageLanes: number;
    followUpSlots: number;
    completeLanes: number;
    leaseMs: number;
    fallbackRefreshLimit: number;
    stallMs: number;
    retentionDays: number;
  };
  images: {
    format: 'webp' | 'jpeg';
    quality: number;
    webpEffort: number;
    maxWidth: number;
    uploadsDir: string;
    uploadConcurrency: number;
    encodeConcurrency?: number;
    mode: 'upload' | 'hotlink';
  };
  peopleRefreshHours: number;
  episodeCredits: 'all' | 'known';
  /** Keyword discovery and curated lists: adult titles only when allowed; what a discovered title syncs. */
  discovery: { allowAdult: boolean; syncParts: Array<'images' | 'videos' | 'credits' | 'seasons'> };
  logLevel: ParsedEnv['LOG_LEVEL'];
  logFormat: ParsedEnv['LOG_FORMAT'];
}

/** Variables that may instead name a file holding the value (`TMDB_API_KEY_FILE=/run/secrets/tmdb_api_key`), as Docker secrets expect. */
export const FILE_VARIABLES = ['TMDB_API_KEY', 'TMDB_ACCESS_TOKEN', 'WP_APP_PASSWORD', 'TMU_WEBHOOK_SECRET', 'DATABASE_URL', 'REDIS_URL'] as const;

export interface LoadConfigOptions {
  /** Reads a `*_FILE` variable's file (the composition side passes the real one); without it such variables are refused. */
  readFile?: (filePath: string) => string;
}

/** Validates the environment once. The error names the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): AppConfig {
  const set = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
  const input = resolveFileVariables(set, options.readFile);
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid ${name}: ${issue.message}`, name);
  }
  const e = parsed.data;
  // A title's rows are written in a transaction that holds a connection: every bulk lane and every other job may hold one at once (envSchema checks DB_POOL_MAX).
  const bulkLanes = bulkLanesOf(e);
  const followUpSlots = followUpSlotsOf(e);
  const poolNeed = bulkLanes + e.JOB_CONCURRENCY + followUpSlots;
  return {
    tmdb: {
      apiKey: e.TMDB_API_KEY,
      accessToken: e.TMDB_ACCESS_TOKEN,
      baseUrl: e.TMDB_BASE_URL.replace(/\/+$/, ''),
      imageBaseUrl: e.TMDB_IMAGE_BASE_URL.replace(/\/+$/, ''),
      maxRps: e.TMDB_MAX_RPS,
      maxConnections: e.TMDB_MAX_CONNECTIONS,
      imageConnections: e.TMDB_IMAGE_CONNECTIONS,
      timeoutMs: e.TMDB_TIMEOUT_MS,
      maxRetries: e.TMDB_MAX_RETRIES,
      language: e.TMDB_LANGUAGE,
      languageFromEnv: input.TMDB_LANGUAGE !== undefined,
    },
    // Two spare connections by default, for the HTTP API and the schedules.
    database: { url: e.DATABASE_URL, tablePrefix: e.TABLE_PREFIX, poolMax: e.DB_POOL_MAX ?? Math.max(10, poolNeed + 2) },
    columnFormat: e.TMU_COLUMN_FORMAT,
    watchRegion: e.WATCH_REGION,
    wordpress:
      e.WP_URL && e.WP_USERNAME && e.WP_APP_PASSWORD
        ? { url: e.WP_URL.replace(/\/+$/, ''), username: e.WP_USERNAME, appPassword: e.WP_APP_PASSWORD, batchConcurrency: e.WP_BATCH_CONCURRENCY, timeoutMs: e.WP_TIMEOUT_MS }
        : undefined,
    localStoreNamed: e.CONTENT_STORE === 'local',
    webhookSecret: e.TMU_WEBHOOK_SECRET,
    http: { host: e.HOST, port: e.PORT },
    redisUrl: e.REDIS_URL,
    cron: { daily: e.CRON_DAILY, weekly: e.CRON_WEEKLY, timezone: e.CRON_TZ },
    jobs: {
      concurrency: e.JOB_CONCURRENCY,
      // A title waits on TMDb for about a request's latency; a lane per 5 requests/s keeps the limiter busy.
      bulkLanes,
      // A title's page stage is a few merged round trips, no TMDb-bound fetching of people: eight times the lanes
      // (64 by default) keep WordPress's merged requests full (on 2 cores 64 lanes went live about 1.6 times as fast as 32).
      pageLanes: Math.min(64, bulkLanes * 8),
      followUpSlots,
      // Titles completed at once over all title.complete jobs: a completion waits on WordPress and its encodes far more than
      // on TMDb, so twice the bulk lanes (16 by default; 8 left TMDb's limiter idle most of the background phase).
      completeLanes: Math.min(64, bulkLanes * 2),
      leaseMs: e.JOB_LEASE_SECONDS * 1000,
      fallbackRefreshLimit: e.FALLBACK_REFRESH_LIMIT,
      stallMs: e.JOB_STALL_SECONDS * 1000,
      retentionDays: e.JOB_RETENTION_DAYS,
    },
    images: {
      format: e.IMAGE_FORMAT,
      quality: e.IMAGE_QUALITY,
      webpEffort: e.IMAGE_WEBP_EFFORT,
      maxWidth: e.IMAGE_MAX_WIDTH,
      uploadsDir: e.UPLOADS_DIR,
      uploadConcurrency: e.IMAGE_UPLOAD_CONCURRENCY,
      // Unset: the image service uses the core count, at least 2 (more encodes than cores only raise the peak memory).
      encodeConcurrency: e.IMAGE_ENCODE_CONCURRENCY,
      mode: e.IMAGES,
    },
    peopleRefreshHours: e.PEOPLE_REFRESH_HOURS,
    episodeCredits: e.EPISODE_CREDITS,
    discovery: {
      allowAdult: e.ALLOW_ADULT,
      syncParts: e.DISCOVER_SYNC_PARTS.split(',')
        .map((p) => p.trim())
        .filter((p): p is 'images' | 'videos' | 'credits' | 'seasons' => p !== 'none' && p !== ''),
    },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
  };
}

/** Replaces each NAME_FILE by NAME holding the file's text; NAME and NAME_FILE together are refused. */
function resolveFileVariables(env: Record<string, string>, readFile: LoadConfigOptions['readFile']): Record<string, string> {
  const out = { ...env };
  for (const name of FILE_VARIABLES) {
    const fileName = `${name}_FILE`;
    const filePath = out[fileName];
    if (filePath === undefined) continue;
    delete out[fileName];
    if (env[name] !== undefined) throw new ConfigError(`Invalid ${fileName}: set ${name} or ${fileName}, not both`, fileName);
    if (!readFile) throw new ConfigError(`Invalid ${fileName}: secret files are not read by this command`, fileName);
    let value: string;
    try {
      value = readFile(filePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError(`Invalid ${fileName}: cannot read ${filePath} (${code})`, fileName, { cause: error });
    }
    if (value === '') throw new ConfigError(`Invalid ${fileName}: ${filePath} is empty`, fileName);
    out[name] = value;
  }
  return out;
}

/** Secrets this config holds, for text redaction. */
export function configSecrets(config: AppConfig): string[] {
  return [config.tmdb.apiKey, config.tmdb.accessToken, config.wordpress?.appPassword, config.webhookSecret, redisPassword(config.redisUrl)].filter((s): s is string =>
    Boolean(s),
  );
}

function redisPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why writes would go to the wrong place, or null: on a MySQL DATABASE_URL (often WordPress's own
 * database) without WP_URL, the local store's tables fill while no template reads them.
 */
export function contentStoreProblem(config: Pick<AppConfig, 'database' | 'wordpress' | 'localStoreNamed'>): string | null {
  if (config.wordpress || config.localStoreNamed || !/^(mysql|mariadb):/.test(config.database.url)) return null;
  return 'DATABASE_URL is MySQL but WP_URL is not set: writes would go to the local store, which no WordPress template reads; set WP_URL, WP_USERNAME and WP_APP_PASSWORD, or CONTENT_STORE=local to use the local store on purpose';
}
