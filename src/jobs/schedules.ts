/**
 * The daily incremental and weekly full syncs, on node-cron inside `serve`.
 * A tick enqueues a job (`changes` daily, `refresh` weekly) and waits for it to
 * end, so node-cron's noOverlap sees a run that is still going. A tick is also
 * skipped when the queue already holds a queued or running job of that type
 * (another process, a webhook, or a run that survived a restart). Every run and
 * every skip is recorded in tmu_sync_state (`schedule.<name>`) and tmu_sync_log
 * (type `schedule:<name>`).
 */
import cron, { RunCoordinator, ScheduledTask, TaskOptions } from 'node-cron';
import type { Logger } from 'pino';
import { ConfigError, describeError } from '../errors';
import type { JobRepository } from '../repositories/job.repository';
import type { SyncLogRepository } from '../repositories/sync-log.repository';
import type { SyncStateRepository } from '../repositories/sync-state.repository';
import type { HandlerResult, JobContext, JobHandler } from './job-worker';
import type { JobRecord } from '../domain/job';

export type ScheduleName = 'daily' | 'weekly';

export const SCHEDULE_JOB_TYPES: Record<ScheduleName, string> = { daily: 'changes', weekly: 'refresh' };
const OBJECT_KEYS: Record<ScheduleName, string> = { daily: 'changes:auto', weekly: 'refresh' };
const ENV_NAMES: Record<ScheduleName, string> = { daily: 'CRON_DAILY', weekly: 'CRON_WEEKLY' };
/** A long run survives a few restarts before it is failed. */
const SCHEDULED_MAX_ATTEMPTS = 10;
const FINAL = new Set(['succeeded', 'failed', 'partial', 'cancelled']);

export const scheduleStateKey = (name: string) => `schedule.${name}`;
export const scheduleLogType = (name: string) => `schedule:${name}`;

/** What tmu_sync_state `schedule.<name>` holds (JSON). */
export interface ScheduleRecord {
  cron?: string;
  timezone?: string;
  job_id?: number;
  last_run?: string;
  result?: string;
  done?: number;
  failed?: number;
  total?: number;
  message?: string | null;
  finished_at?: string;
  next_run?: string | null;
  last_skipped_at?: string;
  last_skipped_reason?: string;
}

export interface ScheduleRecorderDeps {
  state: SyncStateRepository;
  syncLog: SyncLogRepository;
}

export async function readScheduleRecord(state: SyncStateRepository, name: string): Promise<ScheduleRecord> {
  const raw = await state.get(scheduleStateKey(name));
  if (!raw) return {};
  try {
    return JSON.parse(raw) as ScheduleRecord;
  } catch {
    return {};
  }
}

async function mergeScheduleRecord(state: SyncStateRepository, name: string, patch: ScheduleRecord): Promise<void> {
  await state.set(scheduleStateKey(name), JSON.stringify({ ...(await readScheduleRecord(state, name)), ...patch }));
}

/** Wraps a handler so a job a schedule enqueued records its result, counts and end time. */
export function withScheduleRecord(inner: JobHandler, deps: ScheduleRecorderDeps): JobHandler {
  return {
    async handle(job: JobRecord, context: JobContext): Promise<HandlerResult> {
      const name = job.payload.schedule;
      if (typeof name !== 'string') return inner.handle(job, context);
      let result: HandlerResult;
      try {
        result = await inner.handle(job, context);
      } catch (error) {
        await mergeScheduleRecord(deps.state, name, { job_id: job.id, result: 'error', message: describeError(error) });
        throw error;
      }
      if (result.status === 'cancelled' && context.signal.reason === 'shutdown') return result; // it resumes later
      const status = result.status === 'skipped' ? 'succeeded' : result.status;
      const { done, failed, total } = result.progress;
      const finishedAt = new Date();
      await mergeScheduleRecord(deps.state, name, {
        job_id: job.id,
        result: status,
        done,
        failed,
        total,
        message: result.message ?? null,
        finished_at: finishedAt.toISOString(),
      });
      await deps.syncLog.add({ jobId: job.id, type: scheduleLogType(name), tmdbId: null, postId: null, action: status, message: result.message ?? null, at: finishedAt });
      return result;
    },
  };
}

export interface ScheduleDeps extends ScheduleRecorderDeps {
  jobs: JobRepository;
  logger: Logger;
  cron: { daily: string; weekly: string; timezone: string };
  /** How often a tick looks whether its job has ended. */
  pollMs?: number;
  /** REDIS_URL mode: one process of the cluster runs each tick. */
  coordinator?: RunCoordinator;
}

/** How long a claimed tick stays claimed: longer than any clock skew between sidecars. */
const TICK_CLAIM_MS = 10 * 60_000;

/** node-cron options that make a task run once per tick across every process sharing the coordinator. */
export function distributedTaskOptions(coordinator: RunCoordinator | undefined): Partial<TaskOptions> {
  return coordinator ? { distributed: true, runCoordinator: coordinator, distributedLease: TICK_CLAIM_MS } : {};
}

export interface FireResult {
  skipped: boolean;
  jobId: number | null;
  reason?: string;
}

