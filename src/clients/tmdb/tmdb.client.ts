import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Logger } from 'pino';
import type { TmdbConfig } from '../../config/config';
import { TmdbPayloadError, ValidationError } from '../../errors';
import type { ApiCache } from './api-cache';
import { resolveTmdbAuth } from './tmdb-auth';
import { tmdbAuthenticationSchema, tmdbDiscoverPageSchema, tmdbGenreListSchema, TmdbDiscoverPage, TmdbGenreList } from './tmdb-extra.schemas';
import { cacheKey, Query, TmdbHttp } from './tmdb-http';
import { FALLBACK_LANGUAGE, fillFromEnglish, hasEmptyText, isEnglish, languageCode, TranslatedKind } from './tmdb-language';
import Bottleneck from 'bottleneck';
import { TmdbAnswerCache } from './tmdb-answer-cache';
import { TmdbLimiter, TmdbPriority } from './tmdb-limiter';
import { DroppedEntry, parseDroppingInvalidEntries } from './tmdb-lenient-lists';
import { noopTmdbMetrics, TmdbMetrics } from './tmdb-metrics';
import { DEFAULT_RETRY, RetryInfo, RetryPolicy, withRetries } from './tmdb-retry';
import {
  APPEND_TO_RESPONSE,
  SearchType,
  TmdbChangesPage,
  tmdbChangesPageSchema,
  TmdbConfiguration,
  tmdbConfigurationSchema,
  TmdbKeywordSearchPage,
  tmdbKeywordSearchPageSchema,
  TmdbMovie,
  tmdbMovieSchema,
  TmdbPerson,
  tmdbPersonSchema,
  TmdbSearchPage,
  tmdbSearchPageSchema,
  TmdbSeason,
  tmdbSeasonSchema,
  TmdbTv,
  tmdbTvSchema,
} from './tmdb.schema';

export type { TmdbMetrics } from './tmdb-metrics';
export type { TmdbPriority } from './tmdb-limiter';

export interface TmdbClientOptions {
  config: TmdbConfig;
  cache: ApiCache;
  logger: Logger;
  metrics?: TmdbMetrics;
  /** Backoff tuning (tests shorten it); maxRetries comes from config. */
  retry?: Partial<Omit<RetryPolicy, 'maxRetries'>>;
  limiter?: { windowMarginMs?: number };
  /** REDIS_URL mode: one limiter for every sidecar process of the site. */
  cluster?: { redis: Redis; id: string };
}

export interface TmdbFetchOptions {
  /** Defaults to config.language. */
  language?: string;
  /** Skip the cache read (the answer is still cached). */
  fresh?: boolean;
}

export interface TmdbChangesQuery {
  startDate: string;
  endDate: string;
  page?: number;
}

export type TmdbChangesKind = 'movie' | 'tv' | 'person';

const DETAILS_TTL = 3600;
const STATIC_TTL = 86_400;
const NO_CACHE = 0;

/**
 * TMDb v3 over axios. Every request goes through one limiter per client,
 * retries what is transient, validates with zod, caches only what validated,
 * and never lets the v3 key reach a log line or an error.
 */
export class TmdbClient {
  private config: TmdbConfig;
  private readonly cache: TmdbAnswerCache;
  private readonly logger: Logger;
  private readonly http: TmdbHttp;
  private readonly limiter: TmdbLimiter;
  /** Image downloads: their own connection cap, not the API limiter (the image CDN is not rate-limited like the API). */
  private readonly imageSlots: Bottleneck;
  private readonly retry: RetryPolicy;
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(options: TmdbClientOptions) {
    this.config = options.config;
    this.logger = options.logger.child({ component: 'tmdb' });
    this.cache = new TmdbAnswerCache(options.cache, this.logger);
    const metrics = options.metrics ?? noopTmdbMetrics;
    this.http = new TmdbHttp({ config: options.config, auth: resolveTmdbAuth(options.config), logger: this.logger, metrics });
    this.limiter = new TmdbLimiter({
      maxRps: options.config.maxRps,
      maxConnections: options.config.maxConnections,
      metrics,
      windowMarginMs: options.limiter?.windowMarginMs,
      cluster: options.cluster && {
        ...options.cluster,
        requestTimeoutMs: options.config.timeoutMs,
        onWarning: (message, error) => this.logger.warn({ err: describe(error) }, message),
      },
    });
    this.imageSlots = new Bottleneck({ maxConcurrent: options.config.imageConnections ?? options.config.maxConnections });
    this.retry = { ...DEFAULT_RETRY, ...options.retry, maxRetries: Math.max(0, options.config.maxRetries) };
  }

