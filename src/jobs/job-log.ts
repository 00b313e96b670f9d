import type { JobRecord } from '../domain/job';

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