/** Throws a ConfigError naming the variable when an expression or the timezone is not usable. */
export function validateSchedules(config: ScheduleDeps['cron']): void {
  for (const name of ['daily', 'weekly'] as const) {
    if (!cron.validate(config[name])) throw new ConfigError(`Invalid ${ENV_NAMES[name]}: not a cron expression: ${config[name]}`, ENV_NAMES[name]);
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: config.timezone });
  } catch {
    throw new ConfigError(`Invalid CRON_TZ: unknown time zone ${config.timezone}`, 'CRON_TZ');
  }
}

export class Schedules {
  private readonly tasks = new Map<ScheduleName, ScheduledTask>();
  private readonly waits = new Set<() => void>();
  private stopping = false;

  constructor(private readonly deps: ScheduleDeps) {}

  async start(): Promise<void> {
    validateSchedules(this.deps.cron);
    const log = this.deps.logger.child({ component: 'schedules' });
    const cronLogger = {
      info: (m: string) => log.debug(m),
      warn: (m: string) => log.debug(m), // overlaps are logged by our own handler below
      error: (m: string | Error) => log.error({ err: describeError(m) }, 'schedule error'),
      debug: (m: string | Error) => log.debug(String(m)),
    };
    for (const name of ['daily', 'weekly'] as const) {
      const task = cron.schedule(this.deps.cron[name], () => this.tick(name), {
        name: `tmu-${name}`,
        timezone: this.deps.cron.timezone,
        noOverlap: true,
        logger: cronLogger,
        ...distributedTaskOptions(this.deps.coordinator),
      });
      task.on('execution:overlap', () => void this.recordSkip(name, null, 'the previous run is still going'));
      task.on('execution:skipped', (context) => log.debug({ schedule: name, reason: context.reason }, 'tick taken by another sidecar'));
      this.tasks.set(name, task);
      await mergeScheduleRecord(this.deps.state, name, {
        cron: this.deps.cron[name],
        timezone: this.deps.cron.timezone,
        next_run: task.getNextRun()?.toISOString() ?? null,
      });
      log.info({ schedule: name, cron: this.deps.cron[name], next: task.getNextRun()?.toISOString() }, 'schedule registered');
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.waits) wake();
    for (const task of this.tasks.values()) await task.destroy();
    this.tasks.clear();
  }

  nextRun(name: ScheduleName): Date | null {
    return this.tasks.get(name)?.getNextRun() ?? null;
  }

  /** What a tick does: enqueue the run unless the last one is still going. */
  async fire(name: ScheduleName): Promise<FireResult> {
    const type = SCHEDULE_JOB_TYPES[name];
    const active = await this.deps.jobs.findActive([type]);
    if (active) {
      const reason = `the previous run (job ${active.id}) is still ${active.status}`;
      await this.recordSkip(name, active.id, reason);
      return { skipped: true, jobId: active.id, reason };
    }
    const now = new Date();
    const { job } = await this.deps.jobs.enqueue({
      type,
      payload: { schedule: name },
      objectKey: OBJECT_KEYS[name],
      maxAttempts: SCHEDULED_MAX_ATTEMPTS,
    });
    await mergeScheduleRecord(this.deps.state, name, {
      job_id: job.id,
      last_run: now.toISOString(),
      result: 'queued',
      message: null,
      next_run: this.nextRun(name)?.toISOString() ?? null,
    });
    await this.deps.syncLog.add({ jobId: job.id, type: scheduleLogType(name), tmdbId: null, postId: null, action: 'started', message: `${type} job ${job.id} queued`, at: now });
    this.deps.logger.info({ schedule: name, job: job.id }, 'scheduled run queued');
    return { skipped: false, jobId: job.id };
  }

  private async tick(name: ScheduleName): Promise<void> {
    try {
      const fired = await this.fire(name);
      // Waiting lets noOverlap see a run still going. With a coordinator the tick may be elected
      // on another process, so fire()'s check of the job table reports the overlap instead.
      if (!fired.skipped && fired.jobId !== null && !this.deps.coordinator) await this.waitForEnd(fired.jobId);
    } catch (error) {
      this.deps.logger.error({ schedule: name, err: describeError(error) }, 'scheduled run could not start');
    }
  }

  private async recordSkip(name: ScheduleName, jobId: number | null, reason: string): Promise<void> {
    try {
      this.deps.logger.warn({ schedule: name, job: jobId }, `scheduled ${name} run skipped: ${reason}`);
      const at = new Date();
      await this.deps.syncLog.add({ jobId, type: scheduleLogType(name), tmdbId: null, postId: null, action: 'skipped', message: reason, at });
      await mergeScheduleRecord(this.deps.state, name, { last_skipped_at: at.toISOString(), last_skipped_reason: reason });
    } catch (error) {
      this.deps.logger.error({ schedule: name, err: describeError(error) }, 'could not record a skipped run');
    }
  }

  private async waitForEnd(jobId: number): Promise<void> {
    while (!this.stopping) {
      const job = await this.deps.jobs.get(jobId);
      if (!job || FINAL.has(job.status)) return;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waits.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, this.deps.pollMs ?? 1_000);
        this.waits.add(wake);
      });
    }
  }
}
