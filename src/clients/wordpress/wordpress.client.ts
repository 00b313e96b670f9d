import axios, { AxiosInstance, AxiosRequestConfig } from 'axios';
import FormData from 'form-data';
import http from 'node:http';
import type { Logger } from 'pino';
import { WordPressAuthError, WordPressError } from '../../errors';
import { isErrorBody, itemHeaders, parseWordPressAnswer, phpOutputSample, toWordPressError } from './wordpress-answer';
import { capabilitiesMissing, credentialsRejected, missingCapabilities, WpCapabilityNames } from './wordpress-credentials';
import type {
  BatchRequest,
  BatchResponse,
  MediaBatchItem,
  MediaBatchResult,
  ResolveAnswer,
  ResolveQuery,
  WordPressRequestObserver,
  WpMedia,
  WpPost,
  WpTerm,
} from './wordpress.types';

export type { WpMedia, WpPost, WpTerm } from './wordpress.types';
export { toWordPressError } from './wordpress-answer';

export interface WordPressClientOptions {
  url: string;
  username: string;
  appPassword: string;
  logger: Logger;
  /** WP_TIMEOUT_MS: a request without an answer by then is aborted and retried later. */
  timeoutMs?: number;
  /** Told about every request (metrics, request-count tests). */
  onRequest?: WordPressRequestObserver;
  /** Connections to WordPress at most (default 8; the content store sizes it with wordPressSockets). */
  maxSockets?: number;
}

const REST_BASES = ['movie', 'tv', 'season', 'episode', 'drama', 'drama-episode', 'people', 'video'];
const TAXONOMY_BASES = ['genre', 'country', 'language', 'by-year', 'keyword', 'network', 'channel', 'nationality'];
const KNOWN_BASES = new Set([...REST_BASES, ...TAXONOMY_BASES]);

/**
 * WordPress REST, IO only, over one axios instance: posts, terms, media
 * uploads, `/batch/v1` writes and the plugin's `tmu/v1/resolve` lookups. Works
 * with plain permalinks (`?rest_route=`). Bodies are read as text and parsed
 * here, so PHP output in front of the JSON is recognised (and reported once)
 * instead of read as "no answer". Errors become WordPressError with the HTTP
 * status; timeouts, resets, refused connections and 5xx are retryable.
 */
export class WordPressClient {
  private readonly http: AxiosInstance;
  private batchLimitValue: Promise<number> | null = null;
  /** A bounded sample of the PHP output last seen in front of an answer's JSON. */
  private phpOutputValue: string | null = null;

