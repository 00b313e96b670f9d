import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fault, FaultInjector } from './fault-injector';
import { FixtureStore } from './fixture-store';
import { RandomFaultRates, RandomFaults } from './random-faults';
import { ImageGenerator } from './image-generator';
import { ChangesKind, ListEndpoints } from './list-endpoints';
import { SlidingWindowLimiter } from './rate-limiter';
import { StandinRequest, StandinStats, StatsRecorder } from './standin-stats';
import { createApiRouter } from './standin-routes';
import { TmdbCatalogue } from './tmdb-catalogue';

export type { Fault, FaultKind } from './fault-injector';
export type { StandinRequest, StandinStats } from './standin-stats';
export type { ChangesKind } from './list-endpoints';
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

const JSON_TYPE = 'application/json;charset=utf-8';
const SERVER_ERRORS: Record<string, { type: string; body: string }> = {
  '500': { type: JSON_TYPE, body: JSON.stringify({ success: false, status_code: 11, status_message: 'Internal error: Something went wrong, contact TMDB.' }) },
  '502': { type: 'text/html', body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>' },
  '503': { type: JSON_TYPE, body: JSON.stringify({ success: false, status_code: 9, status_message: 'Service offline: This service is temporarily offline, try again later.' }) },
};
/** Valid JSON, wrong shape: what a client must reject rather than store. */
const MALFORMED = JSON.stringify({ id: '550', title: null, name: 42, credits: { cast: 'not-an-array', crew: {} }, results: 'none', page: 'one' });

/** A local HTTP server that answers like TMDb's API and image CDN, for tests, the demo, e2e and benchmarks. */
export async function startTmdbStandin(options: TmdbStandinOptions = {}): Promise<TmdbStandin> {
  const apiKey = options.apiKey ?? 'test-tmdb-key';
  const rps = options.rps ?? 50;
  const defaultRetryAfter = options.retryAfterSeconds === undefined ? 1 : options.retryAfterSeconds;
  let latencyMs = options.latencyMs ?? 0;
  let rewrite: ((path: string, body: unknown) => unknown) | null = null;
  const store = new FixtureStore(options.fixturesDir);
  const catalogue = new TmdbCatalogue(store, options.notFoundIds ?? []);
  const lists = new ListEndpoints(catalogue, options.syntheticSize ?? 200);
  const limiter = new SlidingWindowLimiter(rps);
  const faults = new FaultInjector();
  const randomFaults = options.randomFaults ? new RandomFaults(options.randomFaults) : null;
  const stats = new StatsRecorder();
  const images = new ImageGenerator();
  const timers = new Set<NodeJS.Timeout>();
  const rateLimitBody = { ...store.read('error/qalandarov-error-25-rate-limit.json'), status_message: `Your request count (${rps + 1}) is over the allowed limit of ${rps}.` };
  let route: ReturnType<typeof createApiRouter> | undefined;
  let closing: Promise<void> | undefined;

  const wait = (ms: number) =>
    ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => {
      const t = setTimeout(() => { timers.delete(t); resolve(); }, ms);
      timers.add(t);
    });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = stats.now();
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://standin.invalid');
    res.on('close', stats.begin(url.pathname, at));
    stats.note({ at, path: url.pathname, query: publicParams(url), credential: credentialKind(req, url) });
    const send = (status: number, body: string | Buffer, type = JSON_TYPE, headers: Record<string, string> = {}) => {
      if (res.destroyed || res.writableEnded) return;
      stats.status(status);
      res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const retryAfter = (seconds: number | null): Record<string, string> => (seconds === null ? {} : { 'retry-after': String(seconds) });

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, JSON.stringify({ success: false, status_message: 'Method not allowed' }));
    if (!limiter.tryAcquire(at)) {
      stats.rejected();
      const seconds = defaultRetryAfter === null ? null : Math.max(defaultRetryAfter, limiter.secondsUntilFree(at));
      return send(429, JSON.stringify(rateLimitBody), JSON_TYPE, retryAfter(seconds));
    }
    const fault = faults.take(rawUrl) ?? randomFaults?.take(rawUrl);
    if (fault?.kind === 'timeout') return void stats.status('timeout'); // never answered; the client gives up
    if (fault?.kind === 'reset') {
      stats.status('reset');
      req.socket.destroy();
      return;
    }
    await wait(latencyMs);
    if (fault?.kind === '429') {
      const seconds = fault.retryAfterSeconds === undefined ? defaultRetryAfter : fault.retryAfterSeconds;
      return send(429, JSON.stringify(rateLimitBody), JSON_TYPE, retryAfter(seconds));
    }
    if (fault && SERVER_ERRORS[fault.kind]) return send(Number(fault.kind), SERVER_ERRORS[fault.kind].body, SERVER_ERRORS[fault.kind].type);

    const image = /^\/t\/p\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (image) {
      const rendered = images.render(image[1], decodeURIComponent(image[2]));
      if (!rendered) return send(404, 'Not Found', 'text/plain');
      const { body, contentType } = await rendered;
      return send(200, body, contentType, { 'cache-control': 'public, max-age=31536000' });
    }
    if (!url.pathname.startsWith('/3/')) return send(404, JSON.stringify(store.read('error/tmdblib-error-34-movie-999999999.json')));
    if (!authorized(req, url)) return send(401, JSON.stringify(store.read('error/ceg-error-7-invalid-api-key.json')));

    const reply = route!(url.pathname.slice(2), url.searchParams);
    let status = reply.status;
    let body = JSON.stringify(status === 200 && rewrite ? rewrite(url.pathname.slice(2), reply.body) : reply.body);
    if (fault?.kind === 'broken-json') {
      status = 200;
      body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    } else if (fault?.kind === 'malformed-payload') {
      status = 200;
      body = MALFORMED;
    }
    send(status, body, JSON_TYPE, reply.headers);
  }

  function authorized(req: http.IncomingMessage, url: URL): boolean {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    return bearer === apiKey || url.searchParams.get('api_key') === apiKey;
  }

  function credentialKind(req: http.IncomingMessage, url: URL): StandinRequest['credential'] {
    if (/^Bearer\s/i.test(req.headers.authorization ?? '')) return 'bearer';
    return url.searchParams.has('api_key') ? 'api_key' : 'none';
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`tmdb stand-in: ${(req.url ?? '').split('?')[0]}: ${message}\n`);
      if (!res.headersSent && !res.destroyed) {
        stats.status(500);
        res.writeHead(500, { 'content-type': JSON_TYPE });
        res.end(JSON.stringify({ success: false, status_code: 11, status_message: `stand-in error: ${message}` }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;
  const imageBaseUrl = `${origin}/t/p`;
  route = createApiRouter({ catalogue, lists, imageBaseUrl });

  return {
    url: `${origin}/3`,
    imageBaseUrl,
    port: address.port,
    apiKey,
    catalogue,
    stats: () => stats.snapshot(),
    requestLog: () => stats.requests(),
    resetStats: () => {
      stats.reset();
      limiter.reset();
    },
    injectFaults: (list) => faults.inject(list),
    clearFaults: () => faults.clear(),
    setRewrite: (fn) => {
      rewrite = fn;
    },
    setLatency: (ms) => {
      latencyMs = Math.max(0, ms);
    },
    setChanges: (kind, ids) => lists.setChanges(kind, ids),
    randomFaultSummary: () => randomFaults?.summary() ?? null,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        // Drops keep-alive sockets and requests held open by a 'timeout' fault.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function publicParams(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (k !== 'api_key') out[k] = v;
  return out;
}
