import axios, { AxiosInstance, AxiosResponse } from 'axios';
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { TmdbConfig } from '../../config/config';
import { redactText } from '../../config/redact';
import { TmdbAuthError, TmdbError, TmdbKeyMissingError, TmdbNotFoundError } from '../../errors';
import { CREDENTIAL_PARAMS, TmdbAuth } from './tmdb-auth';
import type { TmdbMetrics } from './tmdb-metrics';
import { Attempt, parseRetryAfter } from './tmdb-retry';

export type Query = Record<string, string | number | boolean | undefined>;

/** Sorted string parameters without credentials or empty values: safe to log and to key a cache with. */
function publicQuery(query: Query): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([k, v]) => v !== undefined && !CREDENTIAL_PARAMS.has(k))
      .map(([k, v]) => [k, String(v)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

export function cacheKey(path: string, query: Query): string {
  const qs = new URLSearchParams(publicQuery(query)).toString();
  return qs ? `${path}?${qs}` : path;
}

interface TmdbHttpOptions {
  config: TmdbConfig;
  auth: TmdbAuth;
  logger: Logger;
  metrics: TmdbMetrics;
}

/**
 * One HTTP attempt against TMDb, turned into an Attempt. axios errors stop
 * here: they hold the request config, and so the v3 key, so only a status,
 * an error code and a redacted message travel on.
 */
export class TmdbHttp {
  private readonly axios: AxiosInstance;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private options: TmdbHttpOptions) {
    const { config } = options;
    // Keep-alive only, no maxSockets: the caps are set once, in front of this class (the rate
    // gate for API requests, the image slots of TmdbClient for downloads), so an agent cap could
    // only hold a request after the gate counted its start.
    this.httpAgent = new http.Agent({ keepAlive: true });
    this.httpsAgent = new https.Agent({ keepAlive: true });
    this.axios = axios.create({
      baseURL: config.baseUrl,
      timeout: config.timeoutMs,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      maxRedirects: 3,
      validateStatus: () => true,
      transformResponse: [(data: unknown) => data],
    });
  }

  /** GET an API path; parses JSON here so a truncated body counts as a transient failure. */
  async json(path: string, query: Query, attempt: number): Promise<Attempt<{ text: string; json: unknown }>> {
    const { auth } = this.options;
    if (!auth.configured) return { kind: 'fail', error: new TmdbKeyMissingError() };
    const res = await this.send(path, publicQuery(query), attempt, 'api', () =>
      this.axios.get<string>(path, {
        params: { ...publicQuery(query), ...auth.params },
        headers: { ...auth.headers, Accept: 'application/json' },
        responseType: 'text',
        signal: AbortSignal.timeout(this.options.config.timeoutMs + 1000),
      }),
    );
    if (res.kind !== 'response') return res;
    const text = typeof res.response.data === 'string' ? res.response.data : String(res.response.data ?? '');
    const failed = this.classify(path, res.response, text);
    if (failed) return failed;
    try {
      return { kind: 'ok', value: { text, json: JSON.parse(text) as unknown } };
    } catch (error) {
      const reason = `unparseable JSON (${error instanceof Error ? error.message : 'parse error'})`;
      return { kind: 'retry', reason, code: 'invalid_json', status: res.response.status, rateLimited: false };
    }
  }

  /** GET an image from the CDN (no credentials: the CDN needs none). */
  async binary(url: string, logPath: string, attempt: number): Promise<Attempt<Buffer>> {
    const res = await this.send(logPath, {}, attempt, 'image', () =>
      this.axios.get<ArrayBuffer>(url, {
        responseType: 'arraybuffer',
        signal: AbortSignal.timeout(this.options.config.timeoutMs + 1000),
      }),
    );
    if (res.kind !== 'response') return res;
    const failed = this.classify(logPath, res.response, '');
    if (failed) return failed;
    return { kind: 'ok', value: Buffer.from(res.response.data) };
  }

  /** New credentials (a key pushed from WordPress settings); earlier secrets stay redacted. */
  /** Whether a key or token is in use (from the environment or pushed from the settings page). */
  get configured(): boolean {
    return this.options.auth.configured;
  }

  setAuth(auth: TmdbAuth): void {
    const secrets = [...new Set([...this.options.auth.secrets, ...auth.secrets])];
    this.options = { ...this.options, auth: { ...auth, secrets } };
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private async send<R>(
    path: string,
    query: Record<string, string>,
    attempt: number,
    kind: 'api' | 'image',
    request: () => Promise<AxiosResponse<R>>,
  ): Promise<{ kind: 'response'; response: AxiosResponse<R> } | Attempt<never>> {
    const started = performance.now();
    try {
      const response = await request();
      this.record(kind, path, query, String(response.status), started, attempt);
      return { kind: 'response', response };
    } catch (error) {
      const failure = this.describeFailure(error);
      this.record(kind, path, query, failure.code === 'timeout' ? 'timeout' : 'network', started, attempt, failure.reason);
      return failure.final
        ? { kind: 'fail', error: new TmdbError('tmdb_client_error', `TMDb GET ${path}: ${failure.reason}`) }
        : { kind: 'retry', reason: failure.reason, code: failure.code, rateLimited: false };
    }
  }

  private record(kind: 'api' | 'image', path: string, query: Record<string, string>, status: string, started: number, attempt: number, error?: string): void {
    const durationMs = Math.round(performance.now() - started);
    const { metrics } = this.options;
    if (kind === 'api') metrics.observeRequest(status, durationMs);
    else if (metrics.observeImageRequest) metrics.observeImageRequest(status, durationMs);
    else metrics.observeRequest(status, durationMs);
    this.options.logger.debug({ path, query, status, durationMs, attempt, ...(error ? { error } : {}) }, 'tmdb request');
  }

  /** Everything but an HTTP answer: timeouts, resets, refused connections. Non-axios errors are our own bugs. */
  private describeFailure(error: unknown): { reason: string; code: string; final: boolean } {
    const secrets = this.options.auth.secrets;
    if (!axios.isAxiosError(error)) {
      const message = error instanceof Error ? error.message : String(error);
      return { reason: redactText(message, secrets), code: 'client_error', final: true };
    }
    const code = error.code ?? 'network';
    const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED' || /timeout/i.test(error.message);
    const reason = redactText(`${code}: ${error.message}`, secrets);
    return { reason, code: timedOut ? 'timeout' : code, final: false };
  }

  /** undefined for 2xx; otherwise the Attempt that status means. 401 and 404 are final, 429/5xx transient. */
  private classify(path: string, res: AxiosResponse<unknown>, text: string): Attempt<never> | undefined {
    const { status } = res;
    if (status >= 200 && status < 300) return undefined;
    const tmdb = tmdbStatus(text);
    // TMDb's own code and words go in `detail`, out of the sentence.
    const detail = tmdb.code !== undefined ? `status_code ${tmdb.code}: ${redactText(tmdb.message ?? '', this.options.auth.secrets)}` : undefined;
    if (status === 401) return { kind: 'fail', error: new TmdbAuthError(`TMDb rejected the credentials for GET ${path}`, { detail }) };
    if (status === 404) return { kind: 'fail', error: new TmdbNotFoundError(`TMDb has no GET ${path}`, { detail }) };
    if (status === 429) {
      return { kind: 'retry', reason: `HTTP 429${detail}`, code: '429', status, rateLimited: true, retryAfterMs: parseRetryAfter(res.headers['retry-after']) };
    }
    if (status >= 500 || status === 408) return { kind: 'retry', reason: `HTTP ${status}${detail}`, code: String(status), status, rateLimited: false };
    return { kind: 'fail', error: new TmdbError('tmdb_request_rejected', `TMDb refused GET ${path}: HTTP ${status}${detail}`, { status }) };
  }
}

function tmdbStatus(text: string): { code?: number; message?: string } {
  try {
    const body = JSON.parse(text) as { status_code?: unknown; status_message?: unknown };
    return {
      code: typeof body.status_code === 'number' ? body.status_code : undefined,
      message: typeof body.status_message === 'string' ? body.status_message : undefined,
    };
  } catch {
    return {};
  }
}
