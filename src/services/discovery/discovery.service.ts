import type { Logger } from 'pino';
import type { TmdbDiscoverPage } from '../../clients/tmdb/tmdb-extra.schemas';
import type { TmdbSearchResult } from '../../clients/tmdb/tmdb.schema';
import { describeError, TmdbNotFoundError, TmdbPayloadError, ValidationError } from '../../errors';
import type { SyncResult, SyncOptions, SyncType } from '../sync/sync.types';
import { DiscoveredTitle, DiscoverFilters, DiscoverKind, DiscoveryError, DiscoveryResult, DiscoverySyncOptions, ListMediaType, titleKey } from './discovery.schema';

/** TMDb answers at most page 500 of a discovery. */
export const MAX_DISCOVER_PAGE = 500;

export type DiscoverParams = Record<string, string | number | boolean>;

export interface DiscoverSource {
  discover(kind: DiscoverKind, params: DiscoverParams): Promise<TmdbDiscoverPage>;
}

export interface TitleSyncer {
  sync(type: SyncType, tmdbId: number, options?: Partial<SyncOptions>): Promise<SyncResult>;
}

/** Finds a title already in the library (tmu_movies / tmu_tv_series / tmu_dramas). */
export interface LibraryLookup {
  find(kind: DiscoverKind, tmdbId: number): Promise<{ postId: number; mediaType: ListMediaType } | null>;
}

export interface DiscoveryDeps {
  tmdb: DiscoverSource;
  sync: TitleSyncer;
  library: LibraryLookup;
  /** ALLOW_ADULT: nothing adult is asked for or kept unless the site allows it. */
  allowAdult: boolean;
  syncOptions: DiscoverySyncOptions;
  /**
   * Titles synced at the same time (default 1). Titles found together share
   * keywords and genres, and two syncs creating the same term at once deadlock
   * (MySQL) or race (WordPress), so more than one is only for stores that cope.
   */
  concurrency?: number;
  logger: Logger;
}

export interface DiscoveryQuery {
  kind: DiscoverKind;
  /** with_keywords: TMDb keyword ids joined with ',' (AND) or '|' (OR). */
  withKeywords: string;
  filters?: DiscoverFilters;
  limit: number;
  /** Titles (titleKey) to pass over: neither synced nor counted. */
  skip?: ReadonlySet<string>;
  /** Status of the posts made for titles not yet in the library (a curated list's choice). */
  status?: SyncOptions['status'];
  /** Stop early, e.g. when a job is cancelled. */
  signal?: AbortSignal;
}

/** Errors that concern one title only: the discovery goes on without it. */
const TITLE_ERRORS = [TmdbNotFoundError, TmdbPayloadError, ValidationError];

/** Pages through /discover/{movie,tv} and syncs what it finds through the normal pipeline. */
export class DiscoveryService {
  constructor(private readonly deps: DiscoveryDeps) {}

  get allowAdult(): boolean {
    return this.deps.allowAdult;
  }

  /** The /discover query for these filters; include_adult is sent explicitly, and true only when allowed. */
  params(kind: DiscoverKind, withKeywords: string, filters: DiscoverFilters = {}): DiscoverParams {
    const p: DiscoverParams = {
      include_adult: this.adultAllowed(filters),
      sort_by: sortParam(kind, filters.sort_by ?? 'popularity.desc'),
    };
    if (withKeywords) p.with_keywords = withKeywords;
    if (filters.language) p.language = filters.language;
    if (filters.original_language) p.with_original_language = filters.original_language;
    if (filters.region) p[kind === 'movie' ? 'region' : 'with_origin_country'] = filters.region;
    const date = kind === 'movie' ? 'primary_release_date' : 'first_air_date';
    if (filters.release_from) p[`${date}.gte`] = filters.release_from;
    if (filters.release_to) p[`${date}.lte`] = filters.release_to;
    if (filters.min_vote_count !== undefined) p['vote_count.gte'] = filters.min_vote_count;
    if (kind === 'movie') p.include_video = false;
    return p;
  }

  /** Results this site may show: adult ones are dropped unless allowed (TMDb's own filter is not trusted alone). */
  acceptable(results: TmdbSearchResult[], filters: DiscoverFilters = {}): TmdbSearchResult[] {
    const adult = this.adultAllowed(filters);
    return results.filter((r) => adult || r.adult !== true);
  }

  /** The light discovery defaults, with the list's own overrides. */
  syncOptions(filters: DiscoverFilters = {}): DiscoverySyncOptions {
    return { ...this.deps.syncOptions, ...filters.sync };
  }

