import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError, describeError, JobStalledError } from '../errors';
import type { ClaimTypes, JobRepository, LeaseState } from '../repositories/job.repository';
import { AttemptWatch, watchAttempt } from './attempt-watch';
import { durationSince, jobLogFields, progressCounts, progressLogger } from './job-log';
import { emptyProgress, JobRecord, JobStatus } from '../domain/job';
import { isFollowUpJob, isJobType, parseJobPayload } from '../domain/job-registry';
import { JobSlots } from './job-slots';
import { retryDelayMs } from '../domain/retry-policy';
import { DEFAULT_WORKER_OPTIONS } from './job-worker.types';
import type { AbortReason, HandlerResult, JobContext, JobHandler, Lane, WorkerOptions } from './job-worker.types';

export type { HandlerResult, JobContext, JobHandler, WorkerOptions } from './job-worker.types';

/**
 * Pulls jobs from the durable queue with a lease, heartbeats while a job runs,
 * retries with backoff what the handler threw as retryable, and records the end state.
 * A cancelled job is acknowledged with its final progress; on stop(), jobs that
 * stopped early go back to the queue and resume later.
 */
export class JobWorker {
  readonly owner: string;
  private readonly options: WorkerOptions;
  private running = new Set<Promise<void>>();
  private readonly slots: JobSlots;
  private readonly controllers = new Set<AbortController>();
  /** Jobs being executed, with the progress they last reported (stop() hands them back with it). */
  private readonly active = new Map<number, JobRecord>();
  private readonly heartbeats = new Set<NodeJS.Timeout>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private ticking = false;
  /** A job became runnable while a poll was in flight: poll again at once instead of after pollMs. */
  private nudged = false;

