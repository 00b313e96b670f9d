import Bottleneck from 'bottleneck';
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
  private pausedUntil = 0;

  constructor(private readonly options: TmdbLimiterOptions) {
    if (!(options.maxRps > 0) || !(options.maxConnections > 0)) throw new RangeError('maxRps and maxConnections must be positive');
    this.bottleneck = new Bottleneck({ maxConcurrent: options.maxConnections, minTime: Math.ceil(1000 / options.maxRps) });
    this.windowMs = WINDOW_MS + (options.windowMarginMs ?? DEFAULT_MARGIN_MS);
    this.now = options.now ?? (() => performance.now());
  }

  schedule<T>(fn: () => Promise<T>): Promise<T> {
    const queuedAt = this.now();
    return this.bottleneck.schedule(async () => {
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
