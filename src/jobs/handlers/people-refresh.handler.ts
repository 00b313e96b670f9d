import type { PeopleRefreshPayload } from '../../domain/job-payloads';
import type { PeopleRefreshService } from '../../services/sync/people-refresh.service';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import { emptyProgress, JobRecord } from '../../domain/job';

/**
 * `people.refresh`: the details of people a title sync made from its credits.
 * People already fresh are skipped, so a retried or repeated job costs nothing.
 */
export class PeopleRefreshHandler implements JobHandler<PeopleRefreshPayload> {
  constructor(private readonly people: PeopleRefreshService) {}

  async handle(_job: JobRecord, context: JobContext, payload: PeopleRefreshPayload): Promise<HandlerResult> {
    const progress = emptyProgress(payload.ids.length);
    const result = await this.people.refresh(payload.ids, payload.portraits, {
      signal: context.signal,
      onProgress: (done, total) => {
        progress.total = total;
        progress.done = done;
        progress.step = `people ${done}/${total}`;
        void context.report(progress).catch(() => undefined);
      },
    });
    progress.done = result.refreshed;
    progress.failed = result.failed.length;
    progress.total = result.refreshed + result.failed.length;
    progress.errors = result.failed.map((f) => ({ tmdb_id: f.tmdbId, post_id: null, message: f.message }));
    if (context.signal.aborted) return { status: 'cancelled', message: 'stopped between rounds', progress };
    const message = `people details: ${result.refreshed} refreshed, ${result.skipped} already fresh, ${result.failed.length} failed`;
    return { status: 'succeeded', message, progress };
  }
}
