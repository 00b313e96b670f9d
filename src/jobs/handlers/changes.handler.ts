import { z } from 'zod';
import type { ChangesService } from '../../services/changes.service';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import { emptyProgress, JobRecord } from '../../domain/job';
import { bulkContext } from './bulk-context';

/** A calendar day, not in the future. */
export const sinceSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2024-05-01')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'must be a real date')
  .refine((s) => Date.parse(`${s}T00:00:00Z`) <= Date.now(), 'must not be in the future');

export const changesPayloadSchema = z.object({
  since: sinceSchema.optional(),
  /** Set when a schedule enqueued the job (daily run). */
  schedule: z.string().max(32).optional(),
});

export const changesObjectKey = (since?: string) => `changes:${since ?? 'auto'}`;

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
