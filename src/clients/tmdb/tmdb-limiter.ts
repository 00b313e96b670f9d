import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { RedisRateGate } from './redis-rate-gate';
import type { TmdbMetrics } from './tmdb-metrics';

export interface TmdbLimiterOptions {
  maxRps: number;
  maxConnections: number;
  metrics: TmdbMetrics;
  /**
   * Each window of maxRps starts lasts 1000 ms plus this margin, so timer
   * lateness and network jitter cannot squeeze maxRps + 1 requests into one
   * second as TMDb sees them.
   */
  windowMarginMs?: number;
  now?: () => number;
  /**
   * REDIS_URL mode: the window of starts, the connections in flight and
   * Retry-After pauses live in Redis, so every sidecar process together stays
   * within the limits.
   */
  cluster?: { redis: Redis; id: string; requestTimeoutMs: number; outageWaitMs?: number; onWarning?: (message: string, error: unknown) => void };
}

/**
 * Who is waiting: a person (Sync now, an import, a search) goes ahead of a
 * bulk or scheduled run, which goes ahead of background work (people details).
 */
export type TmdbPriority = 'person' | 'bulk' | 'background';

/** Bottleneck's priorities: 0 first, 9 last. */
const PRIORITY_RANK: Record<TmdbPriority, number> = { person: 1, bulk: 5, background: 7 };

const WINDOW_MS = 1000;
const DEFAULT_MARGIN_MS = 50;

/**
 * The one gate every TMDb API request of a client goes through, in priority
 * order. Without Redis: Bottleneck orders the waiters, caps the connections
 * and spreads starts floor(1000 / maxRps) ms apart; a window of the last
 * maxRps actual starts (1000 ms + margin) makes the cap hard. Bottleneck's own
 * reservoir was tried alone and is not enough: it counts a start when it plans
 * it, so after an event-loop stall the planned starts leave together, and the
 * stand-in answered 429 under load. With Redis, the cluster's Lua gate
 * (RedisRateGate) holds the rate and connection caps for every process and
 * Bottleneck only orders this process's waiters: one at a time asks the gate,
 * the most urgent first. A 429's Retry-After pauses everything, not just the
 * request that got it.
 */
export class TmdbLimiter {
  private readonly queue: Bottleneck;
  private readonly now: () => number;
  private readonly gate: RedisRateGate | null = null;
  private readonly context = new AsyncLocalStorage<TmdbPriority>();
  private pausedUntil = 0;
  private readonly windowMs: number;
  /** Actual start times in the current window (local mode), oldest first. */
  private starts: number[] = [];

  constructor(private readonly options: TmdbLimiterOptions) {
    if (!(options.maxRps > 0) || !(options.maxConnections > 0)) throw new RangeError('maxRps and maxConnections must be positive');
    const windowMs = WINDOW_MS + (options.windowMarginMs ?? DEFAULT_MARGIN_MS);
    this.windowMs = windowMs;
    const { cluster } = options;
    if (cluster) {
      this.gate = new RedisRateGate({
        redis: cluster.redis,
        id: cluster.id,
        maxRps: options.maxRps,
        maxConnections: options.maxConnections,
        windowMs,
        // A process that dies mid-request must not hold a cluster slot for ever.
        leaseMs: cluster.requestTimeoutMs + 5_000,
        outageWaitMs: cluster.outageWaitMs ?? Math.max(10_000, cluster.requestTimeoutMs * 3),
        onWarning: cluster.onWarning,
      });
      // One waiter at a time asks Redis, so the most urgent one gets the next cluster slot.
      this.queue = new Bottleneck({ maxConcurrent: 1 });
    } else {
      this.queue = new Bottleneck({ maxConcurrent: options.maxConnections, minTime: Math.floor(WINDOW_MS / options.maxRps) });
    }
    this.now = options.now ?? (() => performance.now());
  }

  /** Runs fn with every TMDb request it makes at `priority` (default: a person's). */
  withPriority<T>(priority: TmdbPriority, fn: () => Promise<T>): Promise<T> {
    return this.context.run(priority, fn);
  }

  /** The priority of the work the caller is part of. */
  currentPriority(): TmdbPriority {
    return this.context.getStore() ?? 'person';
  }

  schedule<T>(fn: () => Promise<T>): Promise<T> {
    const queuedAt = this.now();
    const priority = this.currentPriority();
    const started = (): void => this.options.metrics.observeRateLimitWait(Math.max(0, this.now() - queuedAt));
    const rank = PRIORITY_RANK[priority];
    if (this.gate) {
      const gate = this.gate;
      return this.queue
        .schedule({ priority: rank }, async () => {
          await this.waitForPause();
          return gate.acquire(sleep, priority === 'person');
        })
        .then(async (token) => {
          started();
          try {
            return await fn();
          } finally {
            await gate.release(token);
          }
        });
    }
    return this.queue.schedule({ priority: rank }, async () => {
      await this.waitForSlot();
      started();
      return fn();
    });
  }

  /** Hold every request until `ms` from now (a 429 with Retry-After); with Redis, every process's. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    if (this.gate) void this.gate.pause(ms);
  }

  async stop(): Promise<void> {
    await this.queue.stop({ dropWaitingJobs: true }).catch(() => undefined);
    await this.gate?.close();
  }

  /** Waits out a pause, then for a free place among the last maxRps actual starts. */
  private async waitForSlot(): Promise<void> {
    for (;;) {
      await this.waitForPause();
      const t = this.now();
      while (this.starts.length > 0 && this.starts[0] <= t - this.windowMs) this.starts.shift();
      if (this.starts.length < this.options.maxRps) {
        this.starts.push(t);
        return;
      }
      await sleep(this.starts[0] + this.windowMs - t + 1);
    }
  }

  private async waitForPause(): Promise<void> {
    for (let t = this.now(); this.pausedUntil > t; t = this.now()) await sleep(this.pausedUntil - t);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.ceil(ms))));
}
