import { changesPayloadSchema } from '../../domain/job-payloads';
import type { ChangesService } from '../../services/changes.service';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import { emptyProgress, JobRecord } from '../../domain/job';
import { bulkContext } from './bulk-context';

/** `changes`: the daily incremental sync (TMDb changes lists, or the fallback refresh). */
export class ChangesHandler implements JobHandler {
  constructor(private readonly changes: ChangesService) {}

  async handle(job: JobRecord, context: JobContext): Promise<HandlerResult> {
    const parsed = changesPayloadSchema.safeParse(job.payload);
    if (!parsed.success) {
      return { status: 'failed', message: `invalid payload: ${parsed.error.issues[0].message}`, progress: emptyProgress() };
    }
    const since = parsed.data.since ? new Date(`${parsed.data.since}T00:00:00Z`) : undefined;
    const outcome = await this.changes.run(bulkContext(job, context), { since });
    return { status: outcome.status, message: outcome.message, progress: outcome.progress };
  }
}
