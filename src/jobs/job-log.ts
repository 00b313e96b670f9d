import type { Logger } from 'pino';
import type { JobProgress, JobRecord } from '../domain/job';

/** What an operator filters job log lines by: the job, its type, what it works on, and which attempt this is. */
export interface JobLogFields {
  job: number;
  type: string;
  target: string | null;
  attempt: number;
}

/** The fields every log line of a running job carries (never the payload: it may hold free text). */
export function jobLogFields(job: JobRecord): JobLogFields {
  const keyword = job.payload.keyword;
  const target = job.objectKey ?? (typeof keyword === 'string' ? `keyword:${keyword.slice(0, 80)}` : null);
  return { job: job.id, type: job.type, target, attempt: job.attempts };
}

/** Milliseconds since `startedAt`, as the `duration_ms` field of a job's end line. */
export function durationSince(startedAt: number): { duration_ms: number } {
  return { duration_ms: Date.now() - startedAt };
}

/** A job's end-line counts: items done, failed and in all (what a person watching `serve` reads). */
export function progressCounts(progress: JobProgress): { done: number; failed: number; total: number } {
  return { done: progress.done, failed: progress.failed, total: progress.total };
}

/** Default: a running job's counts are logged at most every 15 s (a person sees an import move, a log is not flooded). */
const PROGRESS_LOG_MS = 15_000;

/**
 * A `job progress` info line with the counts, at most once per `intervalMs` and only when the
 * counts changed; the first report of a job waits one interval (short jobs log only start and end).
 */
export function progressLogger(log: Pick<Logger, 'info'>, intervalMs: number = PROGRESS_LOG_MS, now: () => number = Date.now): (progress: JobProgress) => void {
  let last = now();
  let lastKey = '';
  return (progress) => {
    const counts = progressCounts(progress);
    const key = `${counts.done}/${counts.failed}/${counts.total}`;
    if (now() - last < intervalMs || key === lastKey || counts.total === 0) return;
    last = now();
    lastKey = key;
    log.info(counts, 'job progress');
  };
}