  async page(kind: DiscoverKind, params: DiscoverParams, page: number): Promise<TmdbDiscoverPage> {
    return this.deps.tmdb.discover(kind, { ...params, page });
  }

  /** Reads pages until `limit` titles are synced or the pages run out. */
  async discover(q: DiscoveryQuery): Promise<DiscoveryResult> {
    const params = this.params(q.kind, q.withKeywords, q.filters);
    const options = { ...this.syncOptions(q.filters), ...(q.status ? { status: q.status } : {}) };
    const result: DiscoveryResult = { items: [], pagesRead: 0, totalPages: 0, totalResults: 0, skipped: { adult: 0, duplicate: 0 }, errors: [] };
    const seen = new Set<string>();
    for (let page = 1; result.items.length < q.limit && page <= MAX_DISCOVER_PAGE; page += 1) {
      if (q.signal?.aborted) break;
      const answer = await this.page(q.kind, params, page);
      result.pagesRead += 1;
      result.totalPages = answer.total_pages;
      result.totalResults = answer.total_results;
      const allowed = this.acceptable(answer.results, q.filters);
      result.skipped.adult += answer.results.length - allowed.length;
      // Pages shift while we read them (popularity changes): a title may show up twice.
      const fresh: TmdbSearchResult[] = [];
      for (const r of allowed) {
        const key = titleKey(q.kind, r.id);
        if (seen.has(key)) result.skipped.duplicate += 1;
        else if (!q.skip?.has(key)) fresh.push(r);
        seen.add(key);
      }
      await this.takeInOrder(q.kind, fresh, q.limit, options, result);
      if (answer.results.length === 0 || page >= answer.total_pages) break;
    }
    return result;
  }

  /** One result: the library's post when the title is already there, else a sync. */
  async take(kind: DiscoverKind, r: Pick<TmdbSearchResult, 'id' | 'title' | 'name'>, options: DiscoverySyncOptions = this.deps.syncOptions): Promise<DiscoveredTitle> {
    const known = await this.deps.library.find(kind, r.id);
    const title = r.title || r.name || `#${r.id}`;
    if (known) return { tmdbId: r.id, kind, mediaType: known.mediaType, postId: known.postId, title, synced: false, created: false };
    const synced = await this.deps.sync.sync(kind, r.id, options);
    return { tmdbId: r.id, kind, mediaType: kind, postId: synced.postId, title: synced.title || title, synced: true, created: synced.created };
  }

  /** Syncs candidates a few at a time, keeping TMDb's order, until the limit is met. */
  private async takeInOrder(kind: DiscoverKind, candidates: TmdbSearchResult[], limit: number, options: DiscoverySyncOptions, result: DiscoveryResult): Promise<void> {
    const width = Math.max(1, this.deps.concurrency ?? 1);
    let next = 0;
    while (result.items.length < limit && next < candidates.length) {
      const batch = candidates.slice(next, next + Math.min(width, limit - result.items.length));
      next += batch.length;
      const settled = await Promise.allSettled(batch.map((r) => this.take(kind, r, options)));
      let abort: unknown;
      settled.forEach((s, i) => {
        if (s.status === 'fulfilled') {
          if (result.items.length < limit) result.items.push(s.value);
        } else if (isTitleError(s.reason)) {
          result.errors.push(titleError(batch[i].id, s.reason));
          this.deps.logger.warn({ tmdbId: batch[i].id, err: describeError(s.reason) }, 'discovery: title skipped');
        } else {
          abort ??= s.reason;
        }
      });
      // WordPress, the database or TMDb as a whole failing: stop rather than build a list from what is left.
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the rejection reason, rethrown as it was
      if (abort !== undefined) throw abort;
    }
  }

  private adultAllowed(filters: DiscoverFilters): boolean {
    return this.deps.allowAdult && filters.include_adult === true;
  }
}

function isTitleError(error: unknown): boolean {
  return TITLE_ERRORS.some((type) => error instanceof type);
}

function titleError(tmdbId: number, error: unknown): DiscoveryError {
  return { tmdbId, message: describeError(error) };
}

function sortParam(kind: DiscoverKind, sort: NonNullable<DiscoverFilters['sort_by']>): string {
  if (!sort.startsWith('release_date.')) return sort;
  return sort.replace('release_date', kind === 'movie' ? 'primary_release_date' : 'first_air_date');
}
