import type { Logger } from 'pino';
import { MAX_IMPORT_ITEMS } from '../../domain/sync';
import { backoff, retryDelayMs, TITLE_RETRY } from '../../domain/retry-policy';
import { AppError, describeError } from '../../errors';
import type { SyncLogRepository } from '../../repositories/sync-log.repository';
import type { BulkOutcome, BulkRunContext, BulkStatus, TitleSyncer } from '../bulk-sync.service';
import { ProgressTracker } from '../bulk-progress';
import type { ObjectRunner } from '../../domain/object-runner';
import { CompleteLater, completionOptions, SyncOptions, SyncResult, SyncStage } from '../sync/sync.types';
import { LibraryLookup, LibraryMatch, LibraryTitleType, titleKind } from './library-lookup';

export interface ImportItem {
  type: LibraryTitleType;
  tmdbId: number;
  /** Sync it even when the library has it (a post restored from the trash on the import screen). */
  resync?: boolean;
}

export interface ImportRequest {
  items: ImportItem[];
  /** Status of the posts the import creates; posts that exist keep theirs. */
  status: 'draft' | 'publish';
  options: Partial<SyncOptions>;
  /** Sync titles the library already has, instead of skipping them. */
  resync: boolean;
}

export interface ImportDeps {
  sync: TitleSyncer;
  /** Title details before the sync (the same cached request the sync makes), to refuse adult titles. */
  details: { getMovie(id: number): Promise<{ adult?: boolean | null }>; getTv(id: number): Promise<{ adult?: boolean | null }> };
  library: LibraryLookup;
  syncLog: SyncLogRepository;
  /** The object locks every sync path shares: two imports of one title take turns, the second finds it in the library. */
  lock?: ObjectRunner;
  allowAdult: boolean;
  /** Items imported at once (a bulk's lanes). */
  concurrency: number;
  /**
   * Set when a job queue runs the background (serve): each title is synced at the page stage and the rest
   * of it is handed to a `title.complete` job. Absent (the CLI without a worker): each title is synced whole.
   */
  completeLater?: CompleteLater;
  logger: Logger;
  reportEveryMs?: number;
  /** First backoff of an item's retries; default the sync job's (TITLE_RETRY.baseMs). */
  retryBaseMs?: number;
  observe?: (type: string, seconds: number, outcome: 'succeeded' | 'failed') => void;
}

/** An item is tried as often as a webhook's sync job: an outage of half a minute costs an import nothing. */
const ITEM_RETRIES = TITLE_RETRY.attempts - 1;
/** Enough for MAX_IMPORT_ITEMS items, one log row each. */
const LOG_READ_LIMIT = MAX_IMPORT_ITEMS * 2;

type ItemOutcome = { kind: 'skipped'; match: LibraryMatch } | { kind: 'synced'; result: SyncResult; syncType: LibraryTitleType };

class AdultTitleError extends AppError {
  constructor(message: string) {
    super('adult_title', message, { status: 422 });
  }
}

/**
 * The `import` job: many TMDb titles picked on the import screen (or the
 * CLI), each synced through SyncService. Progress counts items; titles the
 * site has are skipped unless a re-sync is asked for; each item leaves a
 * tmu_sync_log row, so a restarted job goes on where it stopped.
 */
export class ImportService {
  constructor(private readonly deps: ImportDeps) {}

