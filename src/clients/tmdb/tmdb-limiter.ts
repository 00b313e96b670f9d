import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { LocalRateGate } from './local-rate-gate';
import type { RateGate, RateLimits } from './rate-gate';
import { RedisRateGate } from './redis-rate-gate';
import type { TmdbMetrics } from './tmdb-metrics';

export interface TmdbLimiterOptions {
  maxRps: number;
  maxConnections: number;
  metrics: TmdbMetrics;
  /** Added to the 1000 ms window of maxRps starts, so timer lateness and network jitter cannot squeeze in maxRps + 1. */
  windowMarginMs?: number;
  /** REDIS_URL mode: the gate lives in Redis, so every sidecar process together stays within the limits. */
  cluster?: { redis: Redis; id: string; requestTimeoutMs: number; outageWaitMs?: number; onWarning?: (message: string, error: unknown) => void };
}

/**
 * Who waits, the job registry's words: someone (Sync now, an import's page, a search) goes ahead of
 * a bulk or scheduled run, which goes ahead of background work (people details).
 */
export type TmdbPriority = 'interactive' | 'bulk' | 'background';

/** Bottleneck's priorities: 0 first, 9 last. */
const PRIORITY_RANK: Record<TmdbPriority, number> = { interactive: 1, bulk: 5, background: 7 };

const WINDOW_MS = 1000;
const DEFAULT_MARGIN_MS = 50;

/** The one place the TMDb API caps are set: a gate in Redis with REDIS_URL, in this process without. */
function createRateGate(options: TmdbLimiterOptions): RateGate {
  if (!(options.maxRps > 0) || !(options.maxConnections > 0)) throw new RangeError('maxRps and maxConnections must be positive');
  const limits: RateLimits = {
    maxRps: options.maxRps,
    maxConnections: options.maxConnections,
    windowMs: WINDOW_MS + (options.windowMarginMs ?? DEFAULT_MARGIN_MS),
  };
  const { cluster } = options;
  if (!cluster) return new LocalRateGate(limits);
  return new RedisRateGate({
    ...limits,
    redis: cluster.redis,
    id: cluster.id,
    // A process that dies mid-request must not hold a cluster slot for ever.
    leaseMs: cluster.requestTimeoutMs + 5_000,
    outageWaitMs: cluster.outageWaitMs ?? Math.max(10_000, cluster.requestTimeoutMs * 3),
    onWarning: cluster.onWarning,
  });
}

/**
 * The one limiter every TMDb API request of a client goes through: an ordering queue in front of
 * a rate gate. The queue (Bottleneck) lets one waiter at a time ask the gate, the most urgent
 * first; the gate holds the rate, the spacing, the connection cap and a 429's pause.
 */
export class TmdbLimiter {
  private readonly queue = new Bottleneck({ maxConcurrent: 1 });
  private readonly gate: RateGate;
  private readonly context = new AsyncLocalStorage<TmdbPriority>();

  constructor(private readonly options: TmdbLimiterOptions) {
    this.gate = createRateGate(options);
  }

  /** Runs fn with every TMDb request it makes at `priority` (default: interactive). */
  withPriority<T>(priority: TmdbPriority, fn: () => Promise<T>): Promise<T> {
    return this.context.run(priority, fn);
  }

  /** The priority of the work the caller is part of. */
  currentPriority(): TmdbPriority {
    return this.context.getStore() ?? 'interactive';
  }

  async schedule<T>(fn: () => Promise<T>): Promise<T> {
    const queuedAt = performance.now();
    const priority = this.currentPriority();
    const release = await this.queue.schedule({ priority: PRIORITY_RANK[priority] }, () => this.gate.acquire(priority === 'interactive'));
    this.options.metrics.observeRateLimitWait(Math.max(0, performance.now() - queuedAt));
    try {
      return await fn();
    } finally {
      await release();
    }
  }

  /** Hold every request until `ms` from now (a 429 with Retry-After); with Redis, every process's. */
  pauseFor(ms: number): void {
    this.gate.pause(ms);
  }

  async stop(): Promise<void> {
    await this.queue.stop({ dropWaitingJobs: true }).catch(() => undefined);
    await this.gate.close();
  }
}
