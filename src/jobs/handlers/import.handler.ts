import type { ImportService } from '../../services/import/import.service';
import type { ImportPayload } from '../../domain/job-payloads';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import type { JobRecord } from '../../domain/job';
import { bulkContext } from './bulk-context';

/** `import`: one job for many titles; ends succeeded, partial (some items failed), failed or cancelled. */
export class ImportHandler implements JobHandler<ImportPayload> {
  constructor(private readonly imports: ImportService) {}

  async handle(job: JobRecord, context: JobContext, p: ImportPayload): Promise<HandlerResult> {
    const outcome = await this.imports.run(
      {
        items: p.items.map((i) => ({ type: i.type, tmdbId: i.tmdb_id, ...(i.resync ? { resync: true } : {}) })),
        status: p.status,
        options: p.options ?? {},
        resync: p.resync,
      },
      bulkContext(job, context),
    );
    return { status: outcome.status, message: outcome.message, progress: outcome.progress };
  }
}
