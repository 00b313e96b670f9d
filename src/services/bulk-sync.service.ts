import type { Logger } from 'pino';
import { backoff, retryDelayMs, TITLE_RETRY } from '../domain/retry-policy';
import { AppError, describeError } from '../errors';
import type { JobProgress } from '../domain/job';
import type { LibraryItem, LibraryRepository, LibraryType } from '../repositories/library.repository';
import type { SyncLogRepository } from '../repositories/sync-log.repository';
import { ProgressSink, ProgressTracker } from './bulk-progress';
import { CompleteLater, completionOptions, SyncOptions, SyncResult, SyncType } from './sync/sync.types';

export interface TitleSyncer {
  sync(type: SyncType, tmdbId: number, options?: Partial<SyncOptions>): Promise<SyncResult>;
}

/** One job's side of a many-item run. */
export interface BulkRunContext extends ProgressSink {
  jobId: number;
  /** When the job first started: an item synced since then was done by an earlier attempt (restart recovery). */
  startedAt: Date;
  signal: AbortSignal;
  /** Checked before each item, so a cancel stops the run at the next item. */
  stillHeld(): Promise<boolean>;
  /** What an earlier attempt of this job saved (counts, checkpoint). */
  previous: JobProgress;
}

export type BulkStatus = 'succeeded' | 'partial' | 'failed' | 'cancelled';

export interface BulkOutcome {
  status: BulkStatus;
  message: string;
  progress: JobProgress;
}

export interface BulkSyncDeps {
  sync: TitleSyncer;
  library: LibraryRepository;
  syncLog: SyncLogRepository;
  logger: Logger;
  /** Items synced at once. */
  concurrency: number;
  batchSize?: number;
  reportEveryMs?: number;
  /** First wait before an item is tried again after a transient error; default the sync job's (TITLE_RETRY.baseMs). */
  retryBaseMs?: number;
  observe?: (type: string, seconds: number, outcome: 'succeeded' | 'failed') => void;
  /** Runs an item with its TMDb requests behind interactive ones (the TMDb client's withPriority('bulk', fn)). */
  asBulk?: <T>(fn: () => Promise<T>) => Promise<T>;
  /**
   * Set when a job queue runs the background (serve): titles are synced at the page stage and their rest
   * handed to a `title.complete` job. Absent (the CLI without a worker): every item is synced whole.
   */
  completeLater?: CompleteLater;
}

/** An item is tried as often as a sync job or an import item, so a short WordPress outage costs a bulk nothing. */
const ITEM_RETRIES = TITLE_RETRY.attempts - 1;

interface LibraryCheckpoint {
  kind: 'library';
  typeIndex: number;
  afterId: number;
  visited: number;
  /** Highest post ID per type when the run started: rows added meanwhile (people of synced titles) are not part of it. */
  until: Partial<Record<LibraryType, number>>;
}

/**
 * Syncs many titles/people through SyncService, in keyset batches, a few at a
 * time. Each item leaves a tmu_sync_log row; a restarted job skips what its
 * log (or the row's synced_at) says is done, so nothing is synced twice.
 */
export class BulkSyncService {
  private readonly batchSize: number;
  private readonly reportEveryMs: number;
  private readonly retryBaseMs: number;

  constructor(private readonly deps: BulkSyncDeps) {
    this.batchSize = deps.batchSize ?? 100;
    this.reportEveryMs = deps.reportEveryMs ?? 250;
    this.retryBaseMs = deps.retryBaseMs ?? TITLE_RETRY.baseMs;
  }

  /** Everything with a TMDb id in the tables of `types` (in that order), at most `limit` items; `intro` opens the job's log. */
  async runLibrary(types: readonly LibraryType[], options: Partial<SyncOptions>, ctx: BulkRunContext, limit?: number, intro?: string[]): Promise<BulkOutcome> {
    const tracker = await this.tracker(ctx);
    for (const line of intro ?? []) tracker.note(line);
    const saved = ctx.previous.checkpoint as LibraryCheckpoint | undefined;
    const resume = saved?.kind === 'library' ? saved : null;
    const until: LibraryCheckpoint['until'] = resume?.until ?? {};
    if (!resume) {
      let total = 0;
      for (const type of types) {
        const extent = await this.deps.library.extent(type);
        total += extent.count;
        until[type] = extent.maxId;
      }
      tracker.setTotal(limit === undefined ? total : Math.min(total, limit));
      tracker.note(`${tracker.progress.total} items to sync (${types.join(', ')})`);
    }
    let visited = resume?.visited ?? 0;
    const save = (typeIndex: number, afterId: number) => tracker.checkpoint({ kind: 'library', typeIndex, afterId, visited, until });
    await save(resume?.typeIndex ?? 0, resume?.afterId ?? 0);
    for (let typeIndex = resume?.typeIndex ?? 0; typeIndex < types.length; typeIndex += 1) {
      const type = types[typeIndex];
      let afterId = resume && typeIndex === resume.typeIndex ? resume.afterId : 0;
      for (;;) {
        const room = limit === undefined ? this.batchSize : Math.min(this.batchSize, limit - visited);
        if (ctx.signal.aborted || room <= 0) return this.end(tracker, ctx);
        const batch = await this.deps.library.page(type, afterId, room, until[type] ?? 0);
        if (batch.length === 0) break;
        await this.runBatch(batch, options, ctx, tracker);
        if (ctx.signal.aborted) return this.end(tracker, ctx);
        visited += batch.length;
        afterId = batch[batch.length - 1].postId;
        await save(typeIndex, afterId);
      }
      await save(typeIndex + 1, 0);
    }
    return this.end(tracker, ctx);
  }

