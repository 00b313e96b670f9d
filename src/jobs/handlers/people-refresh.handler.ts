import { z } from 'zod';
import type { PeopleRefreshService } from '../../services/sync/people-refresh.service';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import { emptyProgress, JobRecord } from '../../domain/job';

export const peopleRefreshPayloadSchema = z.object({
  ids: z.array(z.number().int().positive()).max(20_000),
  portraits: z.array(z.number().int().positive()).default([]),
});

/**
 * `people.refresh`: the details of people a title sync made from its credits.
 * People already fresh are skipped, so a retried or repeated job costs nothing.
 */
export class PeopleRefreshHandler implements JobHandler {
  constructor(private readonly people: PeopleRefreshService) {}

  async handle(job: JobRecord, context: JobContext): Promise<HandlerResult> {
    const parsed = peopleRefreshPayloadSchema.safeParse(job.payload);
    if (!parsed.success) return { status: 'failed', message: `invalid payload: ${parsed.error.issues[0].message}`, progress: emptyProgress(0) };
    const progress = emptyProgress(parsed.data.ids.length);
    const result = await this.people.refresh(parsed.data.ids, parsed.data.portraits, {
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
