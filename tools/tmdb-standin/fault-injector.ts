export type FaultKind = '429' | '500' | '502' | '503' | 'timeout' | 'broken-json' | 'reset' | 'malformed-payload';

export interface Fault {
  /** A RegExp tested against the request path with its query, or a substring of it. */
  match: RegExp | string;
  kind: FaultKind;
  /** How many matching requests get this fault; counts down. */
  times: number;
  /** For '429': the Retry-After header; null omits it, undefined uses the stand-in's default. */
  retryAfterSeconds?: number | null;
}

/** Faults wait in order; a request takes the first one that matches and still has uses left. */
export class FaultInjector {
  private faults: Fault[] = [];

  inject(faults: Fault[]): void {
    for (const f of faults) {
      if (!Number.isInteger(f.times) || f.times < 1) throw new Error(`fault ${f.kind}: times must be a positive integer`);
      this.faults.push({ ...f });
    }
  }

  clear(): void {
    this.faults = [];
  }

  pending(): number {
    return this.faults.reduce((n, f) => n + f.times, 0);
  }

  take(pathWithQuery: string): Fault | undefined {
    const index = this.faults.findIndex((f) => (typeof f.match === 'string' ? pathWithQuery.includes(f.match) : matchRegExp(f.match, pathWithQuery)));
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.times -= 1;
    if (fault.times === 0) this.faults.splice(index, 1);
    return fault;
  }
}

function matchRegExp(re: RegExp, text: string): boolean {
  re.lastIndex = 0; // a /g or /y pattern keeps state between test() calls
  return re.test(text);
}