  async getMovie(id: number, opts: TmdbFetchOptions = {}): Promise<TmdbMovie> {
    return this.details('movie', `/movie/${positiveId(id)}`, tmdbMovieSchema, APPEND_TO_RESPONSE.movie, opts);
  }

  async getTv(id: number, opts: TmdbFetchOptions = {}): Promise<TmdbTv> {
    return this.details('tv', `/tv/${positiveId(id)}`, tmdbTvSchema, APPEND_TO_RESPONSE.tv, opts);
  }

  async getSeason(tvId: number, seasonNumber: number, opts: TmdbFetchOptions = {}): Promise<TmdbSeason> {
    if (!Number.isInteger(seasonNumber) || seasonNumber < 0) throw new ValidationError(`Invalid season number: ${seasonNumber}`, { field: 'season' });
    return this.details('season', `/tv/${positiveId(tvId)}/season/${seasonNumber}`, tmdbSeasonSchema, undefined, opts);
  }

  async getPerson(id: number, opts: TmdbFetchOptions = {}): Promise<TmdbPerson> {
    return this.details('person', `/person/${positiveId(id)}`, tmdbPersonSchema, APPEND_TO_RESPONSE.person, opts);
  }

  async search(query: string, type: SearchType, page = 1): Promise<TmdbSearchPage> {
    const q = { query, page, include_adult: false, language: this.config.language };
    return this.getJson(`/search/${type}`, q, tmdbSearchPageSchema, DETAILS_TTL);
  }

  async searchKeyword(query: string, page = 1): Promise<TmdbKeywordSearchPage> {
    return this.getJson('/search/keyword', { query, page }, tmdbKeywordSearchPageSchema, DETAILS_TTL);
  }

  async getConfiguration(): Promise<TmdbConfiguration> {
    return this.getJson('/configuration', {}, tmdbConfigurationSchema, STATIC_TTL);
  }

  async getGenres(kind: 'movie' | 'tv'): Promise<TmdbGenreList> {
    return this.getJson(`/genre/${kind}/list`, { language: this.config.language }, tmdbGenreListSchema, STATIC_TTL);
  }

  /** Changes lists are what tells us to refetch, so they are never served from the cache. */
  async getChanges(kind: TmdbChangesKind, q: TmdbChangesQuery): Promise<TmdbChangesPage> {
    const query = { start_date: q.startDate, end_date: q.endDate, page: q.page ?? 1 };
    return this.getJson(`/${kind}/changes`, query, tmdbChangesPageSchema, NO_CACHE, true);
  }

  async discover(kind: 'movie' | 'tv', params: Record<string, string | number | boolean>): Promise<TmdbDiscoverPage> {
    return this.getJson(`/discover/${kind}`, { language: this.config.language, ...params }, tmdbDiscoverPageSchema, DETAILS_TTL);
  }

  /** Resolves when TMDb accepts the credentials; TmdbAuthError when it does not. */
  async validateCredentials(): Promise<void> {
    await this.getJson('/authentication', {}, tmdbAuthenticationSchema, NO_CACHE, true);
  }

  /**
   * Use a v3 key (or v4 token) pushed from the WordPress settings page. An
   * access token from the environment keeps precedence: what the operator set wins over the admin.
   */
  setApiKey(key: string): void {
    this.http.setAuth(resolveTmdbAuth({ accessToken: this.config.accessToken, apiKey: key }));
  }

  /** Whether requests carry a key or token at all (never the key itself). */
  hasCredentials(): boolean {
    return this.http.configured;
  }

  /** The Language of the WordPress settings page, for every later request (unless TMDB_LANGUAGE is set). */
  setLanguage(language: string): void {
    if (!this.config.languageFromEnv) this.config = { ...this.config, language };
  }

  imageUrl(size: string, filePath: string): string {
    return `${this.config.imageBaseUrl}/${size}${filePath.startsWith('/') ? '' : '/'}${filePath}`;
  }

