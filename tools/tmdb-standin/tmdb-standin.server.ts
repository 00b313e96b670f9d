import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault } from './fault-injector';
import type { ImageStyle } from './image-generator';
import { FixtureStore } from './fixture-store';
import { ChangesKind, ListEndpoints } from './list-endpoints';
import type { StandinRequest, StandinStats } from './standin-stats';
import { createApiRouter } from './standin-routes';
import { StandinHandler } from './standin-handler';
import { TmdbCatalogue } from './tmdb-catalogue';
import type { RandomFaultRates, RandomFaults } from './random-faults';

export type { FaultKind } from './fault-injector';
export type { ImageStyle } from './image-generator';
export type { RandomFaultRates } from './random-faults';

export interface TmdbStandinOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The one credential accepted, as `Authorization: Bearer` or `?api_key=`. */
  apiKey?: string;
  /** Requests per sliding second before 429 (status_code 25). */
  rps?: number;
  /** Retry-After on rate-limit 429s; null omits the header. */
  retryAfterSeconds?: number | null;
  latencyMs?: number;
  /** Movie, series and person ids that answer 404 (ids >= 900000000 always do). */
  notFoundIds?: number[];
  /** How many synthetic titles discover and keyword lists expose per query. */
  syntheticSize?: number;
  fixturesDir?: string;
  /** Seeded faults on a share of API requests (a fault run); injected faults are taken first. */
  randomFaults?: RandomFaultRates;
  /** `photo`: images that compress like TMDb's (for benchmarks); `flat` (default): one colour, tiny and cheap. */
  images?: ImageStyle;
}

export interface TmdbStandin {
  /** API root, ending in /3. */
  url: string;
  /** Image CDN root, ending in /t/p. */
  imageBaseUrl: string;
  port: number;
  apiKey: string;
  catalogue: TmdbCatalogue;
  stats(): StandinStats;
  /** Requests since the last resetStats(), oldest first (at most 5000), without the credential's value. */
  requestLog(): StandinRequest[];
  resetStats(): void;
  injectFaults(faults: Fault[]): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Rewrites every 200 JSON answer (hostile payloads derived from the fixtures); null stops it. */
  setRewrite(rewrite: ((path: string, body: unknown) => unknown) | null): void;
  /** What /{kind}/changes lists from now on (instead of the recorded list). */
  setChanges(kind: ChangesKind, ids: number[]): void;
  /** What `randomFaults` handed out so far: requests that drew, and faults by kind. */
  randomFaultSummary(): ReturnType<RandomFaults['summary']> | null;
  close(): Promise<void>;
}

/** A local HTTP server that answers like TMDb's API and image CDN, for tests, the demo, e2e and benchmarks. */
export async function startTmdbStandin(options: TmdbStandinOptions = {}): Promise<TmdbStandin> {
  const apiKey = options.apiKey ?? 'test-tmdb-key';
  const store = new FixtureStore(options.fixturesDir);
  const catalogue = new TmdbCatalogue(store, options.notFoundIds ?? []);
  const lists = new ListEndpoints(catalogue, options.syntheticSize ?? 200);
  const handler = new StandinHandler({ ...options, apiKey, store, lists, catalogue });
  const server = http.createServer((req, res) => handler.serve(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;
  const imageBaseUrl = `${origin}/t/p`;
  handler.route(createApiRouter({ catalogue, lists, imageBaseUrl }));
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/3`,
    imageBaseUrl,
    port: address.port,
    apiKey,
    catalogue,
    stats: () => handler.stats.snapshot(),
    requestLog: () => handler.stats.requests(),
    resetStats: () => handler.resetStats(),
    injectFaults: (list) => handler.faults.inject(list),
    clearFaults: () => handler.faults.clear(),
    setRewrite: (fn) => handler.setRewrite(fn),
    setLatency: (ms) => handler.setLatency(ms),
    setChanges: (kind, ids) => lists.setChanges(kind, ids),
    randomFaultSummary: () => handler.randomFaults?.summary() ?? null,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        handler.clearTimers();
        server.close((error) => (error ? reject(error) : resolve()));
        // Drops keep-alive sockets and requests held open by a 'timeout' fault.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
