import type { TitleCompletePayload } from '../../domain/job-payloads';
import type { JobRecord } from '../../domain/job';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import type { SyncTitleHandler } from './sync-title.handler';

/**
 * `title.complete`: a title an import or a bulk made live at the page stage, synced again whole
 * (the sync finds the post, terms, poster and rows the page stage made, and adds backdrops, stills,
 * logos, videos, people and credits; the people refresh follows as after any title sync).
 */
export class TitleCompleteHandler implements JobHandler<TitleCompletePayload> {
  constructor(private readonly titles: Pick<SyncTitleHandler, 'handle'>) {}

  handle(job: JobRecord, context: JobContext, payload: TitleCompletePayload): Promise<HandlerResult> {
    // No stage in the options: a sync is 'all' unless told otherwise.
    return this.titles.handle(job, context, { type: payload.type, tmdb_id: payload.tmdb_id, options: payload.options });
  }
}
