import { titlesOf, type CompletionTitle, type TitleCompletePayload } from '../../domain/job-payloads';
import { emptyProgress, type JobProgress, type JobRecord } from '../../domain/job';
import { backoff, retryDelayMs, TITLE_RETRY } from '../../domain/retry-policy';
import { AppError, describeError } from '../../errors';
import type { TitleSyncer } from '../../services/bulk-sync.service';
import { formatSyncResult } from '../../services/sync/sync.types';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';

export interface TitleCompleteOptions {
  /** Titles completed at once in this process, over all `title.complete` jobs (their look-ups, writes and uploads merge). */
  lanes: number;
  /** First wait before a title is tried again after a transient error; default a sync job's (TITLE_RETRY.baseMs). */
  retryBaseMs?: number;
  observe?: (type: string, seconds: number, outcome: 'succeeded' | 'failed') => void;
}

/** Where a retried job resumes: the titles an earlier attempt completed. */
interface CompleteCheckpoint {
  completed: string[];
}

const keyOf = (t: CompletionTitle) => `${t.type}:${t.tmdb_id}`;

/** A title is tried as often as a sync job or an import item. */
const TITLE_RETRIES = TITLE_RETRY.attempts - 1;

/**
 * `title.complete`: titles an import or a bulk made live at the page stage, synced again whole (the
 * sync finds the post, terms, poster and rows the page stage made, and adds backdrops, stills, logos,
 * videos, people and credits; the people refresh follows as after any title sync). A job holds the
 * titles merged into it while it waited and completes several at once, so their WordPress requests
 * are shared; a title that fails is tried again and then recorded as failed, the others go on.
 */
export class TitleCompleteHandler implements JobHandler<TitleCompletePayload> {
  private readonly retryBaseMs: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly titles: TitleSyncer,
    private readonly options: TitleCompleteOptions,
  ) {
    this.retryBaseMs = options.retryBaseMs ?? TITLE_RETRY.baseMs;
  }

  async handle(job: JobRecord, context: JobContext, payload: TitleCompletePayload): Promise<HandlerResult> {
    const titles = titlesOf(payload);
    const earlier = new Set((job.progress?.checkpoint as CompleteCheckpoint | undefined)?.completed ?? []);
    const completed = titles.map(keyOf).filter((k) => earlier.has(k));
    const progress: JobProgress = { ...emptyProgress(titles.length), done: completed.length, checkpoint: { completed } };
    const todo = titles.filter((t) => !earlier.has(keyOf(t)));
    let next = 0;
    let broken: unknown = null;
    const lane = async () => {
      while (!context.signal.aborted && broken === null && next < todo.length) {
        const title = todo[next];
        next += 1;
        try {
          await this.complete(title, payload, context, progress);
          await context.report({ ...progress, log: [...progress.log], errors: [...progress.errors] });
        } catch (error) {
          broken = error; // the progress could not be saved: stop, the job is retried and resumes
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, this.options.lanes), todo.length) }, lane));
    if (broken !== null) throw broken;
    return { status: statusOf(progress, context.signal.aborted), message: summary(progress, titles.length), progress };
  }

  private async complete(title: CompletionTitle, payload: TitleCompletePayload, context: JobContext, progress: JobProgress): Promise<void> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await this.withLane(() => this.syncWithRetries(title, payload, context.signal));
      this.options.observe?.(title.type, seconds(), 'succeeded');
      progress.done += 1;
      (progress.checkpoint as unknown as CompleteCheckpoint).completed.push(keyOf(title));
      progress.log = [...progress.log, formatSyncResult(result)].slice(-50);
    } catch (error) {
      this.options.observe?.(title.type, seconds(), 'failed');
      progress.failed += 1;
      progress.errors.push({ tmdb_id: title.tmdb_id, post_id: null, message: describeError(error) });
    }
  }

  /** Transient trouble (a rate limit, WordPress down for a while) is tried again, per TITLE_RETRY. */
  private async syncWithRetries(title: CompletionTitle, payload: TitleCompletePayload, signal: AbortSignal) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        // No stage in the options: a sync is 'all' unless told otherwise.
        return await this.titles.sync(title.type, title.tmdb_id, { ...payload.options });
      } catch (error) {
        if (!(error instanceof AppError && error.retryable) || attempt >= TITLE_RETRIES || signal.aborted) throw error;
        await backoff(retryDelayMs(attempt, this.retryBaseMs), signal);
        if (signal.aborted) throw error;
      }
    }
  }

  /** At most `lanes` titles at once in the process, whichever jobs they belong to. */
  private async withLane<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= Math.max(1, this.options.lanes)) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await fn();
    } finally {
      const wake = this.waiting.shift();
      if (wake) wake();
      else this.running -= 1;
    }
  }
}

function statusOf(progress: JobProgress, aborted: boolean): HandlerResult['status'] {
  if (aborted) return 'cancelled';
  if (progress.failed === 0) return 'succeeded';
  return progress.done === 0 ? 'failed' : 'partial';
}

function summary(progress: JobProgress, total: number): string {
  if (total === 1 && progress.log.length === 1 && progress.failed === 0) return progress.log[0];
  return `${progress.done} of ${total} titles completed, ${progress.failed} failed`;
}
