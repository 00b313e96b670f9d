import type { RefreshListPayload } from '../../domain/job-payloads';
import { AppError, describeError } from '../../errors';
import type { ListService, RefreshOutcome } from '../../services/discovery/list.service';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import { emptyProgress, JobProgress, JobRecord } from '../../domain/job';

/** `list.refresh`: one curated list discovered again; its items replaced in one transaction. */
export class RefreshListHandler implements JobHandler<RefreshListPayload> {
  constructor(private readonly lists: ListService) {}

  async handle(_job: JobRecord, context: JobContext, payload: RefreshListPayload): Promise<HandlerResult> {
    const ref = 'list_id' in payload ? payload.list_id : payload.slug;
    return runRefresh(() => this.lists.refresh(ref, { signal: context.signal }));
  }
}

/** Runs a refresh as a job: typed, non-retryable errors fail the job; the rest is thrown to be retried. */
export async function runRefresh(refresh: () => Promise<RefreshOutcome>): Promise<HandlerResult> {
  try {
    return refreshResult(await refresh());
  } catch (error) {
    if (error instanceof AppError && !error.retryable) return failed(describeError(error));
    throw error;
  }
}

function refreshResult(outcome: RefreshOutcome): HandlerResult {
  const { list, plan, discovery, items } = outcome;
  const progress: JobProgress = emptyProgress(list.itemLimit);
  progress.done = items.length;
  progress.failed = discovery.errors.length;
  progress.errors = discovery.errors.map((e) => ({ tmdb_id: e.tmdbId, post_id: null, message: e.message }));
  const message = `list ${list.slug}: ${items.length} items (kept ${plan.kept}, added ${plan.added}, removed ${plan.removed})${outcome.changed ? '' : ', unchanged'}`;
  progress.log.push(message);
  if (discovery.skipped.adult) progress.log.push(`${discovery.skipped.adult} adult titles left out`);
  return { status: discovery.errors.length ? 'partial' : 'succeeded', message, progress };
}

function failed(message: string): HandlerResult {
  const progress = emptyProgress(1);
  progress.failed = 1;
  progress.errors.push({ tmdb_id: null, post_id: null, message });
  return { status: 'failed', message, progress };
}
