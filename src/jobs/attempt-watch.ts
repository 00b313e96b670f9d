import type { Logger } from 'pino';
import { describeError } from '../errors';
import type { JobRecord } from '../domain/job';
import type { JobRepository, LeaseState } from '../repositories/job.repository';
import type { AbortReason } from './job-worker.types';

/** One attempt's lease renewal and stall watch. */
export interface AttemptWatch {
  /** Resolves when the attempt made no progress for stallMs. */
  abandoned: Promise<'stalled'>;
  /** Progress was made. */
  touch(): void;
  stop(): void;
}

export interface AttemptWatchDeps {
  jobs: Pick<JobRepository, 'heartbeat'>;
  owner: string;
  leaseMs: number;
  /** Default min(leaseMs / 3, 2 s). */
  heartbeatMs?: number;
  stallMs: number;
  /** The worker's running heartbeats, so a stop that gives up can clear them. */
  timers: Set<NodeJS.Timeout>;
}

/** Renews the lease while the job runs; gives up on an attempt with no progress for stallMs. */
export function watchAttempt(deps: AttemptWatchDeps, job: JobRecord, controller: AbortController, onLease: (state: LeaseState) => void, log: Logger): AttemptWatch {
  const heartbeatMs = deps.heartbeatMs ?? Math.min(2_000, Math.floor(deps.leaseMs / 3));
  let lastActivity = Date.now();
  let abandon: (reason: 'stalled') => void = () => undefined;
  const abandoned = new Promise<'stalled'>((resolve) => (abandon = resolve));
  const heartbeat = setInterval(
    () => {
      if (Date.now() - lastActivity > deps.stallMs) {
        clearInterval(heartbeat);
        controller.abort('stalled' satisfies AbortReason);
        abandon('stalled');
        return;
      }
      deps.jobs.heartbeat(job.id, deps.owner, deps.leaseMs).then(onLease, (error: unknown) => log.warn({ err: describeError(error) }, 'heartbeat failed'));
    },
    Math.max(50, heartbeatMs),
  );
  deps.timers.add(heartbeat);
  return {
    abandoned,
    touch: () => {
      lastActivity = Date.now();
    },
    stop: () => {
      clearInterval(heartbeat);
      deps.timers.delete(heartbeat);
    },
  };
}
