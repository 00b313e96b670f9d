import type { JobError, JobProgress } from '../domain/job';
import { emptyProgress } from '../domain/job';
import type { SyncLogRepository } from '../repositories/sync-log.repository';

const LOG_LINES = 20;
const MAX_ERRORS = 100;

/** What a many-item run reports through: the job's context, or anything shaped like it. */
export interface ProgressSink {
  report(progress: JobProgress): Promise<void>;
}

/**
 * The progress of a many-item job: counts, the last errors, a rolling log and
 * the resume checkpoint. Reports are throttled; checkpoints are saved at once.
 */
export class ProgressTracker {
  readonly progress: JobProgress;
  private lastReport = 0;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly sink: ProgressSink,
    initial: JobProgress,
    private readonly everyMs: number,
  ) {
    this.progress = { ...initial, errors: [...initial.errors], log: [...initial.log] };
  }

  /**
   * Counts come from tmu_sync_log, the durable record: progress saved before a
   * crash may lag behind what was really done.
   */
  static async resume(sink: ProgressSink, syncLog: SyncLogRepository, jobId: number, previous: JobProgress, everyMs: number): Promise<ProgressTracker> {
    const counts = await syncLog.countByJob(jobId);
    const failures = await syncLog.list({ jobId, action: 'failed', limit: MAX_ERRORS });
    const errors: JobError[] = failures.reverse().map((f) => ({ tmdb_id: f.tmdbId, post_id: f.postId, message: f.message ?? '' }));
    const tracker = new ProgressTracker(
      sink,
      { ...emptyProgress(previous.total), log: previous.log, checkpoint: previous.checkpoint, done: counts.synced ?? 0, failed: counts.failed ?? 0, errors },
      everyMs,
    );
    if (previous.checkpoint) tracker.note(`resumed after a restart: ${tracker.progress.done} done, ${tracker.progress.failed} failed so far`);
    return tracker;
  }

  setTotal(total: number): void {
    this.progress.total = total;
  }

  note(line: string): void {
    this.progress.log.push(line);
    if (this.progress.log.length > LOG_LINES) this.progress.log.splice(0, this.progress.log.length - LOG_LINES);
  }

  ok(line: string): void {
    this.progress.done += 1;
    this.note(line);
  }

  fail(error: JobError): void {
    this.progress.failed += 1;
    this.progress.errors.push(error);
    if (this.progress.errors.length > MAX_ERRORS) this.progress.errors.splice(0, this.progress.errors.length - MAX_ERRORS);
    this.note(`failed ${error.tmdb_id ?? ''} (post ${error.post_id ?? '-'}): ${error.message}`);
  }

  /** Saves where to resume, and reports now. */
  async checkpoint(checkpoint: Record<string, unknown>): Promise<void> {
    this.progress.checkpoint = checkpoint;
    await this.flush(true);
  }

  /** Reports at most every `everyMs` unless forced; one report at a time. */
  async flush(force = false): Promise<void> {
    if (this.pending) await this.pending;
    if (!force && Date.now() - this.lastReport < this.everyMs) return;
    this.lastReport = Date.now();
    const snapshot: JobProgress = { ...this.progress, errors: [...this.progress.errors], log: [...this.progress.log] };
    this.pending = this.sink.report(snapshot).finally(() => {
      this.pending = null;
    });
    await this.pending;
  }
}
