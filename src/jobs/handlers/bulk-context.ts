import type { BulkRunContext } from '../../services/bulk-sync.service';
import type { JobContext } from '../job-worker';
import type { JobRecord } from '../../domain/job';

/** A job seen by the many-item services: its id, first start, signal, reports and saved progress. */
export function bulkContext(job: JobRecord, context: JobContext): BulkRunContext {
  return {
    jobId: job.id,
    startedAt: job.startedAt ?? new Date(),
    signal: context.signal,
    stillHeld: () => context.stillHeld(),
    report: (progress) => context.report(progress),
    previous: job.progress,
  };
}