  /** A given list of items (the changes run); a restarted job skips the ones it logged. */
  async runItems(items: readonly LibraryItem[], options: Partial<SyncOptions>, ctx: BulkRunContext, intro?: string[]): Promise<BulkOutcome> {
    const tracker = await this.tracker(ctx);
    tracker.setTotal(items.length);
    for (const line of intro ?? []) tracker.note(line);
    await tracker.flush(true);
    for (let start = 0; start < items.length && !ctx.signal.aborted; start += this.batchSize) {
      await this.runBatch(items.slice(start, start + this.batchSize), options, ctx, tracker);
    }
    return this.end(tracker, ctx);
  }

  private tracker(ctx: BulkRunContext): Promise<ProgressTracker> {
    return ProgressTracker.resume(ctx, this.deps.syncLog, ctx.jobId, ctx.previous, this.reportEveryMs);
  }

  private async end(tracker: ProgressTracker, ctx: BulkRunContext): Promise<BulkOutcome> {
    const { done, failed, total } = tracker.progress;
    let status: BulkStatus;
    if (ctx.signal.aborted) status = 'cancelled';
    else if (failed === 0) status = 'succeeded';
    else status = done === 0 ? 'failed' : 'partial';
    const message = `${status}: ${done} synced, ${failed} failed of ${total}`;
    tracker.note(message);
    await tracker.flush(true).catch(() => undefined); // a cancelled job may no longer take reports
    return { status, message, progress: tracker.progress };
  }

  /** A few lanes over one batch; each lane stops at the next item once the job is aborted. */
  private async runBatch(batch: LibraryItem[], options: Partial<SyncOptions>, ctx: BulkRunContext, tracker: ProgressTracker): Promise<void> {
    const logged = new Map<LibraryType, Set<number>>();
    const recent = new Map<LibraryType, Set<number>>();
    for (const type of new Set(batch.map((i) => i.type))) {
      const ids = batch.filter((i) => i.type === type).map((i) => i.postId);
      logged.set(type, await this.deps.syncLog.loggedPosts(ctx.jobId, type, ids));
      recent.set(type, await this.deps.library.syncedSince(type, ids, ctx.startedAt));
    }
    let next = 0;
    let broken: unknown = null;
    const lane = async () => {
      while (!ctx.signal.aborted && broken === null && next < batch.length) {
        const item = batch[next];
        next += 1;
        if (logged.get(item.type)?.has(item.postId)) continue;
        try {
          if (!(await ctx.stillHeld())) break;
          await this.runItem(item, options, ctx, tracker, recent.get(item.type)?.has(item.postId) ?? false);
          await tracker.flush();
        } catch (error) {
          broken = error; // the log or the progress could not be written: stop, the job is retried
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.concurrency, batch.length) }, lane));
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a lane's caught error, rethrown as it was
    if (broken !== null) throw broken;
  }

  private async runItem(item: LibraryItem, options: Partial<SyncOptions>, ctx: BulkRunContext, tracker: ProgressTracker, syncedAlready: boolean): Promise<void> {
    const base = { jobId: ctx.jobId, type: item.type, tmdbId: item.tmdbId, postId: item.postId };
    if (syncedAlready) {
      const line = `${item.type} ${item.tmdbId} (post ${item.postId}) was synced after this job started; not synced again`;
      await this.deps.syncLog.add({ ...base, action: 'synced', message: line });
      tracker.ok(line);
      return;
    }
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let result: SyncResult;
    try {
      result = await this.syncWithRetries(item, options, ctx.signal);
    } catch (error) {
      const message = describeError(error);
      this.deps.observe?.(item.type, seconds(), 'failed');
      this.deps.logger.info({ job: ctx.jobId, type: item.type, tmdbId: item.tmdbId, err: message }, 'bulk item failed');
      await this.deps.syncLog.add({ ...base, action: 'failed', message });
      tracker.fail({ tmdb_id: item.tmdbId, post_id: item.postId, message });
      return;
    }
    // Before the item's log row, and not an item failure: the job's retry syncs the item and hands it over again.
    if (item.type !== 'person') await this.deps.completeLater?.(item.type, item.tmdbId, completionOptions(options), ctx.jobId);
    this.deps.observe?.(item.type, seconds(), 'succeeded');
    const line = `${result.created ? 'created' : 'updated'} ${item.type} ${item.tmdbId} "${result.title}" (post ${result.postId})`;
    await this.deps.syncLog.add({ ...base, postId: result.postId, action: 'synced', message: line });
    tracker.ok(line);
  }

  /** Transient trouble (a deadlock between two lanes, a rate limit, WordPress down for a while) is tried again, per TITLE_RETRY. */
  private async syncWithRetries(item: LibraryItem, options: Partial<SyncOptions>, signal: AbortSignal): Promise<SyncResult> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        // Bulk, daily and weekly runs exist to pick up what changed, so the first try skips the
        // response cache; a retry reuses what that try just fetched (at bulk priority the TMDb
        // client keeps it in memory for a while instead of filling the cache table).
        const stage = this.deps.completeLater && item.type !== 'person' ? 'page' : 'all';
        const run = () => this.deps.sync.sync(item.type, item.tmdbId, { ...options, postId: item.postId, fresh: attempt === 0, stage });
        return await (this.deps.asBulk ? this.deps.asBulk(run) : run());
      } catch (error) {
        if (!(error instanceof AppError && error.retryable) || attempt >= ITEM_RETRIES || signal.aborted) throw error;
        await backoff(retryDelayMs(attempt, this.retryBaseMs), signal);
        if (signal.aborted) throw error;
      }
    }
  }
}
