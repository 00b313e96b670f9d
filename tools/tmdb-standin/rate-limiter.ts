/**
 * The CDN's per-IP limit as a sliding window: a request is refused when
 * `limit` requests were already accepted in the last `windowMs`.
 */
export class SlidingWindowLimiter {
  private accepted: number[] = [];

  constructor(
    private limit: number,
    private readonly windowMs = 1000,
  ) {}

  setLimit(limit: number): void {
    this.limit = limit;
  }

  /** True when the request at `now` (ms, monotonic) is within the limit; it then counts. */
  tryAcquire(now: number): boolean {
    const horizon = now - this.windowMs;
    let drop = 0;
    while (drop < this.accepted.length && this.accepted[drop] <= horizon) drop += 1;
    if (drop > 0) this.accepted = this.accepted.slice(drop);
    if (this.accepted.length >= this.limit) return false;
    this.accepted.push(now);
    return true;
  }

  /** Whole seconds until the oldest accepted request leaves the window (at least 1). */
  secondsUntilFree(now: number): number {
    const oldest = this.accepted[0];
    return oldest === undefined ? 1 : Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }

  reset(): void {
    this.accepted = [];
  }
}
