/** What a job handler is given and returns, and the worker's options. */
import type { JobProgress, JobRecord, JobStatus } from '../domain/job';
import { TITLE_RETRY } from '../domain/retry-policy';

type HandlerStatus = Extract<JobStatus, 'succeeded' | 'failed' | 'partial' | 'cancelled'> | 'skipped';

export interface HandlerResult {
  status: HandlerStatus;
  message?: string;
  progress: JobProgress;
}

/** Why a running job's signal was aborted. */
export type AbortReason = 'cancelled' | 'lease-lost' | 'shutdown' | 'stalled';

export interface JobContext {
  /** Persists progress (throttled by the caller if it reports often); aborts the signal when the job is no longer ours. */
  report(progress: JobProgress): Promise<void>;
  /** One cheap read: false (and the signal aborted) when the job was cancelled or taken. Many-item handlers call it before each item. */
  stillHeld(): Promise<boolean>;
  /**
   * Aborted when the job is cancelled, its lease was lost or the worker shuts
   * down (signal.reason is an AbortReason). Handlers of many items stop at the
   * next item and return status 'cancelled' with the progress so far.
   */
  signal: AbortSignal;
}

/**
 * Handlers return a status; they throw only for what is worth retrying. The worker hands them
 * the payload validated by the job registry (domain/job-registry.ts).
 */
export interface JobHandler<P = Record<string, unknown>> {
  handle(job: JobRecord, context: JobContext, payload: P): Promise<HandlerResult>;
}

export interface WorkerOptions {
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  retryBaseMs: number;
  /** How often a running job renews its lease and looks for a cancel; default min(leaseMs / 3, 2 s). */
  heartbeatMs?: number;
  /**
   * An attempt that neither reports progress nor asks stillHeld() for this
   * long is abandoned: its lease is no longer renewed, its slot is freed and
   * the job is retried (a hung request must not hold a slot and a lease for ever).
   */
  stallMs: number;
  /** stop() waits this long for running jobs, then hands them back to the queue and returns. */
  stopGraceMs: number;
  /** A running job's counts are logged (`job progress`) at most this often; default 15 s. */
  progressLogMs?: number;
  /**
   * Slots of follow-up jobs (people details, the rest of imported titles): a lane of their own beside the
   * `concurrency` slots of other jobs, so they never hold a slot an import or a Sync now needs; default concurrency - 1 (at least one).
   */
  followUpSlots?: number;
  owner?: string;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  concurrency: 2,
  leaseMs: 60_000,
  pollMs: 500,
  retryBaseMs: TITLE_RETRY.baseMs,
  stallMs: 10 * 60_000,
  stopGraceMs: 20_000,
};

/** The two sets of job slots: follow-up jobs (people details, the rest of imported titles) and every other job. */
export type Lane = 'other' | 'followUp';
