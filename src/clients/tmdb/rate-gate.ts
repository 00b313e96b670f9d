/**
 * The gate every TMDb API request passes before it starts: the per-second cap, the spacing of
 * starts, the connection cap and a 429's pause. LocalRateGate keeps them for this process,
 * RedisRateGate (REDIS_URL) for every process on one Redis. The ordering queue (tmdb-limiter.ts)
 * lets one waiter at a time ask, the most urgent first.
 */
import { performance } from 'node:perf_hooks';

/** Frees the connection a request held; call it once the request ended, however it ended. */
export type ReleaseSlot = () => Promise<void>;

export interface RateGate {
  /** Resolves once a request may start. `interactive`: someone waits for it. */
  acquire(interactive: boolean): Promise<ReleaseSlot>;
  /** Holds every start for `ms` from now (a 429's Retry-After). */
  pause(ms: number): void;
  close(): Promise<void>;
}

export interface RateLimits {
  /** At most this many starts in any window (TMDB_MAX_RPS). */
  maxRps: number;
  /** At most this many requests in flight (TMDB_MAX_CONNECTIONS): the only place this cap is enforced. */
  maxConnections: number;
  /** 1000 ms plus a margin, so timer lateness cannot squeeze maxRps + 1 starts into a second as TMDb sees it. */
  windowMs: number;
}

/** Starts spread evenly over the window, so a late send cannot bunch a whole window's budget together. */
export function spacingMs(limits: RateLimits): number {
  return Math.floor(limits.windowMs / limits.maxRps);
}

/** This process's Retry-After pause (with Redis, also what holds when Redis did not take the pause). */
export class LocalPause {
  private until = 0;

  extend(ms: number): void {
    this.until = Math.max(this.until, performance.now() + ms);
  }

  async wait(): Promise<void> {
    for (let t = performance.now(); this.until > t; t = performance.now()) await sleep(this.until - t);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.ceil(ms))));
}
