import { ConfigError } from '../errors';
import { envSchema, ParsedEnv } from './config.schema';

export type ColumnFormat = 'php' | 'json';

export interface TmdbConfig {
  apiKey?: string;
  accessToken?: string;
  baseUrl: string;
  imageBaseUrl: string;
  maxRps: number;
  maxConnections: number;
  timeoutMs: number;
  maxRetries: number;
  language: string;
}

export interface AppConfig {
  tmdb: TmdbConfig;
  database: { url: string; tablePrefix: string };
  columnFormat: ColumnFormat;
  wordpress?: { url: string; username: string; appPassword: string };
  webhookSecret?: string;
  http: { host: string; port: number };
  redisUrl?: string;
  cron: { daily: string; weekly: string; timezone: string };
  /** The job queue: worker concurrency (also items at once in bulk jobs), lease length, daily fallback cap. */
  jobs: { concurrency: number; leaseMs: number; fallbackRefreshLimit: number; stallMs: number };
  images: { format: 'webp' | 'jpeg'; quality: number; maxWidth: number; uploadsDir: string };
  peopleRefreshHours: number;
  /** Keyword discovery and curated lists: adult titles only when allowed; what a discovered title syncs. */
  discovery: { allowAdult: boolean; syncParts: Array<'images' | 'videos' | 'credits' | 'seasons'> };
  logLevel: ParsedEnv['LOG_LEVEL'];
}

/** Validates the environment once. The error names the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid ${name}: ${issue.message}`, name);
  }
  const e = parsed.data;
  return {
    tmdb: {
      apiKey: e.TMDB_API_KEY,
      accessToken: e.TMDB_ACCESS_TOKEN,
      baseUrl: e.TMDB_BASE_URL.replace(/\/+$/, ''),
      imageBaseUrl: e.TMDB_IMAGE_BASE_URL.replace(/\/+$/, ''),
      maxRps: e.TMDB_MAX_RPS,
      maxConnections: e.TMDB_MAX_CONNECTIONS,
      timeoutMs: e.TMDB_TIMEOUT_MS,
      maxRetries: e.TMDB_MAX_RETRIES,
      language: e.TMDB_LANGUAGE,
    },
    database: { url: e.DATABASE_URL, tablePrefix: e.TABLE_PREFIX },
    columnFormat: e.TMU_COLUMN_FORMAT,
    wordpress:
      e.WP_URL && e.WP_USERNAME && e.WP_APP_PASSWORD
        ? { url: e.WP_URL.replace(/\/+$/, ''), username: e.WP_USERNAME, appPassword: e.WP_APP_PASSWORD }
        : undefined,
    webhookSecret: e.TMU_WEBHOOK_SECRET,
    http: { host: e.HOST, port: e.PORT },
    redisUrl: e.REDIS_URL,
    cron: { daily: e.CRON_DAILY, weekly: e.CRON_WEEKLY, timezone: e.CRON_TZ },
    jobs: { concurrency: e.JOB_CONCURRENCY, leaseMs: e.JOB_LEASE_SECONDS * 1000, fallbackRefreshLimit: e.FALLBACK_REFRESH_LIMIT, stallMs: e.JOB_STALL_SECONDS * 1000 },
    images: { format: e.IMAGE_FORMAT, quality: e.IMAGE_QUALITY, maxWidth: e.IMAGE_MAX_WIDTH, uploadsDir: e.UPLOADS_DIR },
    peopleRefreshHours: e.PEOPLE_REFRESH_HOURS,
    discovery: {
      allowAdult: e.ALLOW_ADULT,
      syncParts: e.DISCOVER_SYNC_PARTS.split(',')
        .map((p) => p.trim())
        .filter((p): p is 'images' | 'videos' | 'credits' | 'seasons' => p !== 'none' && p !== ''),
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** Secrets this config holds, for text redaction. */
export function configSecrets(config: AppConfig): string[] {
  return [config.tmdb.apiKey, config.tmdb.accessToken, config.wordpress?.appPassword, config.webhookSecret, redisPassword(config.redisUrl)].filter(
    (s): s is string => Boolean(s),
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
