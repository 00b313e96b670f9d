import type { BulkSyncService } from '../../services/bulk-sync.service';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import type { JobRecord } from '../../domain/job';
import { bulkContext } from './bulk-context';
import { BulkPayload, orderedTypes } from '../../domain/job-payloads';

/**
 * `bulk` (and the weekly `refresh`): every library item with a TMDb id,
 * synced in place by BulkSyncService; ends succeeded, partial, failed or cancelled.
 */
export class BulkSyncHandler implements JobHandler<BulkPayload> {
  constructor(private readonly bulk: BulkSyncService) {}

  async handle(job: JobRecord, context: JobContext, payload: BulkPayload): Promise<HandlerResult> {
    const { types, limit, options } = payload;
    const outcome = await this.bulk.runLibrary(orderedTypes(types), options ?? {}, bulkContext(job, context), limit);
    return { status: outcome.status, message: outcome.message, progress: outcome.progress };
  }
}
