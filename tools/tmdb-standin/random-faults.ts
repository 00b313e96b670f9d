import type { Fault } from './fault-injector';
import { hash32, seededRandom } from './synthetic-ids';

/** Shares of API requests that get each fault (0..1); the rest are answered normally. */
export interface RandomFaultRates {
  /** Seeds every draw: the same seed and the same requests give the same faults. */
  seed: number;
  /** 429s; `retryAfterShare` of them carry `Retry-After: retryAfterSeconds`. */
  rate429: number;
  retryAfterShare?: number;
  retryAfterSeconds?: number;
  rate503: number;
  /** Never answered: the client's timeout ends the request. */
  rateHang: number;
  /** 200 with the JSON cut in half. */
  rateTruncated: number;
  /** Only paths this matches draw a fault (default: the API under /3/). */
  match?: RegExp;
}

export type RandomFaultKind = '429' | '429-retry-after' | '503' | 'hang' | 'truncated';

/**
 * Seeded faults for a fault run. The draw for a request depends on the seed, its
 * path with query and how many times that same path was asked before, never on
 * arrival order across paths: the nth try of a URL always meets the same fate,
 * whatever the concurrency.
 */
export class RandomFaults {
  private readonly tries = new Map<string, number>();
  private readonly counts: Record<RandomFaultKind, number> = { '429': 0, '429-retry-after': 0, '503': 0, hang: 0, truncated: 0 };
  private drawn = 0;

  constructor(private readonly rates: RandomFaultRates) {
    const total = rates.rate429 + rates.rate503 + rates.rateHang + rates.rateTruncated;
    if (total < 0 || total > 1) throw new Error(`random fault rates add up to ${total}; they must be within 0..1`);
  }

  take(pathWithQuery: string): Fault | undefined {
    const path = pathWithQuery.replace(/([?&])api_key=[^&]*&?/, '$1');
    if (!(this.rates.match ?? /^\/3\//).test(path)) return undefined;
    const n = this.tries.get(path) ?? 0;
    this.tries.set(path, n + 1);
    this.drawn += 1;
    // FNV alone barely moves between keys that differ in the last digit; mulberry32 mixes it.
    const u = seededRandom(hash32(`${this.rates.seed}:${path}:${n}`))();
    const kind = this.kindFor(u);
    if (!kind) return undefined;
    this.counts[kind] += 1;
    switch (kind) {
      case '429':
        return { match: path, kind: '429', times: 1, retryAfterSeconds: null };
      case '429-retry-after':
        return { match: path, kind: '429', times: 1, retryAfterSeconds: this.rates.retryAfterSeconds ?? 1 };
      case '503':
        return { match: path, kind: '503', times: 1 };
      case 'hang':
        return { match: path, kind: 'timeout', times: 1 };
      case 'truncated':
        return { match: path, kind: 'broken-json', times: 1 };
    }
  }

  /** Requests that drew (faulted or not) and the faults given, by kind. */
  summary(): { drawn: number } & Record<RandomFaultKind, number> {
    return { drawn: this.drawn, ...this.counts };
  }

  private kindFor(u: number): RandomFaultKind | undefined {
    const r = this.rates;
    const withRetryAfter = r.rate429 * (r.retryAfterShare ?? 0.5);
    let edge = withRetryAfter;
    if (u < edge) return '429-retry-after';
    if (u < (edge += r.rate429 - withRetryAfter)) return '429';
    if (u < (edge += r.rate503)) return '503';
    if (u < (edge += r.rateHang)) return 'hang';
    if (u < edge + r.rateTruncated) return 'truncated';
    return undefined;
  }
}
