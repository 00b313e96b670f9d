/**
 * The daily incremental and weekly full syncs, on node-cron inside `serve`.
 * A tick enqueues a job (`changes` daily, `refresh` weekly) unless the queue
 * already holds a queued or running job of that type: the one overlap check,
 * which sees this process's last run, another process's, a webhook's and a run
 * that survived a restart alike. Every run and every skip is recorded in
 * tmu_sync_state (`schedule.<name>`) and tmu_sync_log (type `schedule:<name>`).
 */
import cron, { RunCoordinator, ScheduledTask, TaskOptions } from 'node-cron';
import type { Logger } from 'pino';
import { ConfigError, describeError } from '../errors';
import type { JobRepository } from '../repositories/job.repository';
import type { SyncLogRepository } from '../repositories/sync-log.repository';
import type { SyncStateRepository } from '../repositories/sync-state.repository';
import type { HandlerResult, JobContext, JobHandler } from './job-worker';
import type { JobRecord } from '../domain/job';
import { jobInput, JobType } from '../domain/job-registry';

export type ScheduleName = 'daily' | 'weekly';

const SCHEDULE_JOB_TYPES = { daily: 'changes', weekly: 'refresh' } as const satisfies Record<ScheduleName, JobType>;
const ENV_NAMES: Record<ScheduleName, string> = { daily: 'CRON_DAILY', weekly: 'CRON_WEEKLY' };

const scheduleStateKey = (name: string) => `schedule.${name}`;
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
export function withScheduleRecord<P extends { schedule?: string }>(inner: JobHandler<P>, deps: ScheduleRecorderDeps): JobHandler<P> {
  return {
    async handle(job: JobRecord, context: JobContext, payload: P): Promise<HandlerResult> {
      const name = payload.schedule;
      if (typeof name !== 'string') return inner.handle(job, context, payload);
      let result: HandlerResult;
      try {
        result = await inner.handle(job, context, payload);
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
  /** REDIS_URL mode: one process of the cluster runs each tick. */
  coordinator?: RunCoordinator;
  /** JOB_RETENTION_DAYS: the daily run deletes ended jobs and log rows older than this. Unset, nothing is deleted. */
  retentionDays?: number;
}

export interface PruneResult {
  jobs: number;
  logRows: number;
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
function validateSchedules(config: ScheduleDeps['cron']): void {
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

  constructor(private readonly deps: ScheduleDeps) {}

  async start(): Promise<void> {
    validateSchedules(this.deps.cron);
    const log = this.deps.logger.child({ component: 'schedules' });
    const cronLogger = {
      info: (m: string) => log.debug(m),
      warn: (m: string) => log.debug(m),
      error: (m: string | Error) => log.error({ err: describeError(m) }, 'schedule error'),
      debug: (m: string | Error) => log.debug(String(m)),
    };
    for (const name of ['daily', 'weekly'] as const) {
      const task = cron.schedule(this.deps.cron[name], () => this.tick(name), {
        name: `tmu-${name}`,
        timezone: this.deps.cron.timezone,
        logger: cronLogger,
        ...distributedTaskOptions(this.deps.coordinator),
      });
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
    for (const task of this.tasks.values()) await task.destroy();
    this.tasks.clear();
  }

  nextRun(name: ScheduleName): Date | null {
    return this.tasks.get(name)?.getNextRun() ?? null;
  }

  /** What a tick does: enqueue the run unless the last one is still going; the daily one also prunes old history. */
  async fire(name: ScheduleName): Promise<FireResult> {
    if (name === 'daily') await this.pruneHistory();
    const type = SCHEDULE_JOB_TYPES[name];
    const active = await this.deps.jobs.findActive([type]);
    if (active) {
      const reason = `the previous run (job ${active.id}) is still ${active.status}`;
      await this.recordSkip(name, active.id, reason);
      return { skipped: true, jobId: active.id, reason };
    }
    const now = new Date();
    const { job } = await this.deps.jobs.enqueue(jobInput(type, { schedule: name }));
    // "Run now" comes through the HTTP process, which may hold no timers: the next run the scheduler recorded stays.
    const next = this.nextRun(name);
    await mergeScheduleRecord(this.deps.state, name, {
      job_id: job.id,
      last_run: now.toISOString(),
      result: 'queued',
      message: null,
      ...(next ? { next_run: next.toISOString() } : {}),
    });
    await this.deps.syncLog.add({
      jobId: job.id,
      type: scheduleLogType(name),
      tmdbId: null,
      postId: null,
      action: 'started',
      message: `${type} job ${job.id} queued`,
      at: now,
    });
    this.deps.logger.info({ schedule: name, job: job.id }, 'scheduled run queued');
    return { skipped: false, jobId: job.id };
  }

  /** Deletes ended jobs and log rows older than the retention; a failure is logged and leaves the run to go on. */
  async pruneHistory(now = new Date()): Promise<PruneResult | null> {
    if (this.deps.retentionDays === undefined) return null;
    const before = new Date(now.getTime() - this.deps.retentionDays * 86_400_000);
    try {
      const { jobs, logRows } = await this.deps.syncLog.pruneBefore(before);
      if (jobs + logRows > 0) this.deps.logger.info({ jobs, logRows, before: before.toISOString() }, 'old jobs and log rows deleted');
      return { jobs, logRows };
    } catch (error) {
      this.deps.logger.error({ err: describeError(error) }, 'old jobs and log rows could not be deleted');
      return null;
    }
  }

  private async tick(name: ScheduleName): Promise<void> {
    try {
      await this.fire(name);
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
}
