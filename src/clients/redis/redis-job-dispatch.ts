/**
 * REDIS_URL mode: every sidecar process shares the work through a bullmq queue.
 * tmu_sync_jobs stays the record (WordPress reads it, leases and object locks
 * live there); a bullmq message only says "job N is runnable at T", so a free
 * worker of any process starts it at once instead of at its next poll. A lost
 * message costs latency only: each worker still polls the table, more slowly.
 */
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { describeError } from '../../errors';

/** What runs an announced job: the JobWorker, seen from here without importing the job layer. */
export interface DispatchedJobRunner {
  runDispatched(jobId: number): Promise<unknown>;
}

interface DispatchMessage {
  jobId: number;
}

export interface RedisJobDispatchOptions {
  redis: Redis;
  /** Keeps sites (and test databases) that share one Redis apart. */
  namespace: string;
  logger: Logger;
}

const QUEUE_NAME = 'sync-jobs';

export class RedisJobDispatch {
  private readonly queue: Queue<DispatchMessage>;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly consumers: Worker<DispatchMessage>[] = [];

  constructor(private readonly options: RedisJobDispatchOptions) {
    this.queue = new Queue<DispatchMessage>(QUEUE_NAME, { connection: options.redis, prefix: options.namespace });
    this.queue.on('error', (error) => options.logger.warn({ err: describeError(error) }, 'job dispatch queue error'));
  }

  /** The JobRepository's runnable listener: announce the job to every process. */
  readonly announce = (jobId: number, runAt: Date): void => {
    const delay = Math.max(0, runAt.getTime() - Date.now());
    const sent = this.queue
      .add('run', { jobId }, { jobId: `job-${jobId}-${runAt.getTime()}`, delay, removeOnComplete: true, removeOnFail: 100 })
      .catch((error: unknown) => this.options.logger.warn({ job: jobId, err: describeError(error) }, 'could not announce a job through Redis; the poll will start it'))
      .finally(() => this.pending.delete(sent));
    this.pending.add(sent);
  };

  /** Runs announced jobs on this worker, as many at once as it has slots. */
  consume(worker: DispatchedJobRunner, concurrency: number): void {
    const consumer = new Worker<DispatchMessage>(
      QUEUE_NAME,
      async (message) => {
        await worker.runDispatched(message.data.jobId);
      },
      { connection: this.options.redis, prefix: this.options.namespace, concurrency },
    );
    consumer.on('error', (error) => this.options.logger.warn({ err: describeError(error) }, 'job dispatch worker error'));
    this.consumers.push(consumer);
  }

  /** Stops taking messages; resolves once the jobs it started have ended (stop the JobWorker alongside). */
  async stopConsuming(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.close()));
  }

  /** Flushes announcements in flight and closes the queue. */
  async close(): Promise<void> {
    await this.stopConsuming();
    await Promise.allSettled([...this.pending]);
    await this.queue.close();
  }
}
