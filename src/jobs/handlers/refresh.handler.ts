import type { BulkSyncService } from '../../services/bulk-sync.service';
import type { OrphanSweepService } from '../../services/orphan-sweep.service';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import type { JobRecord } from '../../domain/job';
import { bulkContext } from './bulk-context';
import { BulkPayload, orderedTypes } from '../../domain/job-payloads';

/**
 * The weekly `refresh`: first the orphan sweep (rows of posts deleted in WordPress
 * while no post.deleted webhook reached us), then every library item synced in
 * place. What the sweep did opens the job's log (and, unless clean, ends the result message).
 */
export class RefreshHandler implements JobHandler<BulkPayload> {
  constructor(
    private readonly bulk: BulkSyncService,
    private readonly sweep: OrphanSweepService,
  ) {}

  async handle(job: JobRecord, context: JobContext, payload: BulkPayload): Promise<HandlerResult> {
    const { types, limit, options } = payload;
    // A run resumed from its checkpoint swept before its first item.
    const swept = job.progress.checkpoint ? null : await this.sweep.sweep({ jobId: job.id, signal: context.signal, onProgress: () => context.stillHeld() });
    const outcome = await this.bulk.runLibrary(orderedTypes(types), options ?? {}, bulkContext(job, context), limit, swept ? [swept.message] : []);
    // A clean sweep stays in the log; one that removed, refused or could not ask is part of the result.
    const message = swept && swept.status !== 'clean' ? `${outcome.message}; ${swept.message}` : outcome.message;
    return { status: outcome.status, message, progress: outcome.progress };
  }
}
