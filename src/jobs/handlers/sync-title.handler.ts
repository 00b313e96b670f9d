import type { SyncLogRepository } from '../../repositories/sync-log.repository';
import { AppError, describeError } from '../../errors';
import type { SyncService } from '../../services/sync/sync.service';
import { formatSyncResult } from '../../services/sync/sync.types';
import type { SyncPayload } from '../../domain/job-payloads';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import { emptyProgress, JobProgress, JobRecord } from '../../domain/job';

/** Saves "people 120/258"-style steps, at most every 250 ms (and always a step's last count). */
function stepReporter(progress: JobProgress, context: JobContext | undefined): (step: string, done: number, total: number) => void {
  let last = 0;
  return (step, done, total) => {
    progress.step = total > 0 ? `${step} ${done}/${total}` : step;
    const now = Date.now();
    if (!context || (now - last < 250 && done < total)) return;
    last = now;
    void context.report({ ...progress, log: [...progress.log] }).catch(() => undefined);
  };
}

/** One title or person. A TMDb 404, a bad payload or a bad post id fail the job; rate limits and outages retry it. */
export class SyncTitleHandler implements JobHandler<SyncPayload> {
  constructor(
    private readonly sync: SyncService,
    /** Sync durations (Prometheus tmu_sync_duration_seconds). */
    private readonly observe?: (type: string, seconds: number, outcome: 'succeeded' | 'failed') => void,
    /** Where "Sync now" and imports leave their line in the activity log. */
    private readonly syncLog?: Pick<SyncLogRepository, 'add'>,
  ) {}

  async handle(job: JobRecord, context: JobContext | undefined, payload: SyncPayload): Promise<HandlerResult> {
    const progress = emptyProgress(1);
    const { type, tmdb_id: tmdbId, post_id: postId, options } = payload;
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await this.sync.sync(type, tmdbId, { ...options, postId, onProgress: stepReporter(progress, context) });
      delete progress.step;
      this.observe?.(type, seconds(), 'succeeded');
      progress.done = 1;
      progress.log.push(formatSyncResult(result));
      await this.syncLog?.add({ jobId: job.id, type, tmdbId, postId: result.postId, action: 'synced', message: formatSyncResult(result) });
      return { status: 'succeeded', message: formatSyncResult(result), progress };
    } catch (error) {
      this.observe?.(type, seconds(), 'failed');
      if (error instanceof AppError && error.retryable) throw error;
      if (!(error instanceof AppError)) throw error;
      progress.failed = 1;
      progress.errors.push({ tmdb_id: tmdbId, post_id: postId ?? null, message: describeError(error) });
      await this.syncLog?.add({ jobId: job.id, type, tmdbId, postId: postId ?? null, action: 'failed', message: describeError(error) });
      return { status: 'failed', message: describeError(error), progress };
    }
  }
}
