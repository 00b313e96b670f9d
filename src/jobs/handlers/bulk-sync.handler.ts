import type { BulkSyncService } from '../../services/bulk-sync.service';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import { emptyProgress, JobRecord } from '../../domain/job';
import { bulkContext } from './bulk-context';
import { bulkPayloadSchema, orderedTypes } from '../../domain/job-payloads';

/**
 * `bulk` (and the weekly `refresh`): every library item with a TMDb id,
 * synced in place by BulkSyncService; ends succeeded, partial, failed or cancelled.
 */
export class BulkSyncHandler implements JobHandler {
  constructor(private readonly bulk: BulkSyncService) {}

  async handle(job: JobRecord, context: JobContext): Promise<HandlerResult> {
    const parsed = bulkPayloadSchema.safeParse(job.payload);
    if (!parsed.success) {
      return { status: 'failed', message: `invalid payload: ${parsed.error.issues[0].message}`, progress: emptyProgress() };
    }
    const { types, limit, options } = parsed.data;
    const outcome = await this.bulk.runLibrary(orderedTypes(types), options ?? {}, bulkContext(job, context), limit);
    return { status: outcome.status, message: outcome.message, progress: outcome.progress };
  }
}