  async run(request: ImportRequest, ctx: BulkRunContext): Promise<BulkOutcome> {
    const { syncLog } = this.deps;
    const tracker = await ProgressTracker.resume(ctx, syncLog, ctx.jobId, ctx.previous, this.deps.reportEveryMs ?? 250);
    const counts = await syncLog.countByJob(ctx.jobId);
    tracker.progress.done += counts.skipped ?? 0;
    const handled = new Set((await syncLog.list({ jobId: ctx.jobId, limit: LOG_READ_LIMIT })).map((e) => `${titleKind(e.type as LibraryTitleType)}:${e.tmdbId}`));
    const items = dedupe(request.items);
    tracker.setTotal(items.length);
    if (!ctx.previous.checkpoint) tracker.note(`${items.length} titles to import (${request.status}${request.resync ? ', re-sync' : ''})`);
    await tracker.checkpoint({ kind: 'import' });

    let next = 0;
    let broken: unknown = null;
    const lane = async () => {
      while (!ctx.signal.aborted && broken === null && next < items.length) {
        const item = items[next];
        next += 1;
        if (handled.has(`${titleKind(item.type)}:${item.tmdbId}`)) continue;
        try {
          if (!(await ctx.stillHeld())) break;
          await this.runItem(item, request, ctx, tracker);
          await tracker.flush();
        } catch (error) {
          broken = error; // the log or the progress could not be written: stop, the job is retried
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.deps.concurrency, items.length)) }, lane));
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a lane's caught error, rethrown as it was
    if (broken !== null) throw broken;
    return this.end(tracker, ctx);
  }

  private async runItem(item: ImportItem, request: ImportRequest, ctx: BulkRunContext, tracker: ProgressTracker): Promise<void> {
    const base = { jobId: ctx.jobId, type: item.type, tmdbId: item.tmdbId };
    const started = process.hrtime.bigint();
    let outcome: ItemOutcome;
    try {
      outcome = await this.importOne(item, request, ctx.signal);
    } catch (error) {
      const message = describeError(error);
      this.deps.observe?.(item.type, Number(process.hrtime.bigint() - started) / 1e9, 'failed');
      this.deps.logger.info({ job: ctx.jobId, type: item.type, tmdbId: item.tmdbId, err: message }, 'import item failed');
      await this.deps.syncLog.add({ ...base, postId: null, action: 'failed', message });
      tracker.fail({ tmdb_id: item.tmdbId, post_id: null, message });
      return;
    }
    if (outcome.kind === 'skipped') {
      const { match } = outcome;
      const line = `${item.type} ${item.tmdbId} is already in the library as ${match.type} post ${match.postId}; skipped`;
      await this.deps.syncLog.add({ ...base, type: match.type, postId: match.postId, action: 'skipped', message: line });
      tracker.ok(line);
      return;
    }
    const { result, syncType } = outcome;
    // Before the item's log row, and not an item failure: a queue that cannot take it stops the job,
    // whose retry syncs the item (and hands its rest over) again.
    await this.deps.completeLater?.(syncType, item.tmdbId, completionOptions(request.options), ctx.jobId);
    this.deps.observe?.(syncType, Number(process.hrtime.bigint() - started) / 1e9, 'succeeded');
    const line = `${result.created ? 'imported' : 'updated'} ${syncType} ${item.tmdbId} "${result.title}" (post ${result.postId})`;
    await this.deps.syncLog.add({ ...base, type: syncType, postId: result.postId, action: 'synced', message: line });
    tracker.ok(line);
  }

  /** Under the title's import lock: look in the library, then skip or sync. */
  private async importOne(item: ImportItem, request: ImportRequest, signal: AbortSignal): Promise<ItemOutcome> {
    const kind = titleKind(item.type);
    const work = async (): Promise<ItemOutcome> => {
      const match = await this.deps.library.findOne(kind, item.tmdbId);
      if (match && !request.resync && !item.resync) return { kind: 'skipped', match };
      if (!this.deps.allowAdult) await this.refuseAdult(kind, item.tmdbId);
      // A TV title the site keeps as a drama stays a drama (and the other way round).
      const syncType = match?.type ?? item.type;
      const stage: SyncStage = this.deps.completeLater ? 'page' : 'all';
      const options: Partial<SyncOptions> = { ...request.options, status: request.status, stage, ...(match ? { postId: match.postId } : {}) };
      const result = await this.syncWithRetries(syncType, item.tmdbId, options, signal);
      return { kind: 'synced', result, syncType };
    };
    // One key for TV and drama: the same series imported as both at once still makes one post.
    return this.deps.lock ? this.deps.lock.run(`import:${kind}:${item.tmdbId}`, work) : work();
  }

  private async refuseAdult(kind: 'movie' | 'tv', tmdbId: number): Promise<void> {
    const details = kind === 'movie' ? await this.deps.details.getMovie(tmdbId) : await this.deps.details.getTv(tmdbId);
    if (details.adult === true) throw new AdultTitleError(`${kind} ${tmdbId} is an adult title; set ALLOW_ADULT=true to import it`);
  }

  /** Transient trouble (WordPress down or slow, a 5xx, a rate limit) is retried with the sync job's attempts and backoff. */
  private async syncWithRetries(type: LibraryTitleType, tmdbId: number, options: Partial<SyncOptions>, signal: AbortSignal): Promise<SyncResult> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.deps.sync.sync(type, tmdbId, options);
      } catch (error) {
        if (!(error instanceof AppError && error.retryable) || attempt >= ITEM_RETRIES || signal.aborted) throw error;
        await backoff(retryDelayMs(attempt, this.deps.retryBaseMs ?? TITLE_RETRY.baseMs), signal);
        if (signal.aborted) throw error;
      }
    }
  }

  private async end(tracker: ProgressTracker, ctx: BulkRunContext): Promise<BulkOutcome> {
    const { done, failed, total } = tracker.progress;
    let status: BulkStatus;
    if (ctx.signal.aborted) status = 'cancelled';
    else if (failed === 0) status = 'succeeded';
    else status = done === 0 ? 'failed' : 'partial';
    const message = `${status}: ${done} imported or already there, ${failed} failed of ${total}`;
    tracker.note(message);
    await tracker.flush(true).catch(() => undefined); // a cancelled job may no longer take reports
    return { status, message, progress: tracker.progress };
  }
}

function dedupe(items: ImportItem[]): ImportItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${titleKind(i.type)}:${i.tmdbId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