  constructor(
    private readonly jobs: JobRepository,
    private readonly handlers: Record<string, JobHandler>,
    private readonly logger: Logger,
    options: Partial<WorkerOptions> = {},
  ) {
    this.options = { ...DEFAULT_WORKER_OPTIONS, ...options };
    this.owner = this.options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.slots = new JobSlots(this.options.concurrency, Math.max(1, this.options.followUpSlots ?? this.options.concurrency - 1));
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /**
   * Stops claiming, asks running jobs to stop at their next item, and waits
   * for them at most stopGraceMs; jobs still running then go back to the queue.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.slots.wakeAll();
    for (const controller of this.controllers) if (!controller.signal.aborted) controller.abort('shutdown' satisfies AbortReason);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.options.stopGraceMs)));
    const ended = await Promise.race([Promise.allSettled([...this.running]).then(() => 'ended' as const), grace]);
    clearTimeout(timer);
    if (ended === 'ended') return;
    // A job that never ends must not keep its heartbeat (and so the process) alive.
    for (const heartbeat of this.heartbeats) clearInterval(heartbeat);
    this.heartbeats.clear();
    for (const job of [...this.active.values()]) {
      this.active.delete(job.id);
      const released = await this.jobs.release(job.id, this.owner, job.progress).catch((error: unknown) => {
        this.logger.error({ job: job.id, err: describeError(error) }, 'could not hand a running job back at shutdown; its lease will expire');
        return false;
      });
      this.logger.error({ job: job.id, type: job.type, released }, `job still running ${this.options.stopGraceMs} ms after shutdown began; handed back to the queue`);
    }
  }

  /** A job queued in this process is due now: claim it without waiting for the next poll. */
  nudge(): void {
    if (this.stopped) return;
    if (this.ticking) this.nudged = true;
    else this.schedule(0);
  }

  /** Claims and runs at most one job; resolves when it has ended. */
  async runOnce(): Promise<boolean> {
    const job = await this.jobs.claimNext(this.owner, this.options.leaseMs, undefined, this.slots.claimable());
    if (!job) return false;
    await this.track(this.execute(job), this.slots.occupy(job.type));
    return true;
  }

  /** Runs this job here if it is runnable (the CLI's foreground jobs); false when another worker has it. */
  async runJob(id: number): Promise<boolean> {
    const job = await this.jobs.claim(id, this.owner, this.options.leaseMs);
    if (!job) return false;
    await this.track(this.execute(job), this.slots.occupy(job.type));
    return true;
  }

  /**
   * A job another process announced (Redis mode): waits for a free slot in its own lane, then
   * runs it here unless it is no longer runnable (done, taken, or its object busy) or it is a
   * follow-up whose lane is full of running jobs; the poll picks those up later.
   */
  async runDispatched(id: number): Promise<boolean> {
    const announced = await this.jobs.get(id);
    if (!announced || announced.status !== 'queued') return false;
    const lane: Lane = isFollowUpJob(announced.type) ? 'followUp' : 'other';
    while (!this.slots.laneFree(lane)) {
      // A follow-up waiting here would hold a dispatch consumer an import needs: the poll starts it later.
      if (this.stopped || (lane === 'followUp' && this.slots.filledByRunning(lane))) return false;
      await this.slots.changed();
    }
    if (this.stopped) return false;
    const claimed = await this.claimInSlot((types) => this.jobs.claim(id, this.owner, this.options.leaseMs, undefined, types), lane);
    if (!claimed) return false;
    await this.track(this.execute(claimed.job), claimed.vacate);
    return true;
  }

  /**
   * Holds a slot while the claim is in flight (in both lanes when its type is not known yet), and
   * turns it into the job's slot in the same step, so no other claim sees the slot free in between.
   */
  private async claimInSlot(claim: (types: ClaimTypes) => Promise<JobRecord | null>, lane?: Lane): Promise<{ job: JobRecord; vacate: () => void } | null> {
    const types = lane === undefined ? this.slots.claimable() : JobSlots.typesOf(lane);
    const release = this.slots.reserve(lane);
    try {
      const job = await claim(types);
      return job ? { job, vacate: this.slots.occupy(job.type) } : null;
    } finally {
      release();
    }
  }

  /** Keeps the run while it is going; vacate frees its slot at the end. */
  private track(run: Promise<void>, vacate: () => void): Promise<void> {
    const tracked = run.finally(() => {
      this.running.delete(tracked);
      vacate();
    });
    this.running.add(tracked);
    return tracked;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    if (this.ticking) return; // the running tick reschedules itself
    this.ticking = true;
    try {
      while (!this.stopped && this.slots.anyFree()) {
        const claimed = await this.claimInSlot((types) => this.jobs.claimNext(this.owner, this.options.leaseMs, undefined, types));
        if (!claimed) break;
        const { job, vacate } = claimed;
        this.track(this.execute(job), vacate)
          .catch((error: unknown) => this.logger.error({ job: job.id, err: describeError(error) }, 'could not record the end of a job'))
          .finally(() => this.schedule(0));
      }
    } catch (error) {
      this.logger.error({ err: describeError(error) }, 'job queue poll failed');
    } finally {
      this.ticking = false;
    }
    this.schedule(this.nudged ? 0 : this.options.pollMs);
    this.nudged = false;
  }

  private async execute(job: JobRecord): Promise<void> {
    const controller = new AbortController();
    this.controllers.add(controller);
    const log = this.logger.child(jobLogFields(job));
    const startedAt = Date.now();
    log.info('job started');
    const onLease = (state: LeaseState) => {
      if (state === 'held' || controller.signal.aborted) return;
      controller.abort((state === 'cancelled' ? 'cancelled' : 'lease-lost') satisfies AbortReason);
    };
    const { leaseMs, heartbeatMs, stallMs } = this.options;
    const watch = watchAttempt({ jobs: this.jobs, owner: this.owner, leaseMs, heartbeatMs, stallMs, timers: this.heartbeats }, job, controller, onLease, log);
    this.active.set(job.id, job);
    try {
      const outcome = await this.run(job, controller, onLease, watch, log, startedAt);
      if (outcome) await this.record(job, outcome, controller.signal, log.child(durationSince(startedAt)));
    } catch (error) {
      await this.retryOrFail(job, error, log, startedAt);
    } finally {
      watch.stop();
      this.controllers.delete(controller);
      this.active.delete(job.id);
    }
  }

  /** The handler's result, or null when the job ended without one (no handler, a payload the registry refuses). */
  private async run(
    job: JobRecord,
    controller: AbortController,
    onLease: (state: LeaseState) => void,
    watch: AttemptWatch,
    log: Logger,
    startedAt: number,
  ): Promise<HandlerResult | null> {
    const handler = this.handlers[job.type];
    if (!handler) {
      await this.jobs.finish(job.id, this.owner, 'failed', job.progress, `no handler for job type ${job.type}`);
      log.error(durationSince(startedAt), 'job failed: no handler for its type');
      return null;
    }
    // Registered types are validated again here (the row may predate a schema change); test-only types pass as stored.
    const parsed = isJobType(job.type) ? parseJobPayload(job.type, job.payload) : { ok: true as const, payload: job.payload };
    if (!parsed.ok) return { status: 'failed', message: parsed.message, progress: emptyProgress() };
    const logProgress = progressLogger(log, this.options.progressLogMs);
    const context: JobContext = {
      report: async (progress) => {
        watch.touch();
        logProgress(progress);
        this.active.set(job.id, { ...job, progress });
        onLease(await this.jobs.saveProgress(job.id, this.owner, progress));
      },
      stillHeld: async () => {
        watch.touch();
        if (!controller.signal.aborted) onLease(await this.jobs.leaseState(job.id, this.owner));
        return !controller.signal.aborted;
      },
      signal: controller.signal,
    };
    const attempt = handler.handle(job, context, parsed.payload);
    const outcome = await Promise.race([attempt, watch.abandoned]);
    if (outcome !== 'stalled') return outcome;
    // The handler may still wake up: whatever it ends with is logged, never recorded (the lease is gone).
    attempt.then(
      (late) => log.warn({ status: late.status }, 'an abandoned job attempt ended after all'),
      (error: unknown) => log.warn({ err: describeError(error) }, 'an abandoned job attempt failed after all'),
    );
    log.error({ stallMs: this.options.stallMs }, 'job made no progress; its attempt is abandoned and its slot freed');
    throw new JobStalledError(`no progress for ${Math.round(this.options.stallMs / 1000)} s; the attempt was abandoned`);
  }

  /** A thrown error: retried later while attempts remain and it is retryable, else the job fails. */
  private async retryOrFail(job: JobRecord, error: unknown, log: Logger, startedAt: number): Promise<void> {
    const message = describeError(error);
    const retryable = error instanceof AppError ? error.retryable : true;
    let recorded: boolean;
    if (retryable && job.attempts < job.maxAttempts) {
      const delay = retryDelayMs(job.attempts - 1, this.options.retryBaseMs);
      recorded = await this.jobs.retryLater(job.id, this.owner, new Date(Date.now() + delay), message);
      log.warn({ err: message, ...durationSince(startedAt) }, 'job failed; it will be retried');
    } else {
      recorded = await this.jobs.finish(job.id, this.owner, 'failed', job.progress, message);
      log.error({ err: message, ...durationSince(startedAt) }, 'job failed');
    }
    // Cancelled meanwhile: acknowledge, so its object lock is released now.
    if (!recorded) await this.jobs.settleCancelled(job.id, this.owner, job.progress);
  }

  private async record(job: JobRecord, result: HandlerResult, signal: AbortSignal, log: Logger): Promise<void> {
    const reason = signal.aborted ? (signal.reason as AbortReason) : null;
    if (result.status === 'cancelled' && reason === 'shutdown') {
      if (await this.jobs.release(job.id, this.owner, result.progress)) log.info('job stopped for shutdown; it goes back to the queue');
      else await this.jobs.settleCancelled(job.id, this.owner, result.progress); // cancelled meanwhile
      return;
    }
    const status: JobStatus = result.status === 'skipped' ? 'succeeded' : result.status;
    const error = status === 'failed' ? (result.message ?? 'failed') : null;
    if (await this.jobs.finish(job.id, this.owner, status, result.progress, error)) {
      if (status === 'failed') log.error({ status: result.status, err: error }, 'job failed');
      else log.info({ status: result.status, message: result.message, ...progressCounts(result.progress) }, 'job ended');
    } else if (await this.jobs.settleCancelled(job.id, this.owner, result.progress)) {
      log.info({ done: result.progress.done }, 'job cancelled');
    } else {
      log.warn('job lease was lost before it ended; another worker has it');
    }
  }
}
