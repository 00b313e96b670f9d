import type { Logger } from 'pino';
import { WordPressError } from '../../errors';
import { PriorityLanes, type RequestPriority } from './request-priority';
import type { BatchRequest, BatchResponse } from './wordpress.types';

/** Items a batch beyond the first in flight waits for. */
export const MIN_SHARED_BATCH = 4;

/** One caller's writeAll: its answers by index, and how it ends. */
class CallerWrite {
  readonly answers: BatchResponse[];
  private left: number;
  dead = false;
  readonly done: Promise<BatchResponse[]>;
  private settle!: { resolve: (answers: BatchResponse[]) => void; reject: (error: unknown) => void };

  constructor(size: number) {
    this.answers = new Array<BatchResponse>(size);
    this.left = size;
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  answer(index: number, response: BatchResponse): void {
    if (this.dead) return;
    this.answers[index] = response;
    this.left -= 1;
    if (this.left === 0) this.settle.resolve(this.answers);
  }

  fail(error: unknown): void {
    if (this.dead) return;
    this.dead = true;
    this.settle.reject(error);
  }
}

interface QueuedWrite {
  request: BatchRequest;
  caller: CallerWrite;
  index: number;
}

export interface WriteQueueOptions {
  /** Batches in flight at once (WP_BATCH_CONCURRENCY). */
  concurrency: number;
  /** Items in the next batch, asked when a sender is free (sized to the host from the latest answers). */
  nextSize: () => number;
  /** One /batch/v1 request (timed by the caller). */
  send: (requests: BatchRequest[]) => Promise<BatchResponse[]>;
  /** Where a split is reported. */
  logger: Logger;
  /** Seconds per item the sizing estimates, for the split warning. */
  secondsPerItem: () => number;
  /** The priority of writes queued now (a page-stage sync's go first); unset: all background, FIFO. */
  priority?: () => RequestPriority;
}

/**
 * The `/batch/v1` writes of every sync of the process in one queue: a batch takes the next
 * items whoever queued them, so titles synced at once share requests. A page-stage sync's items go
 * first, each lane FIFO; background items keep a share of every batch (PriorityLanes). A batch that dies
 * (retryable: a 5xx, a gateway, a timeout) is sent again as two halves, one after the other, down
 * to single items; a refused connection is not split (nothing was written: every caller of that
 * batch fails, and its job retries the title later). A batch WordPress refuses for good fails its
 * caller when it holds one caller's items; with several callers each caller's items are sent again
 * on their own, so one caller's bad write never fails another's.
 */
export class WriteQueue {
  private readonly queue = new PriorityLanes<QueuedWrite>();
  private active = 0;
  private scheduled = false;

  constructor(private readonly options: WriteQueueOptions) {}

  /** Answers in request order; rejects when a batch holding this caller's items failed for good. */
  write(requests: BatchRequest[]): Promise<BatchResponse[]> {
    const caller = new CallerWrite(requests.length);
    const priority = this.options.priority?.() ?? 'background';
    requests.forEach((request, index) => this.queue.push(priority, { request, caller, index }));
    this.schedule();
    return caller.done;
  }

  /**
   * Pumps on the next turn, so writes queued in the same turn go out together (a longer window
   * merged no more on the e2e stack: titles at once are rarely at the same step within ms).
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.active < Math.max(1, this.options.concurrency)) {
      // Another sender takes a few items or more (MIN_SHARED_BATCH, or the whole batch when smaller): one
      // or two items wait for the batch in flight and go out merged with what other syncs queue meanwhile
      // (each request costs WordPress a whole bootstrap), while titles that queue faster than one PHP
      // worker drains get another worker instead of waiting a whole batch behind it.
      if (this.active > 0 && this.queue.length < Math.min(MIN_SHARED_BATCH, Math.max(1, this.options.nextSize()))) return;
      const chunk = this.cut();
      if (chunk.length === 0) return;
      this.active += 1;
      void this.sendChunk(chunk).finally(() => {
        this.active -= 1;
        this.pump();
      });
    }
  }

  /** The next batch: page items first, the items of callers that already failed dropped. */
  private cut(): QueuedWrite[] {
    this.queue.drop((item) => item.caller.dead);
    return this.queue.take(Math.max(1, this.options.nextSize()));
  }

  private async sendChunk(chunk: QueuedWrite[]): Promise<void> {
    const live = chunk.filter((item) => !item.caller.dead);
    if (live.length === 0) return;
    try {
      const answers = await this.options.send(live.map((item) => item.request));
      live.forEach((item, i) => item.caller.answer(item.index, answers[i]));
    } catch (error) {
      await this.afterDeath(live, error);
    }
  }

  private async afterDeath(chunk: QueuedWrite[], error: unknown): Promise<void> {
    if (chunk.length > 1 && diedRetryably(error) && !connectionRefused(error)) {
      const half = Math.ceil(chunk.length / 2);
      this.options.logger.warn(
        { items: chunk.length, halves: [half, chunk.length - half], status: error.status, secondsPerItem: Number(this.options.secondsPerItem().toFixed(3)) },
        'a WordPress batch died (PHP time limit, gateway or timeout); sending its items again in two halves',
      );
      await this.sendChunk(chunk.slice(0, half));
      await this.sendChunk(chunk.slice(half));
      return;
    }
    const callers = [...new Set(chunk.map((item) => item.caller))];
    if (callers.length > 1 && !diedRetryably(error)) {
      // Refused for good with several callers' items inside: whose item it was shows once each is alone.
      for (const caller of callers) await this.sendChunk(chunk.filter((item) => item.caller === caller));
      return;
    }
    for (const caller of callers) caller.fail(error);
  }
}

/** A whole batch that failed in a way worth sending again: nothing says which items were written. */
export function diedRetryably(error: unknown): error is WordPressError {
  return error instanceof WordPressError && error.retryable;
}

/** WordPress refused the connection: no item was written, and halves would be refused too. */
export function connectionRefused(error: unknown): boolean {
  if (!(error instanceof WordPressError)) return false;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return code === 'ECONNREFUSED' || /ECONNREFUSED/.test(error.message);
}
