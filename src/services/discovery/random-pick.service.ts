import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { describeError, NotFoundError, TmdbRateLimitError, TmdbUnavailableError } from '../../errors';
import type { MediaListItemRecord, MediaListRepository } from '../../repositories/media-list.repository';
import type { DiscoverParams, DiscoveryService } from './discovery.service';
import { MAX_DISCOVER_PAGE } from './discovery.service';
import type { DiscoverFilters, DiscoverKind, ListMediaType } from './discovery.schema';
import { keywordExpressionSlug, KeywordService } from './keyword.service';

/** How long a discovery's total_pages is trusted. */
const TOTAL_PAGES_TTL_MS = 86_400_000;

/** Small key/value store (tmu_sync_state) for the cached total_pages. */
export interface StateStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

interface PickBase {
  keyword: string;
  type: DiscoverKind;
  tmdbId: number;
  postId: number;
  mediaType: ListMediaType;
}

export interface TmdbPick extends PickBase {
  source: 'tmdb';
  title: string;
  page: number;
  totalPages: number;
  /** false when the title was already in the library. */
  synced: boolean;
}

export interface StoredPick extends PickBase {
  source: 'stored';
  listSlug: string;
  /** Why TMDb was not used. */
  reason: string;
}

export type RandomPick = TmdbPick | StoredPick;

export interface RandomPickRequest {
  keyword: string;
  type?: DiscoverKind;
  filters?: DiscoverFilters;
  /** Fall back to this list's items (default: every list of the keyword). */
  listId?: number;
}

export interface RandomPickDeps {
  keywords: KeywordService;
  discovery: DiscoveryService;
  lists: MediaListRepository;
  state: StateStore;
  logger: Logger;
  /** [0, 1); injected so tests can choose the page and the result. */
  random?: () => number;
  now?: () => Date;
}

/**
 * One random title for a keyword: a random page of the discovery, a random
 * result on it, synced. With TMDb away, a random stored list item instead.
 */
export class RandomPickService {
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(private readonly deps: RandomPickDeps) {
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? (() => new Date());
  }

  async pick(request: RandomPickRequest): Promise<RandomPick> {
    const type = request.type ?? 'movie';
    try {
      return await this.fromTmdb(request, type);
    } catch (error) {
      if (!(error instanceof TmdbUnavailableError || error instanceof TmdbRateLimitError)) throw error;
      this.deps.logger.warn({ keyword: request.keyword, err: describeError(error) }, 'random pick: TMDb unavailable, using stored list items');
      const stored = await this.fromStored(request, type, describeError(error));
      if (!stored) {
        throw new TmdbUnavailableError(`TMDb is unavailable and no stored list item matches "${request.keyword}" (${type})`, { cause: error });
      }
      return stored;
    }
  }

  private async fromTmdb(request: RandomPickRequest, type: DiscoverKind): Promise<TmdbPick> {
    const { discovery } = this.deps;
    const resolved = await this.deps.keywords.resolveExpression(request.keyword);
    const params = discovery.params(type, resolved.withKeywords, request.filters);
    let totalPages = await this.totalPages(type, params);
    let page = 1 + Math.floor(this.random() * totalPages);
    let results = discovery.acceptable((await discovery.page(type, params, page)).results, request.filters);
    if (results.length === 0 && page > 1) {
      // The cached page count was stale (the discovery shrank): learn it again from page 1.
      totalPages = await this.totalPages(type, params, true);
      page = 1;
      results = discovery.acceptable((await discovery.page(type, params, 1)).results, request.filters);
    }
    if (results.length === 0) throw new NotFoundError(`No ${type} titles found for keyword "${request.keyword}"`, { field: 'keyword' });
    const chosen = results[Math.floor(this.random() * results.length)];
    const title = await discovery.take(type, chosen, discovery.syncOptions(request.filters));
    return {
      source: 'tmdb',
      keyword: request.keyword,
      type,
      tmdbId: title.tmdbId,
      postId: title.postId,
      mediaType: title.mediaType,
      title: title.title,
      page,
      totalPages,
      synced: title.synced,
    };
  }

  private async fromStored(request: RandomPickRequest, type: DiscoverKind, reason: string): Promise<StoredPick | null> {
    const { lists } = this.deps;
    let items: Array<MediaListItemRecord & { listSlug: string }>;
    if (request.listId !== undefined) {
      const list = await lists.findById(request.listId);
      items = list ? (await lists.listItems(list.id)).filter((i) => i.postId !== null && !i.hidden).map((i) => ({ ...i, listSlug: list.slug })) : [];
    } else {
      items = await lists.itemsForKeyword(keywordExpressionSlug(request.keyword));
    }
    const matching = items.filter((i) => (type === 'movie' ? i.mediaType === 'movie' : i.mediaType !== 'movie'));
    if (matching.length === 0) return null;
    const chosen = matching[Math.floor(this.random() * matching.length)];
    return {
      source: 'stored',
      keyword: request.keyword,
      type,
      tmdbId: chosen.tmdbId,
      postId: chosen.postId as number,
      mediaType: chosen.mediaType,
      listSlug: chosen.listSlug,
      reason,
    };
  }

  /** total_pages of a discovery, read once and cached for a day (TMDb serves at most page 500). */
  private async totalPages(type: DiscoverKind, params: DiscoverParams, fresh = false): Promise<number> {
    const key = `discover.total_pages:${type}:${hashParams(params)}`;
    const now = this.now();
    if (!fresh) {
      const cached = parseCached(await this.deps.state.get(key));
      if (cached && now.getTime() - cached.at < TOTAL_PAGES_TTL_MS) return cached.totalPages;
    }
    const first = await this.deps.discovery.page(type, params, 1);
    const totalPages = Math.max(1, Math.min(first.total_pages, MAX_DISCOVER_PAGE));
    await this.deps.state.set(key, JSON.stringify({ totalPages, at: now.getTime() }));
    return totalPages;
  }
}

function hashParams(params: DiscoverParams): string {
  const sorted = Object.keys(params)
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');
  return createHash('sha1').update(sorted).digest('hex').slice(0, 16);
}

function parseCached(value: string | null): { totalPages: number; at: number } | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as { totalPages?: unknown; at?: unknown };
    return typeof parsed.totalPages === 'number' && typeof parsed.at === 'number' ? { totalPages: parsed.totalPages, at: parsed.at } : null;
  } catch {
    return null;
  }
}
