import type { TmdbConfig } from '../../../src/config/config';
import type { Logger } from '../../../src/config/logger';
import { ApiCache, MemoryApiCache } from '../../../src/clients/tmdb/api-cache';
import { TmdbClient, TmdbClientOptions, TmdbMetrics } from '../../../src/clients/tmdb/tmdb.client';
import { startTmdbStandin, TmdbStandin, TmdbStandinOptions } from '../../../tools/tmdb-standin/tmdb-standin.server';
import { captureLogger, standinTmdbConfig } from './tmdb-test-kit';

export const V3_KEY = 'v3key0123456789abcdef0123456789ab';
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

interface ClientOverrides {
  config?: Partial<TmdbConfig>;
  retry?: TmdbClientOptions['retry'];
  cache?: ApiCache;
  logger?: Logger;
  metrics?: TmdbMetrics;
  limiter?: TmdbClientOptions['limiter'];
}

export interface TmdbClientKit {
  /** A stand-in with V3_KEY, closed after the file's tests. */
  standin: (options?: TmdbStandinOptions) => Promise<TmdbStandin>;
  /** A client of the stand-in with short retries and a silent logger, closed after each test. */
  client: (s: TmdbStandin, overrides?: ClientOverrides) => TmdbClient;
}

/** Call at the top of a test file: registers the hooks that close what the kit opened. */
export function useTmdbClientKit(): TmdbClientKit {
  const standins: TmdbStandin[] = [];
  const clients: TmdbClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await Promise.all(standins.map((s) => s.close()));
  });
  return {
    standin: async (options = {}) => {
      const s = await startTmdbStandin({ apiKey: V3_KEY, ...options });
      standins.push(s);
      return s;
    },
    client: (s, o = {}) => {
      const c = new TmdbClient({
        config: standinTmdbConfig(s, o.config),
        cache: o.cache ?? new MemoryApiCache(),
        logger: o.logger ?? captureLogger('silent').logger,
        metrics: o.metrics,
        retry: o.retry ?? FAST_RETRY,
        limiter: o.limiter,
      });
      clients.push(c);
      return c;
    },
  };
}

/** Requests the stand-in saw for an API path (without the /3 prefix). */
export const hits = (s: TmdbStandin, path: string) => s.stats().byPath[`/3${path}`] ?? 0;
