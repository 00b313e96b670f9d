import type { JobRecord } from '../../domain/job';

/** The job shape `GET /jobs/:id` answers (the plugin's job box reads it). */
export function presentJob(job: JobRecord) {
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    progress: { done: job.progress.done, failed: job.progress.failed, total: job.progress.total, ...(job.progress.step ? { step: job.progress.step } : {}) },
    errors: job.progress.errors,
    log: job.progress.log,
    error: job.error,
    attempts: job.attempts,
    created_at: job.createdAt.toISOString(),
    started_at: job.startedAt?.toISOString() ?? null,
    finished_at: job.finishedAt?.toISOString() ?? null,
  };
}
