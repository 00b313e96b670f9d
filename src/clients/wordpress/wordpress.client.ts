import axios, { AxiosInstance } from 'axios';
import FormData from 'form-data';
import http from 'node:http';
import WPAPI from 'wpapi';
import type { Logger } from 'pino';
import { WordPressAuthError, WordPressError } from '../../errors';
import { capabilitiesMissing, credentialsRejected, missingCapabilities, refusedDuringSync, WpCapabilityNames } from './wordpress-credentials';

export interface WordPressClientOptions {
  url: string;
  username: string;
  appPassword: string;
  logger: Logger;
  timeoutMs?: number;
}

export interface WpPost {
  id: number;
  type: string;
  status: string;
  title: { raw?: string; rendered?: string };
  content: { raw?: string; rendered?: string };
  featured_media?: number;
  meta?: Record<string, unknown>;
  [taxonomy: string]: unknown;
}

export interface WpTerm {
  id: number;
  name: string;
  slug: string;
}

export interface WpMedia {
  id: number;
  source_url?: string;
  mime_type?: string;
  media_details?: { width?: number; height?: number; file?: string };
}

const REST_BASES = ['movie', 'tv', 'season', 'episode', 'drama', 'drama-episode', 'people', 'video'];
const TAXONOMY_BASES = ['genre', 'country', 'language', 'by-year', 'keyword', 'network', 'channel', 'nationality'];

type WpRequest = ReturnType<WPAPI['posts']>;

/**
 * WordPress REST, IO only: wpapi for posts and terms, axios + form-data for
 * media uploads. Works with plain permalinks (`?rest_route=`). Errors become
 * WordPressError with the HTTP status; connection failures and 5xx are retryable.
 */
export class WordPressClient {
  private readonly wp: WPAPI;
  private readonly http: AxiosInstance;
  private readonly routes = new Map<string, () => WpRequest>();

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
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 4 }),
      maxBodyLength: 64 * 1024 * 1024,
    });
  }

  async listPosts(type: string, params: Record<string, string | number>): Promise<WpPost[]> {
    return this.call(`list ${type}`, () => this.query(this.route(type), { status: 'any', per_page: 10, ...params }).get());
  }

  async getPost(type: string, id: number): Promise<WpPost | null> {
    try {
      return await this.call(`get ${type} ${id}`, () => this.route(type).id(id).param('context', 'edit').get());
    } catch (error) {
      if (error instanceof WordPressError && error.status === 404) return null;
      throw error;
    }
  }

  async createPost(type: string, body: Record<string, unknown>): Promise<WpPost> {
    return this.call(`create ${type}`, () => this.route(type).create(body));
  }

  async updatePost(type: string, id: number, body: Record<string, unknown>): Promise<WpPost> {
    return this.call(`update ${type} ${id}`, () => this.route(type).id(id).update(body));
  }

  async deletePost(type: string, id: number): Promise<void> {
    await this.call(`delete ${type} ${id}`, () => this.route(type).id(id).param('force', 'true').delete());
  }

  async findTerms(taxonomy: string, slug: string): Promise<WpTerm[]> {
    return this.call(`find ${taxonomy} ${slug}`, () => this.query(this.route(taxonomy), { slug, hide_empty: 'false' }).get());
  }

  async createTerm(taxonomy: string, name: string, slug: string): Promise<WpTerm> {
    return this.call(`create ${taxonomy} ${slug}`, () => this.route(taxonomy).create({ name, slug }));
  }

  async findMedia(filePath: string): Promise<WpMedia[]> {
    return this.call(`find media ${filePath}`, () => this.wp.media().param('tmdb_file_path', filePath).param('per_page', 2).get());
  }

  /** multipart/form-data upload of one file; meta and alt text follow in a second request (REST reads them as JSON). */
  async uploadMedia(file: { data: Buffer; fileName: string; mimeType: string }, fields: Record<string, unknown>): Promise<WpMedia> {
    const form = new FormData();
    form.append('file', file.data, { filename: file.fileName, contentType: file.mimeType });
    const created = await this.viaAxios<WpMedia>(`upload ${file.fileName}`, () =>
      this.http.post('/', form, { params: { rest_route: '/wp/v2/media' }, headers: form.getHeaders() }),
    );
    return this.viaAxios<WpMedia>(`update media ${created.id}`, () =>
      this.http.post('/', fields, { params: { rest_route: `/wp/v2/media/${created.id}` } }),
    );
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

  private async call<T>(what: string, run: () => Promise<unknown>): Promise<T> {
    try {
      return (await run()) as T;
    } catch (error) {
      throw toWordPressError(what, error);
    }
  }

  private async viaAxios<T>(what: string, run: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await run()).data;
    } catch (error) {
      const e = error as { response?: { status: number; data?: unknown }; code?: string; message?: string };
      throw toWordPressError(what, { ...(e.response?.data as object), code: (e.response?.data as { code?: string })?.code ?? e.code, data: { status: e.response?.status } });
    }
  }
}

/** wpapi rejects with the WP JSON error body ({code, message, data:{status}}) or a transport error. */
function toWordPressError(what: string, error: unknown): WordPressError | WordPressAuthError {
  const e = (error ?? {}) as { code?: string; message?: string; data?: { status?: number }; status?: number };
  const status = e.data?.status ?? e.status;
  if (status === 401 || status === 403) return refusedDuringSync(what, status, e.code);
  const network = !status && /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|socket hang up/i.test(`${e.code ?? ''} ${e.message ?? ''}`);
  const message = network
    ? `WordPress is unreachable (${what}): ${e.code ?? e.message}`
    : `WordPress ${what} failed${status ? ` (${status})` : ''}: ${e.code ? `${e.code}: ` : ''}${e.message ?? 'unknown error'}`;
  return new WordPressError(message, {
    status: status ?? 502,
    retryable: network || (status !== undefined && status >= 500),
    cause: { code: e.code, status },
  });
}
