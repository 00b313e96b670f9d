export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'partial' | 'cancelled';

export interface JobError {
  tmdb_id: number | null;
  post_id: number | null;
  message: string;
}

export interface JobProgress {
  done: number;
  failed: number;
  total: number;
  errors: JobError[];
  /** Rolling log of the last items, newest last. */
  log: string[];
  /** Where a job is inside its current item, e.g. "people 120/258" or "season 4/8". */
  step?: string;
  /** Where a long job resumes after a restart (handler-owned; not part of GET /jobs). */
  checkpoint?: Record<string, unknown>;
}

export interface JobRecord {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  progress: JobProgress;
  error: string | null;
  deliveryId: string | null;
  objectKey: string | null;
  runAt: Date;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface EnqueueInput {
  type: string;
  payload: Record<string, unknown>;
  deliveryId?: string | null;
  /** Jobs with the same object key never run at the same time, and a queued duplicate is reused. */
  objectKey?: string | null;
  maxAttempts?: number;
  runAt?: Date;
}

export const emptyProgress = (total = 0): JobProgress => ({ done: 0, failed: 0, total, errors: [], log: [] });
