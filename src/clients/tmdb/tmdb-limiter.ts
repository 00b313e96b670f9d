import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { performance } from 'node:perf_hooks';
import { RedisRateGate } from './redis-rate-gate';
import type { TmdbMetrics } from './tmdb-metrics';

export interface TmdbLimiterOptions {
  maxRps: number;
  maxConnections: number;
  metrics: TmdbMetrics;
  /**
   * The sliding-window guard counts starts over 1000 ms plus this margin, so
   * timer lateness and network jitter cannot squeeze maxRps + 1 requests
   * into one second as TMDb sees them.
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

/** Per-request options; more (a deadline, a cost) can join priority here. */
export interface ScheduleOptions {
  /** 0 (first) to 9 (last); default 5. Orders the requests waiting in this process. */
  priority?: number;
}

const WINDOW_MS = 1000;
const DEFAULT_MARGIN_MS = 75;
const DEFAULT_PRIORITY = 5;

/**
 * The one gate every TMDb request of a client goes through: Bottleneck caps
 * this process's concurrency (maxConnections) and, alone, spaces starts by
 * ceil(1000 / maxRps) ms; a sliding-window guard makes the per-second cap
 * hard; a 429's Retry-After pauses everything, not just the request that got
 * it. With Redis the same three hold for the whole cluster (RedisRateGate).
 */
export class TmdbLimiter {
  private readonly bottleneck: Bottleneck;
  private readonly windowMs: number;
  private readonly now: () => number;
  private starts: number[] = [];
  private readonly gate: RedisRateGate | null = null;
  private pausedUntil = 0;

  constructor(private readonly options: TmdbLimiterOptions) {
    if (!(options.maxRps > 0) || !(options.maxConnections > 0)) throw new RangeError('maxRps and maxConnections must be positive');
    this.windowMs = WINDOW_MS + (options.windowMarginMs ?? DEFAULT_MARGIN_MS);
    const { cluster } = options;
    if (cluster) {
      this.gate = new RedisRateGate({
        redis: cluster.redis,
        id: cluster.id,
        maxRps: options.maxRps,
        maxConnections: options.maxConnections,
        windowMs: this.windowMs,
        // A process that dies mid-request must not hold a cluster slot for ever.
        leaseMs: cluster.requestTimeoutMs + 5_000,
        outageWaitMs: cluster.outageWaitMs ?? Math.max(10_000, cluster.requestTimeoutMs * 3),
        onWarning: cluster.onWarning,
      });
      this.bottleneck = new Bottleneck({ maxConcurrent: options.maxConnections });
    } else {
      this.bottleneck = new Bottleneck({ maxConcurrent: options.maxConnections, minTime: Math.ceil(1000 / options.maxRps) });
    }
    this.now = options.now ?? (() => performance.now());
  }

  schedule<T>(fn: () => Promise<T>, options: ScheduleOptions = {}): Promise<T> {
    const queuedAt = this.now();
    return this.bottleneck.schedule({ priority: options.priority ?? DEFAULT_PRIORITY }, async () => {
      const token = this.gate ? await this.gate.acquire(sleep) : null;
      try {
        await this.waitForSlot();
        this.options.metrics.observeRateLimitWait(Math.max(0, this.now() - queuedAt));
        return await fn();
      } finally {
        if (token) await this.gate!.release(token);
      }
    });
  }

  /** Hold every request until `ms` from now (a 429 with Retry-After); with Redis, every process's. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    if (this.gate) void this.gate.pause(ms);
  }

  async stop(): Promise<void> {
    await this.bottleneck.stop({ dropWaitingJobs: true }).catch(() => undefined);
    await this.gate?.close();
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const t = this.now();
      if (this.pausedUntil > t) {
        await sleep(this.pausedUntil - t);
        continue;
      }
      while (this.starts.length > 0 && this.starts[0] <= t - this.windowMs) this.starts.shift();
      if (this.starts.length < this.options.maxRps) {
        this.starts.push(t);
        return;
      }
      await sleep(this.starts[0] + this.windowMs - t + 1);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.ceil(ms))));
}
