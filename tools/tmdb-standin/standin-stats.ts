import { performance } from 'node:perf_hooks';

export interface StandinStats {
  requests: number;
  byPath: Record<string, number>;
  byStatus: Record<string, number>;
  /** Most requests in flight at once. */
  peakConnections: number;
  /** Requests refused with 429 because the rate limit was exceeded (injected 429s not included). */
  overLimit: number;
  /** Most requests that arrived within any window of `ms` milliseconds. */
  maxInAnyWindow(ms?: number): number;
}

/** One request as the stand-in saw it; the credential itself is not kept. */
export interface StandinRequest {
  /** performance.now() at arrival. */
  at: number;
  path: string;
  query: Record<string, string>;
  credential: 'bearer' | 'api_key' | 'none';
}

const LOG_LIMIT = 5000;

/** Counts what reached the stand-in: arrivals, answers by status, concurrency. */
export class StatsRecorder {
  private arrivals: number[] = [];
  private log: StandinRequest[] = [];
  private byPath: Record<string, number> = {};
  private byStatus: Record<string, number> = {};
  private inFlight = 0;
  private peak = 0;
  private overLimit = 0;

  now(): number {
    return performance.now();
  }

  /** Call once per request; the returned function marks it finished (idempotent). */
  begin(path: string, at: number): () => void {
    this.arrivals.push(at);
    this.byPath[path] = (this.byPath[path] ?? 0) + 1;
    this.inFlight += 1;
    this.peak = Math.max(this.peak, this.inFlight);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
    };
  }

  note(request: StandinRequest): void {
    if (this.log.length >= LOG_LIMIT) this.log.shift();
    this.log.push(request);
  }

  requests(): StandinRequest[] {
    return this.log.map((r) => ({ ...r, query: { ...r.query } }));
  }

  status(label: string | number): void {
    const key = String(label);
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
  }

  rejected(): void {
    this.overLimit += 1;
  }

  reset(): void {
    this.arrivals = [];
    this.log = [];
    this.byPath = {};
    this.byStatus = {};
    this.peak = this.inFlight;
    this.overLimit = 0;
  }

  snapshot(): StandinStats {
    const arrivals = [...this.arrivals];
    return {
      requests: arrivals.length,
      byPath: { ...this.byPath },
      byStatus: { ...this.byStatus },
      peakConnections: this.peak,
      overLimit: this.overLimit,
      maxInAnyWindow: (ms = 1000) => maxInWindow(arrivals, ms),
    };
  }
}

/** Largest number of timestamps t with start <= t < start + ms, over every start. */
export function maxInWindow(sorted: number[], ms: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi += 1) {
    while (sorted[hi] - sorted[lo] >= ms) lo += 1;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
