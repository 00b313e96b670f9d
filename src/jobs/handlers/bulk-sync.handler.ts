import { z } from 'zod';
import { LIBRARY_TYPES, LibraryType } from '../../repositories/library.repository';
import type { BulkSyncService } from '../../services/bulk-sync.service';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import { emptyProgress, JobRecord } from '../../domain/job';
import { bulkContext } from './bulk-context';
import { syncOptionsSchema } from './sync-title.handler';

export const syncTypeSchema = z.enum(['movie', 'tv', 'drama', 'person']);

export const bulkPayloadSchema = z.object({
  types: z.array(syncTypeSchema).min(1).optional(),
  limit: z.number().int().positive().optional(),
  options: syncOptionsSchema.optional(),
  /** Set when a schedule enqueued the job (weekly refresh). */
  schedule: z.string().max(32).optional(),
});

export type BulkPayload = z.infer<typeof bulkPayloadSchema>;

/** The library order, whatever order the request named the types in. */
export function orderedTypes(types?: readonly LibraryType[]): LibraryType[] {
  return types ? LIBRARY_TYPES.filter((t) => types.includes(t)) : [...LIBRARY_TYPES];
}

/** Queue identity of a bulk request: the same scope queued twice is one job. */
export function bulkObjectKey(payload: BulkPayload): string {
  const options = payload.options ? JSON.stringify(payload.options, Object.keys(payload.options).sort()) : '';
  return `bulk:${orderedTypes(payload.types).join(',')}:${payload.limit ?? 'all'}:${options}`.slice(0, 191);
}

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
