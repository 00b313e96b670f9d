import cron, { RunCoordinator, ScheduledTask } from 'node-cron';
import { distributedTaskOptions } from './schedules';
import type { Logger } from 'pino';
import { describeError } from '../errors';
import type { EnqueueInput, JobRecord, JobStatus } from '../domain/job';
import { LIST_REFRESH_JOB, listRefreshJob } from '../domain/job-payloads';
import type { MediaListRecord } from '../repositories/media-list.repository';

const MINUTE = 60_000;
/** How far ahead the gap between two runs of a schedule is measured (for missed-run catch-up). */
const GAP_SAMPLE_RUNS = 9;
const GAP_CACHE_MS = 3_600_000;

export interface RefreshQueue {
  enqueue(input: EnqueueInput): Promise<{ job: JobRecord; created: boolean }>;
  list(filter: { status?: JobStatus; type?: string; limit?: number }): Promise<JobRecord[]>;
}

export interface ScheduledLists {
  listScheduled(): Promise<MediaListRecord[]>;
}

export interface ListSchedulerDeps {
  lists: ScheduledLists;
  jobs: RefreshQueue;
  /** CRON_TZ: list schedules are read in this time zone. */
  timezone: string;
  logger: Logger;
  /** REDIS_URL mode: one process of the cluster runs each tick. */
  coordinator?: RunCoordinator;
}

/**
 * A node-cron tick every minute: enqueues a `list.refresh` job for each list
 * whose refresh_cron fired since its last_refreshed_at. A run missed while the
 * sidecar was down is caught up once the gap exceeds the schedule's longest interval.
 */
export class ListScheduler {
  private task: ScheduledTask | null = null;
  private readonly matchers = new Map<string, { task: ScheduledTask; maxGapMs: number; at: number }>();

  constructor(private readonly deps: ListSchedulerDeps) {}

  start(): void {
    if (this.task) return;
    this.task = cron.schedule(
      '* * * * *',
      async () => {
        try {
          await this.tick();
        } catch (error) {
          this.deps.logger.error({ err: describeError(error) }, 'curated list schedule tick failed');
        }
      },
      { name: 'tmu-curated-lists', timezone: this.deps.timezone, noOverlap: true, ...distributedTaskOptions(this.deps.coordinator) },
    );
  }

  async stop(): Promise<void> {
    const task = this.task;
    this.task = null;
    if (task) {
      await task.stop();
      await task.destroy();
    }
    for (const m of this.matchers.values()) await m.task.destroy();
    this.matchers.clear();
  }

  /** Enqueues the due lists; returns their ids. */
  async tick(now = new Date()): Promise<number[]> {
    const lists = await this.deps.lists.listScheduled();
    // A list that a save (its `discover` job) or a refresh is already filling gets no second job.
    const active = await Promise.all(
      [LIST_REFRESH_JOB, 'discover'].flatMap((type) => (['queued', 'running'] as const).map((status) => this.deps.jobs.list({ type, status, limit: 200 }))),
    );
    const running = new Set(active.flat().map((j) => Number(j.payload.list_id)));
    const enqueued: number[] = [];
    for (const list of lists) {
      if (!list.refreshCron || running.has(list.id)) continue;
      let due: boolean;
      try {
        due = this.isDue(list.refreshCron, list.lastRefreshedAt, now);
      } catch (error) {
        this.deps.logger.warn({ list: list.slug, cron: list.refreshCron, err: describeError(error) }, 'unusable refresh_cron; list skipped');
        continue;
      }
      if (!due) continue;
      await this.deps.jobs.enqueue(listRefreshJob(list.id));
      enqueued.push(list.id);
    }
    if (enqueued.length) this.deps.logger.info({ lists: enqueued }, 'curated list refreshes enqueued');
    return enqueued;
  }

  isDue(expression: string, lastRefreshedAt: Date | null, now: Date): boolean {
    if (!lastRefreshedAt) return true;
    const minute = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
    if (lastRefreshedAt.getTime() >= minute.getTime()) return false;
    const matcher = this.matcher(expression, now);
    if (matcher.task.match(minute)) return true;
    return now.getTime() - lastRefreshedAt.getTime() > matcher.maxGapMs + MINUTE;
  }

  private matcher(expression: string, now: Date): { task: ScheduledTask; maxGapMs: number } {
    const cached = this.matchers.get(expression);
    if (cached && now.getTime() - cached.at < GAP_CACHE_MS) return cached;
    if (cached) void cached.task.destroy();
    if (!cron.validate(expression)) throw new Error(`invalid cron expression "${expression}"`);
    const task = cron.createTask(expression, () => undefined, { timezone: this.deps.timezone, name: `tmu-list-matcher-${expression}` });
    const runs = task.getNextRuns(GAP_SAMPLE_RUNS).map((d) => d.getTime());
    let maxGapMs = MINUTE;
    for (let i = 1; i < runs.length; i += 1) maxGapMs = Math.max(maxGapMs, runs[i] - runs[i - 1]);
    const entry = { task, maxGapMs, at: now.getTime() };
    this.matchers.set(expression, entry);
    return entry;
  }
}
