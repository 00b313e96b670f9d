import { WordPressError } from '../../errors';

interface Flight<V> {
  promise: Promise<V>;
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

/**
 * One create per key at a time in this process: a sync asking for keys another sync is creating
 * waits for that create and shares its outcome, instead of queueing behind a lock per type. Keys
 * nobody is creating are claimed by the caller and made in one go.
 */
export class SingleFlight {
  private readonly flights = new Map<string, Flight<unknown>>();

  isRunning(key: string): boolean {
    return this.flights.has(key);
  }

  /**
   * Value per key: joined from a running create, or made by `create` for the keys this call
   * claims (its map answers a value or an Error per claimed key; a key it leaves out fails).
   * Throws the first failure once every key settled; joiners of a failed key get its error.
   */
  async run<V>(keys: string[], create: (claimed: string[]) => Promise<Map<string, V | Error>>): Promise<Map<string, { value: V; joined: boolean }>> {
    const unique = [...new Set(keys)];
    const joined = new Map<string, Promise<V>>();
    const claimed = new Map<string, Flight<V>>();
    for (const key of unique) {
      const running = this.flights.get(key) as Flight<V> | undefined;
      if (running) joined.set(key, running.promise);
      else claimed.set(key, this.claim<V>(key));
    }
    try {
      if (claimed.size > 0) await this.make([...claimed.keys()], claimed, create);
    } finally {
      for (const [key, flight] of claimed) if (this.flights.get(key) === flight) this.flights.delete(key);
    }
    const outcomes = await Promise.allSettled(unique.map((key) => (claimed.get(key)?.promise ?? joined.get(key))!));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    return new Map(unique.map((key, i) => [key, { value: (outcomes[i] as PromiseFulfilledResult<V>).value, joined: joined.has(key) }]));
  }

  private claim<V>(key: string): Flight<V> {
    let settle!: Pick<Flight<V>, 'resolve' | 'reject'>;
    const promise = new Promise<V>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // Read by run() or by joiners; never left unhandled when nobody joined a failed key.
    promise.catch(() => undefined);
    const flight = { promise, ...settle };
    this.flights.set(key, flight as Flight<unknown>);
    return flight;
  }

  private async make<V>(keys: string[], claimed: Map<string, Flight<V>>, create: (claimed: string[]) => Promise<Map<string, V | Error>>): Promise<void> {
    let results: Map<string, V | Error>;
    try {
      results = await create(keys);
    } catch (error) {
      for (const flight of claimed.values()) flight.reject(error);
      return;
    }
    for (const [key, flight] of claimed) {
      const result = results.get(key);
      if (result instanceof Error) flight.reject(result);
      else if (result === undefined) flight.reject(new WordPressError(`WordPress made nothing for ${key}`, { status: 502 }));
      else flight.resolve(result);
    }
  }
}