  constructor(private readonly options: WordPressClientOptions) {
    this.http = axios.create({
      baseURL: options.url,
      timeout: options.timeoutMs ?? 30000,
      auth: { username: options.username, password: options.appPassword },
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 8 }),
      maxBodyLength: 64 * 1024 * 1024,
      responseType: 'text',
      // Parsed by parseWordPressAnswer: axios would hand over PHP output + JSON as a plain string.
      transformResponse: [(data: unknown) => data],
    });
  }

  /** PHP output seen in front of a REST answer's JSON (display_errors on), or null. */
  phpOutput(): string | null {
    return this.phpOutputValue;
  }

  async listPosts(type: string, params: Record<string, string | number>): Promise<WpPost[]> {
    return this.request('GET', this.base(type), { params: { status: 'any', per_page: 10, ...params } });
  }

  async getPost(type: string, id: number): Promise<WpPost | null> {
    try {
      return await this.request<WpPost>('GET', `${this.base(type)}/${id}`, { params: { context: 'edit' } });
    } catch (error) {
      if (error instanceof WordPressError && error.status === 404) return null;
      throw error;
    }
  }

  async createPost(type: string, body: Record<string, unknown>): Promise<WpPost> {
    return this.request('POST', this.base(type), { data: body });
  }

  async updatePost(type: string, id: number, body: Record<string, unknown>): Promise<WpPost> {
    return this.request('PUT', `${this.base(type)}/${id}`, { data: body });
  }

  async findTerms(taxonomy: string, slug: string): Promise<WpTerm[]> {
    return this.request('GET', this.base(taxonomy), { params: { slug, hide_empty: 'false' } });
  }

  async createTerm(taxonomy: string, name: string, slug: string): Promise<WpTerm> {
    return this.request('POST', this.base(taxonomy), { data: { name, slug } });
  }

  async updateTerm(taxonomy: string, id: number, body: Record<string, unknown>): Promise<WpTerm> {
    return this.request('PUT', `${this.base(taxonomy)}/${id}`, { data: body });
  }

  async findMedia(filePath: string): Promise<WpMedia[]> {
    return this.request('GET', '/wp/v2/media', { params: { tmdb_file_path: filePath, per_page: 2 } });
  }

  /** One multipart upload; alt text, title, parent and meta ride along as form fields. */
  async uploadMedia(
    file: { data: Buffer; fileName: string; mimeType: string },
    fields: { post: number; alt_text: string; title: string; meta: Record<string, string> },
  ): Promise<WpMedia> {
    const form = new FormData();
    form.append('file', file.data, { filename: file.fileName, contentType: file.mimeType });
    form.append('post', String(fields.post));
    form.append('alt_text', fields.alt_text);
    form.append('title', fields.title);
    for (const [key, value] of Object.entries(fields.meta)) form.append(`meta[${key}]`, value);
    return this.request<WpMedia>('POST', '/wp/v2/media', { data: form, headers: form.getHeaders() });
  }

  /**
   * Several images in one multipart request (the plugin's `tmu/v1/media`): the items as JSON, one
   * part per main and size file. Answers one result per item, in request order.
   */
  async uploadMediaBatch(items: MediaBatchItem[]): Promise<MediaBatchResult[]> {
    const form = new FormData();
    const entries = items.map((item, i) => {
      const file = item.file ? `f${i}` : null;
      if (item.file) form.append(file!, item.file.data, { filename: item.file.fileName, contentType: item.file.mimeType });
      const sizes: Record<string, { file: string; width: number; height: number; mime: string }> = {};
      item.sizes.forEach((size, j) => {
        const field = `f${i}s${j}`;
        form.append(field, size.data, { filename: size.fileName, contentType: size.mimeType });
        sizes[size.name] = { file: field, width: size.width, height: size.height, mime: size.mimeType };
      });
      const { key, post, alt, title, width, height, mime, hotlink } = item;
      return { key, post, alt, title, file, width, height, mime, sizes, hotlink, ...(item.featured ? { featured: true } : {}) };
    });
    form.append('items', JSON.stringify(entries));
    const answer = await this.request<{ items?: MediaBatchResult[] }>('POST', '/tmu/v1/media', { data: form, headers: form.getHeaders() });
    if (!Array.isArray(answer?.items)) {
      throw new WordPressError('WordPress POST /tmu/v1/media answered without a list of items', { retryable: true });
    }
    return answer.items;
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
    const answer = await this.request<{ responses?: Array<{ status?: number; body?: unknown; headers?: unknown }> }>('POST', '/batch/v1', {
      data: { validation: 'normal', requests: requests.map((r) => ({ method: r.method, path: r.path, body: r.body ?? {} })) },
    });
    // An answer without its list says nothing about the items: they may all have been written,
    // so they are never read as failed (and sent again one by one); the title is retried, and resolves first.
    if (!Array.isArray(answer?.responses)) {
      throw new WordPressError('WordPress POST /batch/v1 answered without a list of responses (not the JSON WordPress sends)', { retryable: true });
    }
    const responses = answer.responses;
    return requests.map((_, i) => {
      const headers = itemHeaders(responses[i]?.headers);
      return { status: responses[i]?.status ?? 500, body: responses[i]?.body ?? null, ...(headers ? { headers } : {}) };
    });
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
      const body = this.parse((await this.send(method, route, config)).data, `${method} ${route}`);
      // Text that holds no JSON at all (a proxy's page) is no answer: never read as "found nothing".
      if (typeof body === 'string') throw new WordPressError(`WordPress ${method} ${route} answered without JSON: ${phpOutputSample(body)}`, { retryable: true });
      // Output sent before WordPress's headers (no output buffering) turns every status into 200: its error body still says.
      if (isErrorBody(body)) throw toWordPressError(`${method} ${route}`, body);
      return body as T;
    } catch (error) {
      if (error instanceof WordPressError || error instanceof WordPressAuthError) throw error;
      const e = error as { response?: { status: number; data?: unknown }; code?: string; message?: string };
      const parsed = (e.response ? this.parse(e.response.data, `${method} ${route}`) : null) as { code?: string; message?: string; data?: Record<string, unknown> } | null;
      const data = parsed && typeof parsed === 'object' ? parsed : {};
      throw toWordPressError(`${method} ${route}`, {
        code: data.code ?? e.code,
        message: data.message ?? e.message,
        data: { ...data.data, status: e.response?.status },
      });
    }
  }

  private send(method: string, route: string, config: AxiosRequestConfig) {
    return this.http.request<unknown>({ method, url: '/', ...config, params: { rest_route: route, ...(config.params as Record<string, unknown> | undefined) } });
  }

  /** The JSON of an answer; PHP output in front of it is logged once, with what to change. */
  private parse(data: unknown, what: string): unknown {
    const { body, phpOutput } = parseWordPressAnswer(data);
    if (phpOutput !== null) {
      if (this.phpOutputValue === null) {
        this.options.logger.warn(
          { request: what, phpOutput },
          'WordPress REST answers start with PHP output: display_errors is on; the JSON after it is used (set display_errors = Off)',
        );
      }
      this.phpOutputValue = phpOutput;
    }
    return body;
  }

  /**
   * Authenticates with the application password and checks the capabilities a sync needs.
   * WordPressAuthError when WordPress refuses the credentials or a capability is missing;
   * WordPressError (retryable) when WordPress does not answer. `phpOutput` is the PHP output
   * one of these answers started with (display_errors on), or null.
   */
  async checkCredentials(): Promise<{ username: string; phpOutput: string | null }> {
    this.phpOutputValue = null;
    const me = await this.getAuthJson<{ slug?: string; name?: string; capabilities?: Record<string, boolean> }>('/wp/v2/users/me', 'read the current user');
    const username = me.slug ?? this.options.username;
    const types = await this.getAuthJson<Record<string, WpCapabilityNames>>('/wp/v2/types', 'list post types', {});
    const taxonomies = await this.getAuthJson<Record<string, WpCapabilityNames>>('/wp/v2/taxonomies', 'list taxonomies', {});
    const missing = missingCapabilities({ username, userCaps: me.capabilities ?? {}, types, taxonomies }, REST_BASES, TAXONOMY_BASES);
    if (missing.length > 0) throw capabilitiesMissing(username, missing);
    return { username, phpOutput: this.phpOutputValue };
  }

  /** GET in the edit context; a 403 answers `forbidden` when given (lists leave out what the user may not edit). */
  private async getAuthJson<T>(route: string, what: string, forbidden?: T): Promise<T> {
    try {
      const body = this.parse((await this.send('GET', route, { params: { context: 'edit' } })).data, `GET ${route}`);
      if (body === null || typeof body !== 'object') throw new WordPressError(`WordPress ${what}: the answer is not JSON`, { retryable: true });
      return body as T;
    } catch (error) {
      if (error instanceof WordPressError) throw error;
      const e = error as { response?: { status: number; data?: unknown }; code?: string; message?: string };
      const status = e.response?.status;
      const code = (this.parse(e.response?.data, `GET ${route}`) as { code?: string } | null)?.code ?? '';
      if (status === 401 || (status === 403 && forbidden === undefined)) throw credentialsRejected(status, code);
      if (status === 403 && forbidden !== undefined) return forbidden;
      throw toWordPressError(what, { code: code || e.code, message: e.message, data: { status } });
    }
  }

  private base(name: string): string {
    if (!KNOWN_BASES.has(name)) throw new WordPressError(`unknown REST base ${name}`, { status: 500 });
    return `/wp/v2/${name}`;
  }

  private observe(method: string, route: string): void {
    this.options.onRequest?.(method, route.replace(/\/\d+(?=\/|$)/g, '/:id'));
  }
}
