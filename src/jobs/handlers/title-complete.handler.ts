import { titlesOf, type CompletionTitle, type TitleCompletePayload } from '../../domain/job-payloads';
import { emptyProgress, type JobProgress, type JobRecord } from '../../domain/job';
import { backoff, retryDelayMs, TITLE_RETRY } from '../../domain/retry-policy';
import { AppError, describeError } from '../../errors';
import type { TitleSyncer } from '../../services/bulk-sync.service';
import type { PeopleFeed } from '../../services/sync/people-feed.service';
import { formatSyncResult } from '../../services/sync/sync.types';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';

export interface TitleCompleteOptions {
  /** Titles completed at once in this process, over all `title.complete` jobs (their look-ups, writes and uploads merge). */
  lanes: number;
  /** Titles one job completes at once (default `lanes`): with one job running (beside an import) it takes no more than that. */
  jobLanes?: number;
  /** First wait before a title is tried again after a transient error; default a sync job's (TITLE_RETRY.baseMs). */
  retryBaseMs?: number;
  observe?: (type: string, seconds: number, outcome: 'succeeded' | 'failed') => void;
  /**
   * Refreshes the people of the job's titles as they complete, alongside the titles still completing
   * (people.service's feed), which queues a `people.refresh` job only for the people its rounds left.
   * Absent: each title's sync queues their `people.refresh` job, which does them after the titles.
   */
  people?: { feed(signal: AbortSignal): PeopleFeed };
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
    // Set by a lane whose progress could not be saved; an object, so the check after the lanes sees it.
    const broken: { error?: Error } = {};
    const feed = this.options.people?.feed(context.signal);
    const lane = async () => {
      while (!context.signal.aborted && broken.error === undefined && next < todo.length) {
        const title = todo[next];
        next += 1;
        try {
          await this.complete(title, payload, context, progress, feed);
          await context.report({ ...progress, log: [...progress.log], errors: [...progress.errors] });
        } catch (error) {
          // The progress could not be saved: stop, the job is retried and resumes.
          broken.error = error instanceof Error ? error : new AppError('PROGRESS_NOT_SAVED', 'The job progress could not be saved.', { cause: error, retryable: true });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, this.options.jobLanes ?? this.options.lanes), todo.length) }, lane));
    // The people rounds end with the job (a stopped job's rounds stop between rounds); what they leave is still due.
    await feed?.finish();
    if (broken.error) throw broken.error;
    return { status: statusOf(progress, context.signal.aborted), message: summary(progress, titles.length), progress };
  }

  private async complete(title: CompletionTitle, payload: TitleCompletePayload, context: JobContext, progress: JobProgress, feed?: PeopleFeed): Promise<void> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await this.withLane(() => this.syncWithRetries(title, payload, context.signal, !!feed));
      this.options.observe?.(title.type, seconds(), 'succeeded');
      if (feed && result.peopleToRefresh) feed.add(result.peopleToRefresh.ids, result.peopleToRefresh.portraits);
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
  private async syncWithRetries(title: CompletionTitle, payload: TitleCompletePayload, signal: AbortSignal, feedPeople: boolean) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        // No stage in the options: a sync is 'all' unless told otherwise. With a feed, the feed does the people.
        return await this.titles.sync(title.type, title.tmdb_id, { ...payload.options, ...(feedPeople ? { peopleByCaller: true } : {}) });
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
