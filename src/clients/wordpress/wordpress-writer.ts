import type { Logger } from 'pino';
import { BatchSizePolicy, type HostLimits } from '../../domain/batch-size-policy';
import { WordPressError } from '../../errors';
import type { WordPressClient } from './wordpress.client';
import type { BatchRequest, BatchResponse, WpHostLimits } from './wordpress.types';
import { refusedDuringSync } from './wordpress-credentials';
import type { RequestPriority } from './request-priority';
import { connectionRefused, diedRetryably, WriteQueue } from './write-queue';

export interface WriterOptions {
  /** Sizes batches to fit the host's max_execution_time (one per process). */
  sizing?: BatchSizePolicy;
  /** Milliseconds, for timing batches. */
  clock?: () => number;
  /** The priority of writes made now (see PriorityScope); unset: all background, FIFO. */
  priority?: () => RequestPriority;
}

/**
 * Sends writes through `/batch/v1`, in batches sized to finish inside PHP's max_execution_time.
 * The writes of every sync of the process share one queue (WriteQueue): titles synced at once
 * share requests. A batch that dies (5xx, a gateway's 502-504, a timeout, an answer without its
 * list) is sent again as two halves, down to single items: creates are idempotent and updates are
 * PUTs, so an item the dead batch wrote is not written twice. An item that fails inside a batch is
 * retried alone; if it fails again it is reported alone, and the rest stands. A site without the
 * batch endpoint gets one request per write. Batches go out in parallel, at most
 * WP_BATCH_CONCURRENCY at once in the process, so WordPress can use more than one PHP worker.
 */
export class WordPressWriter {
  readonly sizing: BatchSizePolicy;
  private readonly clock: () => number;
  private readonly priority?: () => RequestPriority;
  private queue: WriteQueue | null = null;
  private limit = 0;

  constructor(
    private readonly wp: WordPressClient,
    private readonly logger: Logger,
    private readonly concurrency = 1,
    options: WriterOptions = {},
  ) {
    this.sizing = options.sizing ?? new BatchSizePolicy();
    this.clock = options.clock ?? (() => performance.now());
    this.priority = options.priority;
  }

  /** Takes the PHP limits a resolve answer reported (older plugins report none). */
  learnHost(host: WpHostLimits | undefined): void {
    this.sizing.learnHost(hostLimits(host));
  }

  /** Answers in request order; throws the first item that failed twice, after every other item was written. */
  async writeAll(requests: BatchRequest[]): Promise<BatchResponse[]> {
    const { answers, failure } = await this.settleAll(requests);
    if (failure) throw failure;
    return answers;
  }

  /**
   * writeAll that keeps an item failing twice in the answers (status >= 400) and returns the first
   * such failure beside them, so a caller can tell its items apart; a batch that failed for good throws.
   */
  async settleAll(requests: BatchRequest[]): Promise<{ answers: BatchResponse[]; failure: WordPressError | null }> {
    if (requests.length === 0) return { answers: [], failure: null };
    const limit = await this.wp.batchLimit();
    const answers: BatchResponse[] = [];
    if (limit <= 1) {
      for (const request of requests) answers.push(await this.wp.single(request));
    } else {
      this.limit = limit;
      answers.push(...(await this.sharedQueue().write(requests)));
    }
    let failure: WordPressError | null = null;
    for (let i = 0; i < requests.length; i += 1) {
      if (answers[i].status < 400) continue;
      if (isTermExists(answers[i])) continue;
      this.logger.warn({ path: requests[i].path, status: answers[i].status, code: errorCode(answers[i]) }, 'a batched WordPress write failed; retrying it alone');
      answers[i] = await this.wp.single(requests[i]);
      if (answers[i].status >= 400 && !isTermExists(answers[i])) failure ??= itemError(requests[i], answers[i]);
    }
    return { answers, failure };
  }

  /** The process's one queue; its batches are cut when a sender is free, at the size the latest answers allow. */
  private sharedQueue(): WriteQueue {
    this.queue ??= new WriteQueue({
      concurrency: this.concurrency,
      nextSize: () => this.sizing.size(this.limit),
      send: (chunk) => this.timedBatch(chunk),
      logger: this.logger,
      secondsPerItem: () => this.sizing.secondsPerItem(),
      priority: this.priority,
    });
    return this.queue;
  }

  /** The batch request, timed into the sizing estimate (a refused connection says nothing about PHP's time). */
  private async timedBatch(chunk: BatchRequest[]): Promise<BatchResponse[]> {
    const started = this.clock();
    try {
      const answers = await this.wp.batch(chunk);
      this.sizing.succeeded(chunk.length, (this.clock() - started) / 1000);
      return answers;
    } catch (error) {
      if (diedRetryably(error) && !connectionRefused(error)) this.sizing.failed(chunk.length, (this.clock() - started) / 1000);
      throw error;
    }
  }
}

/** The plugin's `host` report as limits; null when absent or not numbers (an older or odd plugin). */
export function hostLimits(host: WpHostLimits | undefined): HostLimits | null {
  if (!host || typeof host !== 'object') return null;
  const number = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
  return {
    maxExecutionSeconds: Math.max(0, number(host.max_execution_time, 0)),
    memoryLimitBytes: number(host.memory_limit, -1),
    batchLimit: Math.max(0, Math.floor(number(host.batch_limit, 0))),
  };
}

function errorCode(answer: BatchResponse): string | undefined {
  return (answer.body as { code?: string } | null)?.code;
}

/** WordPress answers a term create that lost a race with the existing term's id. */
function isTermExists(answer: BatchResponse): boolean {
  return errorCode(answer) === 'term_exists' && existingTermId(answer) !== null;
}

export function existingTermId(answer: BatchResponse): number | null {
  const body = answer.body as { data?: { term_id?: number } } | null;
  return typeof body?.data?.term_id === 'number' ? body.data.term_id : null;
}

export function itemError(request: BatchRequest, answer: BatchResponse): WordPressError {
  const body = (answer.body ?? {}) as { code?: string; message?: string };
  // A refusal names the sidecar's credentials and the capability, not the editor's permissions.
  if (answer.status === 401 || answer.status === 403) return refusedDuringSync(`${request.method} ${request.path}`, answer.status, body.code);
  const message = `WordPress ${request.method} ${request.path} failed (${answer.status}): ${body.code ?? 'error'}: ${body.message ?? ''}`;
  return new WordPressError(message.slice(0, 500), {
    status: answer.status,
    retryable: answer.status >= 500,
    cause: { code: body.code, status: answer.status },
  });
}