  async downloadImage(size: string, filePath: string): Promise<Buffer> {
    const url = this.imageUrl(size, filePath);
    const logPath = new URL(url).pathname;
    return withRetries((attempt) => this.imageSlots.schedule(() => this.http.binary(url, logPath, attempt)), this.retry, {
      what: `GET ${logPath}`,
      // Retry-After still sets this download's wait (withRetries); it does not pause the API limiter.
      onRetry: (info) => this.logger.debug({ path: logPath, retry: info.retry, delayMs: info.delayMs, reason: info.outcome.reason }, 'tmdb image retry'),
    });
  }

  /** Runs fn's TMDb requests at `priority` (default: interactive, first); a bulk run's answers skip the cache table. */
  withPriority<T>(priority: TmdbPriority, fn: () => Promise<T>): Promise<T> {
    return this.limiter.withPriority(priority, fn);
  }

  async close(): Promise<void> {
    await this.limiter.stop();
    await this.imageSlots.stop({ dropWaitingJobs: true }).catch(() => undefined);
    this.http.close();
  }

  private async details<S extends z.ZodType<Record<string, unknown>>>(
    kind: TranslatedKind,
    path: string,
    schema: S,
    append: string | undefined,
    opts: TmdbFetchOptions,
  ): Promise<z.output<S>> {
    const language = opts.language ?? this.config.language;
    const query: Query = { language, append_to_response: append };
    if (append?.includes('images')) query.include_image_language = `${languageCode(language)},null`;
    const payload = await this.getJson(path, query, schema, DETAILS_TTL, opts.fresh);
    if (isEnglish(language) || !hasEmptyText(kind, payload)) return payload;
    try {
      // Text fields only, so the English request carries no append_to_response.
      const english = await this.getJson(path, { language: FALLBACK_LANGUAGE }, schema, DETAILS_TTL, opts.fresh);
      return fillFromEnglish(kind, payload, english);
    } catch (error) {
      this.logger.warn({ path, language, err: describe(error) }, 'tmdb English fallback failed; keeping the translation as is');
      return payload;
    }
  }

  /** One validated, limited, retried and cached GET; companion clients (tmdb-browse.client.ts) build on it. */
  async getJson<S extends z.ZodType>(path: string, query: Query, schema: S, ttl: number, fresh = false): Promise<z.output<S>> {
    const key = cacheKey(path, query);
    if (!fresh && ttl > 0) {
      const hit = await this.cache.read(key, schema);
      if (hit !== undefined) return hit;
    }
    const pending = fresh ? undefined : this.inflight.get(key);
    if (pending) return pending as Promise<z.output<S>>;
    const request = this.fetchValidated(path, query, schema, key, ttl);
    if (!fresh) {
      this.inflight.set(key, request);
      request.then(
        () => this.inflight.delete(key),
        () => this.inflight.delete(key),
      );
    }
    return request;
  }

  private async fetchValidated<S extends z.ZodType>(path: string, query: Query, schema: S, key: string, ttl: number): Promise<z.output<S>> {
    const { text, json } = await withRetries((attempt) => this.limiter.schedule(() => this.http.json(path, query, attempt)), this.retry, {
      what: `GET ${path}`,
      onRetry: (info) => this.onRetry(path, info),
    });
    const dropped: DroppedEntry[] = [];
    const parsed = parseDroppingInvalidEntries(schema, json, dropped);
    for (const entry of dropped) {
      this.logger.warn(
        { path, entry: entry.at, reason: entry.reason },
        entry.reason.startsWith('field: ') ? 'tmdb field dropped: wrong type' : 'tmdb list entry dropped: invalid',
      );
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.map(String).join('.') || '(root)';
      throw new TmdbPayloadError(`TMDb GET ${path} returned an unexpected payload: ${field}: ${issue.message}`, { field });
    }
    // Cached without the dropped entries, so a cache hit validates as it is.
    const body = dropped.length > 0 ? JSON.stringify(json) : text;
    if (ttl > 0) await this.cache.write(key, body, ttl, this.limiter.currentPriority() === 'bulk');
    return parsed.data;
  }

  private onRetry(path: string, info: RetryInfo): void {
    const { outcome, delayMs, retry } = info;
    // A 429 with Retry-After holds every API request of this client, not just this one.
    if (outcome.rateLimited && outcome.retryAfterMs !== undefined) this.limiter.pauseFor(delayMs);
    this.logger.debug({ path, retry, delayMs, reason: outcome.reason }, 'tmdb retry');
  }
}

function positiveId(id: number): number {
  if (!Number.isInteger(id) || id <= 0) throw new ValidationError(`Invalid TMDb id: ${id}`, { field: 'tmdb_id' });
  return id;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
