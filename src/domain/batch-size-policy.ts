/** What the plugin reports about the PHP that runs WordPress (`host` in a `tmu/v1/resolve` answer). */
export interface HostLimits {
  /** Seconds PHP may run per request; 0 = no limit. */
  maxExecutionSeconds: number;
  /** Bytes; -1 = no limit. */
  memoryLimitBytes: number;
  /** Most items the plugin lets one `/batch/v1` request carry. */
  batchLimit: number;
}

export interface BatchSizeOptions {
  /** Share of max_execution_time one batch may use: the rest is slack for a slow moment. */
  budgetFraction: number;
  /** Seconds per item assumed before anything was measured (conservative). */
  defaultSecondsPerItem: number;
  /** How many items the default counts for: the first measurements soon outweigh it. */
  defaultWeight: number;
  /** Weight kept by older measurements at each new one (a moving estimate over a few batches). */
  decay: number;
}

export const BATCH_SIZE_DEFAULTS: BatchSizeOptions = { budgetFraction: 0.5, defaultSecondsPerItem: 0.5, defaultWeight: 2, decay: 0.8 };

/**
 * How many writes one `/batch/v1` request carries, so that it finishes well inside PHP's
 * max_execution_time: shared hosts kill PHP there and the whole batch dies. Seconds per item
 * is a moving estimate over recent batches, weighted by their items (a small batch, mostly
 * WordPress's start-up, counts for little); a batch over budget sets it at once. A batch that died caps the size at half of it; the
 * cap grows back by an eighth per full batch that succeeds. Pure: the caller measures time.
 */
export class BatchSizePolicy {
  private host: HostLimits | null = null;
  private seconds: number;
  private items: number;
  private ceiling: { size: number; failedAt: number } | null = null;

  constructor(private readonly options: BatchSizeOptions = BATCH_SIZE_DEFAULTS) {
    this.seconds = options.defaultSecondsPerItem * options.defaultWeight;
    this.items = options.defaultWeight;
  }

  /** The limits a resolve answer reported; older plugins report none. */
  learnHost(host: HostLimits | null): void {
    if (host) this.host = host;
  }

  limits(): HostLimits | null {
    return this.host;
  }

  secondsPerItem(): number {
    return this.seconds / this.items;
  }

  /** The size for the next batches, given what WordPress's `OPTIONS /batch/v1` allows. */
  size(wordpressLimit: number): number {
    let size = wordpressLimit;
    if (this.host && this.host.batchLimit > 0) size = Math.min(size, this.host.batchLimit);
    const budget = this.budgetSeconds();
    if (budget !== null) size = Math.min(size, Math.floor(budget / this.secondsPerItem()));
    if (this.ceiling) size = Math.min(size, this.ceiling.size);
    return Math.max(1, size);
  }

  /** A batch of `items` answered after `seconds`. */
  succeeded(items: number, seconds: number): void {
    if (items <= 0) return;
    this.measure(items, seconds);
    if (this.ceiling && items >= this.ceiling.size) {
      const grown = this.ceiling.size + Math.max(1, Math.ceil(this.ceiling.size / 8));
      // Back at the size that died: try it again, uncapped (the time estimate still holds it in).
      this.ceiling = grown >= this.ceiling.failedAt ? null : { ...this.ceiling, size: grown };
    }
  }

  /** A batch of `items` died (5xx, gateway, timeout) after `seconds`: later batches get smaller. */
  failed(items: number, seconds: number): void {
    if (items <= 0) return;
    // A quick fatal says nothing about speed; a slow death says each item took at least this long.
    if (seconds / items > this.secondsPerItem()) this.measure(items, seconds);
    const half = Math.max(1, Math.floor(items / 2));
    if (!this.ceiling || half < this.ceiling.size) this.ceiling = { size: half, failedAt: items };
  }

  /** The seconds one batch may take, or null when PHP has no time limit (or none was reported). */
  private budgetSeconds(): number | null {
    const limit = this.host?.maxExecutionSeconds ?? 0;
    return limit > 0 ? limit * this.options.budgetFraction : null;
  }

  private measure(items: number, seconds: number): void {
    const budget = this.budgetSeconds();
    if (budget !== null && seconds > budget && seconds / items > this.secondsPerItem()) {
      // Over budget: the next batches plan at this speed at once, then grow back through the average.
      this.seconds = (seconds / items) * this.items;
      return;
    }
    this.seconds = this.seconds * this.options.decay + Math.max(0, seconds);
    this.items = this.items * this.options.decay + items;
  }
}
