import type { ImportService } from '../../services/import/import.service';
import { importPayloadSchema } from '../../domain/job-payloads';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import { emptyProgress, JobRecord } from '../../domain/job';
import { bulkContext } from './bulk-context';

/** `import`: one job for many titles; ends succeeded, partial (some items failed), failed or cancelled. */
export class ImportHandler implements JobHandler {
  constructor(private readonly imports: ImportService) {}

  async handle(job: JobRecord, context: JobContext): Promise<HandlerResult> {
    const parsed = importPayloadSchema.safeParse(job.payload);
    if (!parsed.success) {
      return { status: 'failed', message: `invalid payload: ${parsed.error.issues[0].message}`, progress: emptyProgress() };
    }
    const p = parsed.data;
    const outcome = await this.imports.run(
      { items: p.items.map((i) => ({ type: i.type, tmdbId: i.tmdb_id })), status: p.status, options: p.options ?? {}, resync: p.resync },
      bulkContext(job, context),
    );
    return { status: outcome.status, message: outcome.message, progress: outcome.progress };
  }
}
