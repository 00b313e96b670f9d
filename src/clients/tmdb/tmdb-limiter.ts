import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { performance } from 'node:perf_hooks';
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
   * REDIS_URL mode: Bottleneck keeps the concurrency count and the spacing of
   * starts in Redis, so every sidecar process together stays within the limits.
   */
  cluster?: { redis: Redis; id: string; requestTimeoutMs: number };
}

const WINDOW_MS = 1000;
const DEFAULT_MARGIN_MS = 75;

/**
 * The one gate every TMDb request of a client goes through: Bottleneck caps
 * concurrency (maxConnections) and spaces starts by ceil(1000 / maxRps) ms;
 * a sliding-window guard makes the per-second cap hard; a 429's Retry-After
 * pauses everything, not just the request that got it.
 */
export class TmdbLimiter {
  private readonly bottleneck: Bottleneck;
  private readonly windowMs: number;
  private readonly now: () => number;
  private starts: number[] = [];
  private readonly jobOptions: Bottleneck.JobOptions;
  private readonly connection: Bottleneck.IORedisConnection | null = null;
  private pausedUntil = 0;

  constructor(private readonly options: TmdbLimiterOptions) {
    if (!(options.maxRps > 0) || !(options.maxConnections > 0)) throw new RangeError('maxRps and maxConnections must be positive');
    this.windowMs = WINDOW_MS + (options.windowMarginMs ?? DEFAULT_MARGIN_MS);
    if (options.cluster) {
      // Its own connection (Bottleneck's disconnect() quits the client it was given), connecting now: Bottleneck waits for 'ready'.
      this.connection = new Bottleneck.IORedisConnection({ client: options.cluster.redis.duplicate({ lazyConnect: false }) });
      this.bottleneck = clusteredBottleneck(options, this.connection, this.windowMs);
    } else {
      this.bottleneck = new Bottleneck({ maxConcurrent: options.maxConnections, minTime: Math.ceil(1000 / options.maxRps) });
    }
    this.now = options.now ?? (() => performance.now());
    // A process that dies mid-request must not hold a cluster slot for ever.
    this.jobOptions = options.cluster ? { expiration: options.cluster.requestTimeoutMs + 5_000 } : {};
  }

  schedule<T>(fn: () => Promise<T>): Promise<T> {
    const queuedAt = this.now();
    return this.bottleneck.schedule(this.jobOptions, async () => {
      await this.waitForSlot();
      this.options.metrics.observeRateLimitWait(Math.max(0, this.now() - queuedAt));
      return fn();
    });
  }

  /** Hold every request until `ms` from now (a 429 with Retry-After). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  async stop(): Promise<void> {
    await this.bottleneck.stop({ dropWaitingJobs: true }).catch(() => undefined);
    if (this.connection) {
      await this.bottleneck.disconnect(false);
      await this.connection.disconnect(false);
    }
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

/**
 * Each process only sees its own starts, so across the cluster the spacing
 * itself carries the per-second cap: starts at least windowMs / maxRps apart.
 */
function clusteredBottleneck(options: TmdbLimiterOptions, connection: Bottleneck.IORedisConnection, windowMs: number): Bottleneck {
  return new Bottleneck({
    id: options.cluster!.id,
    datastore: 'ioredis',
    connection,
    clearDatastore: false,
    maxConcurrent: options.maxConnections,
    minTime: Math.ceil(windowMs / options.maxRps),
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.ceil(ms))));
}
