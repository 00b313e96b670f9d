import type { ChangesPayload } from '../../domain/job-payloads';
import type { ChangesService } from '../../services/changes.service';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import type { JobRecord } from '../../domain/job';
import { bulkContext } from './bulk-context';

/** `changes`: the daily incremental sync (TMDb changes lists, or the fallback refresh). */
export class ChangesHandler implements JobHandler<ChangesPayload> {
  constructor(private readonly changes: ChangesService) {}

  async handle(job: JobRecord, context: JobContext, payload: ChangesPayload): Promise<HandlerResult> {
    const since = payload.since ? new Date(`${payload.since}T00:00:00Z`) : undefined;
    const outcome = await this.changes.run(bulkContext(job, context), { since });
    return { status: outcome.status, message: outcome.message, progress: outcome.progress };
  }
}
