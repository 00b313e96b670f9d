import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ImportService, MAX_IMPORT_ITEMS } from '../../services/import/import.service';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import { emptyProgress, JobRecord } from '../../domain/job';
import { bulkContext } from './bulk-context';
import { syncOptionsSchema } from './sync-title.handler';

export const IMPORT_JOB = 'import';

/** POST /import and `tmu-sidecar import`, as queued. */
export const importPayloadSchema = z.object({
  items: z
    .array(z.object({ type: z.enum(['movie', 'tv', 'drama']), tmdb_id: z.number().int().positive() }).strict())
    .min(1, 'items must name at least one title')
    .max(MAX_IMPORT_ITEMS, `at most ${MAX_IMPORT_ITEMS} items per import`),
  status: z.enum(['draft', 'publish']).default('publish'),
  options: syncOptionsSchema.optional(),
  resync: z.boolean().default(false),
});

export type ImportPayload = z.output<typeof importPayloadSchema>;

/** Queue identity: the same request sent twice while the first is still queued is one job. */
export function importObjectKey(payload: ImportPayload): string {
  const items = payload.items.map((i) => `${i.type}:${i.tmdb_id}`).sort();
  const canonical = JSON.stringify([items, payload.status, payload.resync, payload.options ?? {}]);
  return `import:${createHash('sha256').update(canonical).digest('hex').slice(0, 40)}`;
}

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
