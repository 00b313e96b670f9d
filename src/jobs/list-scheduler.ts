import cron, { RunCoordinator, ScheduledTask } from 'node-cron';
import { parseExpression } from 'cron-parser';
import { distributedTaskOptions } from './schedules';
import type { Logger } from 'pino';
import { describeError } from '../errors';
import type { EnqueueInput, JobRecord, JobStatus } from '../domain/job';
import { jobInput } from '../domain/job-registry';
import type { MediaListRecord } from '../repositories/media-list.repository';

const MINUTE = 60_000;

interface RefreshQueue {
  enqueue(input: EnqueueInput): Promise<{ job: JobRecord; created: boolean }>;
  list(filter: { status?: JobStatus; type?: string; limit?: number }): Promise<JobRecord[]>;
}

interface ScheduledLists {
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
 * whose refresh_cron fired since its last_refreshed_at, including a run missed
 * while the sidecar was down (cron-parser's prev() names the last fire time).
 */
export class ListScheduler {
  private task: ScheduledTask | null = null;

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
  }

  /** Enqueues the due lists; returns their ids. */
  async tick(now = new Date()): Promise<number[]> {
    const lists = await this.deps.lists.listScheduled();
    // A list that a save (its `discover` job) or a refresh is already filling gets no second job.
    const active = await Promise.all(
      ['list.refresh', 'discover'].flatMap((type) => (['queued', 'running'] as const).map((status) => this.deps.jobs.list({ type, status, limit: 200 }))),
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
      await this.deps.jobs.enqueue(jobInput('list.refresh', { list_id: list.id }));
      enqueued.push(list.id);
    }
    if (enqueued.length) this.deps.logger.info({ lists: enqueued }, 'curated list refreshes enqueued');
    return enqueued;
  }

  /** Due when the schedule fired (this minute included) after the last refresh. */
  isDue(expression: string, lastRefreshedAt: Date | null, now: Date): boolean {
    if (!lastRefreshedAt) return true;
    if (!cron.validate(expression)) throw new Error(`invalid cron expression "${expression}"`);
    const nextMinute = Math.floor(now.getTime() / MINUTE) * MINUTE + MINUTE;
    const lastFire = parseExpression(expression, { currentDate: new Date(nextMinute), tz: this.deps.timezone })
      .prev()
      .toDate();
    return lastFire.getTime() > lastRefreshedAt.getTime();
  }
}
