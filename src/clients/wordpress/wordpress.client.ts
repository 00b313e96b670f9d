import axios, { AxiosInstance, AxiosRequestConfig } from 'axios';
import FormData from 'form-data';
import http from 'node:http';
import WPAPI from 'wpapi';
import type { Logger } from 'pino';
import { WordPressAuthError, WordPressError } from '../../errors';
import { capabilitiesMissing, credentialsRejected, missingCapabilities, refusedDuringSync, WpCapabilityNames } from './wordpress-credentials';
import type {
  BatchRequest,
  BatchResponse,
  ResolveAnswer,
  ResolveQuery,
  WordPressRequestObserver,
  WpMedia,
  WpPost,
  WpTerm,
} from './wordpress.types';

export type { WpMedia, WpPost, WpTerm } from './wordpress.types';

export interface WordPressClientOptions {
  url: string;
  username: string;
  appPassword: string;
  logger: Logger;
  timeoutMs?: number;
  /** Told about every request (metrics, request-count tests). */
  onRequest?: WordPressRequestObserver;
}

const REST_BASES = ['movie', 'tv', 'season', 'episode', 'drama', 'drama-episode', 'people', 'video'];
const TAXONOMY_BASES = ['genre', 'country', 'language', 'by-year', 'keyword', 'network', 'channel', 'nationality'];

type WpRequest = ReturnType<WPAPI['posts']>;

/**
 * WordPress REST, IO only: wpapi for single posts and terms, axios for media
 * uploads, `/batch/v1` writes and the plugin's `tmu/v1/resolve` lookups. Works
 * with plain permalinks (`?rest_route=`). Errors become WordPressError with the
 * HTTP status; connection failures and 5xx are retryable.
 */
export class WordPressClient {
  private readonly wp: WPAPI;
  private readonly http: AxiosInstance;
  private readonly routes = new Map<string, () => WpRequest>();
  private batchLimitValue: Promise<number> | null = null;

