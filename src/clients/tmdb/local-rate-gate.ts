import { performance } from 'node:perf_hooks';
import { LocalPause, RateGate, RateLimits, ReleaseSlot, sleep, spacingMs } from './rate-gate';

/**
 * The rate gate of one process (no REDIS_URL): the same rules as the Redis script, in memory.
 * It counts actual starts, not planned ones: Bottleneck's reservoir alone counted a start when
 * it planned it, so after an event-loop stall the planned starts left together and the
 * stand-in answered 429 under load.
 */
export class LocalRateGate implements RateGate {
  /** Actual start times in the current window, oldest first. */
  private readonly starts: number[] = [];
  private active = 0;
  private readonly freed: Array<() => void> = [];
  private readonly paused = new LocalPause();
  private readonly spacingMs: number;

  constructor(private readonly limits: RateLimits) {
    this.spacingMs = spacingMs(limits);
  }

  async acquire(): Promise<ReleaseSlot> {
    for (;;) {
      await this.paused.wait();
      const wait = this.tryStart(performance.now());
      if (wait === 0) break;
      await (wait < 0 ? this.connectionFreed() : sleep(wait));
    }
    this.active += 1;
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      this.active -= 1;
      for (const wake of this.freed.splice(0)) wake();
    };
  }

  pause(ms: number): void {
    this.paused.extend(ms);
  }

  async close(): Promise<void> {
    // Nothing held outside this process.
  }

  /** 0 when a start was recorded now; -1 to wait for a free connection; otherwise the ms to wait. */
  private tryStart(t: number): number {
    const { maxRps, maxConnections, windowMs } = this.limits;
    while (this.starts.length > 0 && this.starts[0] <= t - windowMs) this.starts.shift();
    if (this.starts.length >= maxRps) return this.starts[0] + windowMs - t + 1;
    const last = this.starts.at(-1);
    if (last !== undefined && last + this.spacingMs > t) return last + this.spacingMs - t;
    if (this.active >= maxConnections) return -1;
    this.starts.push(t);
    return 0;
  }

  private connectionFreed(): Promise<void> {
    return new Promise((resolve) => this.freed.push(resolve));
  }
}
