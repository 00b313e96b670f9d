import type { Logger } from 'pino';
import type { TmdbChangesKind, TmdbChangesQuery } from '../clients/tmdb/tmdb.client';
import type { TmdbChangesPage } from '../clients/tmdb/tmdb.schema';
import type { LibraryItem, LibraryRepository, LibraryType } from '../repositories/library.repository';
import type { SyncStateRepository } from '../repositories/sync-state.repository';
import type { BulkOutcome, BulkRunContext, BulkSyncService } from './bulk-sync.service';

interface ChangesSource {
  getChanges(kind: TmdbChangesKind, q: TmdbChangesQuery): Promise<TmdbChangesPage>;
}

interface ExpiredCachePurge {
  purgeExpired(): Promise<number>;
}

export interface ChangesDeps {
  tmdb: ChangesSource;
  library: LibraryRepository;
  state: SyncStateRepository;
  bulk: BulkSyncService;
  cache: ExpiredCachePurge;
  logger: Logger;
  /** How many titles the fallback refresh syncs at most. */
  fallbackLimit: number;
}

export interface ChangesOutcome extends BulkOutcome {
  mode: 'changes' | 'fallback';
  /** Ids TMDb listed as changed (all kinds), and how many of them are in the library. */
  changed: number;
  inLibrary: number;
  pages: number;
  purged: number;
}

const CHANGES_KINDS: readonly TmdbChangesKind[] = ['movie', 'tv', 'person'];
/** TMDb answers at most 14 days per changes request. */
export const MAX_WINDOW_DAYS = 14;
const DAY = 86_400_000;

/** A TMDb changes list applies to these library tables (a drama is a TMDb tv show). */
const APPLIES_TO: Record<TmdbChangesKind, LibraryType[]> = { movie: ['movie'], tv: ['tv', 'drama'], person: ['person'] };

export const lastSuccessKey = (kind: TmdbChangesKind) => `changes.${kind}.last_success`;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** [start, end] day windows of at most 14 days covering since..until (inclusive days). */
export function changeWindows(since: Date, until: Date): Array<{ startDate: string; endDate: string }> {
  const windows: Array<{ startDate: string; endDate: string }> = [];
  const last = Date.parse(`${isoDay(until)}T00:00:00Z`);
  let start = Date.parse(`${isoDay(since)}T00:00:00Z`);
  do {
    const end = Math.min(start + MAX_WINDOW_DAYS * DAY, last);
    windows.push({ startDate: isoDay(new Date(start)), endDate: isoDay(new Date(Math.max(end, start))) });
    start = end; // the boundary day is asked twice rather than missed
  } while (start < last);
  return windows;
}

/**
 * The daily incremental sync: what TMDb lists as changed since the last
 * successful run and is in the library. When the last run is older than TMDb's
 * changes lists reach comfortably (14 days) or there is none, a capped refresh
 * by status and age stands in. Ends by purging the expired API cache.
 */
export class ChangesService {
  constructor(private readonly deps: ChangesDeps) {}

  async run(ctx: BulkRunContext, request: { since?: Date } = {}): Promise<ChangesOutcome> {
    // The job's first start, so a restarted run asks TMDb for the same windows.
    const now = ctx.startedAt;
    const sinceByKind = new Map<TmdbChangesKind, Date | null>();
    for (const kind of CHANGES_KINDS) sinceByKind.set(kind, request.since ?? (await this.startingPoint(kind, now)));
    const stale = [...sinceByKind.values()].some((since) => !since || now.getTime() - since.getTime() > MAX_WINDOW_DAYS * DAY);
    const fallback = !request.since && stale;

    let items: LibraryItem[];
    const intro: string[] = [];
    let changed = 0;
    let pages = 0;
    if (fallback) {
      items = await this.deps.library.refreshCandidates(now, this.deps.fallbackLimit);
      intro.push(`no successful changes run in the last ${MAX_WINDOW_DAYS} days: refreshing ${items.length} titles by status and age`);
    } else {
      items = [];
      for (const kind of CHANGES_KINDS) {
        const listed = await this.listChanged(kind, sinceByKind.get(kind) as Date, now, ctx.signal);
        pages += listed.pages;
        changed += listed.ids.size;
        const found: LibraryItem[] = [];
        for (const type of APPLIES_TO[kind]) found.push(...(await this.deps.library.findByTmdbIds(type, [...listed.ids])));
        intro.push(`${kind} changes since ${isoDay(sinceByKind.get(kind) as Date)}: ${listed.ids.size} ids in ${listed.pages} pages, ${found.length} in the library`);
        items.push(...found);
      }
    }
    const outcome = await this.deps.bulk.runItems(items, {}, ctx, intro);
    let purged = 0;
    if (outcome.status !== 'cancelled') {
      // Failed items do not hold the window back: the weekly refresh retries them.
      for (const kind of CHANGES_KINDS) await this.deps.state.set(lastSuccessKey(kind), now.toISOString());
      purged = await this.deps.cache.purgeExpired();
    }
    const mode = fallback ? 'fallback' : 'changes';
    const message = fallback ? `fallback refresh: ${outcome.message}` : `${changed} changed on TMDb, ${items.length} in the library: ${outcome.message}`;
    this.deps.logger.info({ job: ctx.jobId, mode, changed, inLibrary: items.length, pages, purged }, 'changes run ended');
    return { ...outcome, message, mode, changed, inLibrary: items.length, pages, purged };
  }

  /**
   * The last successful run; before the first one, the oldest sync in the
   * library (a fresh import needs only what changed since it was made),
   * when that is inside TMDb's 14-day window.
   */
  private async startingPoint(kind: TmdbChangesKind, now: Date): Promise<Date | null> {
    const last = await this.lastSuccess(kind);
    if (last) return last;
    const library = await this.deps.library.oldestSyncedAt(APPLIES_TO[kind]);
    // Nothing of this kind in the library: nothing to catch up on.
    if (library.empty) return now;
    const { oldest } = library;
    return oldest && now.getTime() - oldest.getTime() <= MAX_WINDOW_DAYS * DAY ? oldest : null;
  }

  private async lastSuccess(kind: TmdbChangesKind): Promise<Date | null> {
    const raw = await this.deps.state.get(lastSuccessKey(kind));
    const at = raw ? new Date(raw) : null;
    return at && !Number.isNaN(at.getTime()) ? at : null;
  }

  /** Every id on every page of every window. */
  private async listChanged(kind: TmdbChangesKind, since: Date, until: Date, signal: AbortSignal): Promise<{ ids: Set<number>; pages: number }> {
    const ids = new Set<number>();
    let pages = 0;
    for (const window of changeWindows(since, until)) {
      for (let page = 1, totalPages = 1; page <= totalPages && !signal.aborted; page += 1) {
        const answer = await this.deps.tmdb.getChanges(kind, { ...window, page });
        pages += 1;
        totalPages = Math.min(answer.total_pages ?? 1, 500);
        for (const item of answer.results) ids.add(item.id);
      }
    }
    return { ids, pages };
  }
}