  constructor(private readonly options: WordPressClientOptions) {
    const endpoint = `${options.url}/?rest_route=/`;
    this.wp = new WPAPI({ endpoint, username: options.username, password: options.appPassword });
    this.wp.auth({ username: options.username, password: options.appPassword });
    for (const base of [...REST_BASES, ...TAXONOMY_BASES]) {
      const factory = this.wp.registerRoute('wp/v2', `/${base}/(?P<id>\\d+)`, { params: ['context', 'force'] });
      this.routes.set(base, () => factory.call(this.wp) as unknown as WpRequest);
    }
    this.http = axios.create({
      baseURL: options.url,
      timeout: options.timeoutMs ?? 30000,
      auth: { username: options.username, password: options.appPassword },
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 8 }),
      maxBodyLength: 64 * 1024 * 1024,
    });
  }

  async listPosts(type: string, params: Record<string, string | number>): Promise<WpPost[]> {
    return this.call('GET', `/wp/v2/${type}`, () => this.query(this.route(type), { status: 'any', per_page: 10, ...params }).get());
  }

  async getPost(type: string, id: number): Promise<WpPost | null> {
    try {
      return await this.call('GET', `/wp/v2/${type}/${id}`, () => this.route(type).id(id).param('context', 'edit').get());
    } catch (error) {
      if (error instanceof WordPressError && error.status === 404) return null;
      throw error;
    }
  }

  async createPost(type: string, body: Record<string, unknown>): Promise<WpPost> {
    return this.call('POST', `/wp/v2/${type}`, () => this.route(type).create(body));
  }

  async updatePost(type: string, id: number, body: Record<string, unknown>): Promise<WpPost> {
    return this.call('PUT', `/wp/v2/${type}/${id}`, () => this.route(type).id(id).update(body));
  }

  async deletePost(type: string, id: number): Promise<void> {
    await this.call('DELETE', `/wp/v2/${type}/${id}`, () => this.route(type).id(id).param('force', 'true').delete());
  }

  async findTerms(taxonomy: string, slug: string): Promise<WpTerm[]> {
    return this.call('GET', `/wp/v2/${taxonomy}`, () => this.query(this.route(taxonomy), { slug, hide_empty: 'false' }).get());
  }

  async createTerm(taxonomy: string, name: string, slug: string): Promise<WpTerm> {
    return this.call('POST', `/wp/v2/${taxonomy}`, () => this.route(taxonomy).create({ name, slug }));
  }

  async updateTerm(taxonomy: string, id: number, body: Record<string, unknown>): Promise<WpTerm> {
    return this.call('PUT', `/wp/v2/${taxonomy}/${id}`, () => this.route(taxonomy).id(id).update(body));
  }

  async findMedia(filePath: string): Promise<WpMedia[]> {
    return this.call('GET', '/wp/v2/media', () => this.wp.media().param('tmdb_file_path', filePath).param('per_page', 2).get());
  }

  /** One multipart upload; alt text, title, parent and meta ride along as form fields. */
  async uploadMedia(file: { data: Buffer; fileName: string; mimeType: string }, fields: { post: number; alt_text: string; title: string; meta: Record<string, string> }): Promise<WpMedia> {
    const form = new FormData();
    form.append('file', file.data, { filename: file.fileName, contentType: file.mimeType });
    form.append('post', String(fields.post));
    form.append('alt_text', fields.alt_text);
    form.append('title', fields.title);
    for (const [key, value] of Object.entries(fields.meta)) form.append(`meta[${key}]`, value);
    return this.request<WpMedia>('POST', '/wp/v2/media', { data: form, headers: form.getHeaders() });
  }

  /** Many lookups in one request (the plugin's `tmu/v1/resolve`). */
  async resolve(query: ResolveQuery): Promise<ResolveAnswer> {
    const body = {
      tmdb_ids: query.tmdbIds ?? [],
      keys: query.keys ?? [],
      posts: query.posts ?? [],
      terms: query.terms ?? [],
      media: query.media ?? [],
      ...(query.statuses?.length ? { statuses: query.statuses } : {}),
    };
    return this.request<ResolveAnswer>('POST', '/tmu/v1/resolve', { data: body });
  }

  /** Most writes WordPress takes in one `/batch/v1` request; 0 when the site has no batch endpoint (WordPress < 5.9). */
  batchLimit(): Promise<number> {
    this.batchLimitValue ??= this.request<{ endpoints?: Array<{ args?: { requests?: { maxItems?: number } } }> }>('OPTIONS', '/batch/v1', {})
      .then((answer) => answer.endpoints?.[0]?.args?.requests?.maxItems ?? 25)
      .catch((error: unknown) => {
        if (error instanceof WordPressError && error.status === 404) {
          this.options.logger.warn('WordPress has no /batch/v1 (WordPress 5.9 or later has it): writes go one request each');
          return 0;
        }
        this.batchLimitValue = null;
        throw error;
      });
    return this.batchLimitValue;
  }

  /** Up to batchLimit() writes in one request; each answer stands alone (validation "normal"). */
  async batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
    const answer = await this.request<{ responses?: Array<{ status?: number; body?: unknown }> }>('POST', '/batch/v1', {
      data: { validation: 'normal', requests: requests.map((r) => ({ method: r.method, path: r.path, body: r.body ?? {} })) },
    });
    const responses = answer.responses ?? [];
    return requests.map((_, i) => ({ status: responses[i]?.status ?? 500, body: responses[i]?.body ?? null }));
  }

  /** One write on its own, answered like a batch item (used to retry a failed item, and without /batch/v1). */
  async single(request: BatchRequest): Promise<BatchResponse> {
    try {
      const body = await this.request<unknown>(request.method, request.path, { data: request.body ?? {} });
      return { status: 200, body };
    } catch (error) {
      if (error instanceof WordPressError && !error.retryable) {
        return { status: error.status ?? 400, body: { code: (error.cause as { code?: string })?.code, message: error.message, data: error.cause } };
      }
      throw error;
    }
  }

  private async request<T>(method: string, route: string, config: AxiosRequestConfig): Promise<T> {
    this.observe(method, route);
    try {
      const response = await this.http.request<T>({ method, url: '/', params: { rest_route: route }, ...config });
      return response.data;
    } catch (error) {
      const e = error as { response?: { status: number; data?: unknown }; code?: string; message?: string };
      const data = (e.response?.data ?? {}) as { code?: string; message?: string; data?: Record<string, unknown> };
      throw toWordPressError(`${method} ${route}`, {
        code: data.code ?? e.code,
        message: data.message ?? e.message,
        data: { ...data.data, status: e.response?.status },
      });
    }
  }

  /**
   * Authenticates with the application password and checks the capabilities a sync needs.
   * WordPressAuthError when WordPress refuses the credentials or a capability is missing;
   * WordPressError (retryable) when WordPress does not answer.
   */
  async checkCredentials(): Promise<{ username: string }> {
    const me = await this.getAuthJson<{ slug?: string; name?: string; capabilities?: Record<string, boolean> }>('/wp/v2/users/me', 'read the current user');
    const username = me.slug ?? this.options.username;
    const types = await this.getAuthJson<Record<string, WpCapabilityNames>>('/wp/v2/types', 'list post types', {});
    const taxonomies = await this.getAuthJson<Record<string, WpCapabilityNames>>('/wp/v2/taxonomies', 'list taxonomies', {});
    const missing = missingCapabilities({ username, userCaps: me.capabilities ?? {}, types, taxonomies }, REST_BASES, TAXONOMY_BASES);
    if (missing.length > 0) throw capabilitiesMissing(username, missing);
    return { username };
  }

  /** GET in the edit context; a 403 answers `forbidden` when given (lists leave out what the user may not edit). */
  private async getAuthJson<T>(route: string, what: string, forbidden?: T): Promise<T> {
    try {
      return (await this.http.get<T>('/', { params: { rest_route: route, context: 'edit' } })).data;
    } catch (error) {
      const e = error as { response?: { status: number; data?: { code?: string } }; code?: string; message?: string };
      const status = e.response?.status;
      if (status === 401 || (status === 403 && forbidden === undefined)) throw credentialsRejected(status, e.response?.data?.code ?? '');
      if (status === 403 && forbidden !== undefined) return forbidden;
      throw toWordPressError(what, { code: e.response?.data?.code ?? e.code, message: e.message, data: { status } });
    }
  }

  private route(base: string): WpRequest {
    const factory = this.routes.get(base);
    if (!factory) throw new WordPressError(`unknown REST base ${base}`, { status: 500 });
    return factory();
  }

  private query(request: WpRequest, params: Record<string, string | number>): WpRequest {
    for (const [key, value] of Object.entries(params)) request.param(key, value);
    return request;
  }

  private async call<T>(method: string, route: string, run: () => Promise<unknown>): Promise<T> {
    this.observe(method, route);
    try {
      return (await run()) as T;
    } catch (error) {
      throw toWordPressError(`${method} ${route}`, error);
    }
  }

  private observe(method: string, route: string): void {
    this.options.onRequest?.(method, route.replace(/\/\d+(?=\/|$)/g, '/:id'));
  }
}

/** wpapi rejects with the WP JSON error body ({code, message, data:{status, ...}}) or a transport error. */
export function toWordPressError(what: string, error: unknown): WordPressError | WordPressAuthError {
  const e = (error ?? {}) as { code?: string; message?: string; data?: { status?: number; term_id?: number }; status?: number };
  const status = e.data?.status ?? e.status;
  if (status === 401 || status === 403) return refusedDuringSync(what, status, e.code);
  const network = !status && /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|socket hang up/i.test(`${e.code ?? ''} ${e.message ?? ''}`);
  const message = network
    ? `WordPress is unreachable (${what}): ${e.code ?? e.message}`
    : `WordPress ${what} failed${status ? ` (${status})` : ''}: ${e.code ? `${e.code}: ` : ''}${e.message ?? 'unknown error'}`;
  return new WordPressError(message.slice(0, 500), {
    status: status ?? 502,
    retryable: network || (status !== undefined && status >= 500),
    // term_exists answers carry the existing term's id: the caller reuses it.
    cause: { code: e.code, status, ...(e.data?.term_id ? { term_id: e.data.term_id } : {}) },
  });
}
