import type http from 'node:http';
import { FaultInjector } from './fault-injector';
import { RandomFaultRates, RandomFaults } from './random-faults';
import type { FixtureStore } from './fixture-store';
import { ImageGenerator, ImageStyle } from './image-generator';
import type { ListEndpoints } from './list-endpoints';
import { SlidingWindowLimiter } from './rate-limiter';
import { StandinRequest, StatsRecorder } from './standin-stats';
import type { createApiRouter } from './standin-routes';
import type { TmdbCatalogue } from './tmdb-catalogue';

const JSON_TYPE = 'application/json;charset=utf-8';
const SERVER_ERRORS: Record<string, { type: string; body: string }> = {
  '500': { type: JSON_TYPE, body: JSON.stringify({ success: false, status_code: 11, status_message: 'Internal error: Something went wrong, contact TMDB.' }) },
  '502': { type: 'text/html', body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>' },
  '503': {
    type: JSON_TYPE,
    body: JSON.stringify({ success: false, status_code: 9, status_message: 'Service offline: This service is temporarily offline, try again later.' }),
  },
};
/** Valid JSON, wrong shape: what a client must reject rather than store. */
const MALFORMED = JSON.stringify({ id: '550', title: null, name: 42, credits: { cast: 'not-an-array', crew: {} }, results: 'none', page: 'one' });

type Router = ReturnType<typeof createApiRouter>;
type Send = (status: number, body: string | Buffer, type?: string, headers?: Record<string, string>) => void;

export interface StandinHandlerOptions {
  apiKey: string;
  rps?: number;
  retryAfterSeconds?: number | null;
  latencyMs?: number;
  store: FixtureStore;
  lists: ListEndpoints;
  catalogue: TmdbCatalogue;
  /** Seeded faults on a share of API requests (a fault run); injected faults are taken first. */
  randomFaults?: RandomFaultRates;
  /** What the image CDN serves: flat colours (default) or photo-like pictures. */
  images?: ImageStyle;
}

/** Answers one stand-in request: rate limit, injected faults, images, then the API routes. */
export class StandinHandler {
  readonly stats = new StatsRecorder();
  readonly faults = new FaultInjector();
  readonly randomFaults: RandomFaults | null;
  private readonly limiter: SlidingWindowLimiter;
  private readonly images: ImageGenerator;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly defaultRetryAfter: number | null;
  private readonly rateLimitBody: Record<string, unknown>;
  private latencyMs: number;
  private rewrite: ((path: string, body: unknown) => unknown) | null = null;
  private router: Router | undefined;

  constructor(private readonly options: StandinHandlerOptions) {
    const rps = options.rps ?? 50;
    this.randomFaults = options.randomFaults ? new RandomFaults(options.randomFaults) : null;
    this.images = new ImageGenerator(options.images);
    this.limiter = new SlidingWindowLimiter(rps);
    this.defaultRetryAfter = options.retryAfterSeconds === undefined ? 1 : options.retryAfterSeconds;
    this.latencyMs = options.latencyMs ?? 0;
    const recorded = options.store.read<Record<string, unknown>>('error/qalandarov-error-25-rate-limit.json');
    this.rateLimitBody = { ...recorded, status_message: `Your request count (${rps + 1}) is over the allowed limit of ${rps}.` };
  }

  route(router: Router): void {
    this.router = router;
  }

  setRewrite(rewrite: ((path: string, body: unknown) => unknown) | null): void {
    this.rewrite = rewrite;
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  resetStats(): void {
    this.stats.reset();
    this.limiter.reset();
  }

  clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** The server's request listener: a handler error is a 500 in TMDb's shape. */
  serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`tmdb stand-in: ${(req.url ?? '').split('?')[0]}: ${message}\n`);
      if (!res.headersSent && !res.destroyed) {
        this.stats.status(500);
        res.writeHead(500, { 'content-type': JSON_TYPE });
        res.end(JSON.stringify({ success: false, status_code: 11, status_message: `stand-in error: ${message}` }));
      }
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = this.stats.now();
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://standin.invalid');
    res.on('close', this.stats.begin(url.pathname, at));
    this.stats.note({ at, path: url.pathname, query: publicParams(url), credential: credentialKind(req, url) });
    const send: Send = (status, body, type = JSON_TYPE, headers = {}) => {
      if (res.destroyed || res.writableEnded) return;
      this.stats.status(status);
      res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, JSON.stringify({ success: false, status_message: 'Method not allowed' }));
    // TMDb's image CDN is not rate-limited like the API: images do not count against `rps`.
    if (!/^\/t\/p\//.test(url.pathname) && !this.limiter.tryAcquire(at)) {
      this.stats.rejected();
      const seconds = this.defaultRetryAfter === null ? null : Math.max(this.defaultRetryAfter, this.limiter.secondsUntilFree(at));
      return send(429, JSON.stringify(this.rateLimitBody), JSON_TYPE, retryAfter(seconds));
    }
    const fault = this.faults.take(rawUrl) ?? this.randomFaults?.take(rawUrl);
    if (fault?.kind === 'timeout') return void this.stats.status('timeout'); // never answered; the client gives up
    if (fault?.kind === 'reset') {
      this.stats.status('reset');
      req.socket.destroy();
      return;
    }
    await this.wait(this.latencyMs);
    if (fault?.kind === '429') {
      const seconds = fault.retryAfterSeconds === undefined ? this.defaultRetryAfter : fault.retryAfterSeconds;
      return send(429, JSON.stringify(this.rateLimitBody), JSON_TYPE, retryAfter(seconds));
    }
    if (fault && SERVER_ERRORS[fault.kind]) return send(Number(fault.kind), SERVER_ERRORS[fault.kind].body, SERVER_ERRORS[fault.kind].type);
    return this.answer(req, url, fault?.kind, send);
  }

  /** Images from the CDN path, else the API (after the credential check), with a payload fault applied. */
  private async answer(req: http.IncomingMessage, url: URL, fault: string | undefined, send: Send): Promise<void> {
    const image = /^\/t\/p\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (image) {
      const rendered = this.images.render(image[1], decodeURIComponent(image[2]));
      if (!rendered) return send(404, 'Not Found', 'text/plain');
      const { body, contentType } = await rendered;
      return send(200, body, contentType, { 'cache-control': 'public, max-age=31536000' });
    }
    const { store } = this.options;
    if (!url.pathname.startsWith('/3/')) return send(404, JSON.stringify(store.read('error/tmdblib-error-34-movie-999999999.json')));
    if (!this.authorized(req, url)) return send(401, JSON.stringify(store.read('error/ceg-error-7-invalid-api-key.json')));
    const reply = this.router!(url.pathname.slice(2), url.searchParams);
    let status = reply.status;
    let body = JSON.stringify(status === 200 && this.rewrite ? this.rewrite(url.pathname.slice(2), reply.body) : reply.body);
    if (fault === 'broken-json') {
      status = 200;
      body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    } else if (fault === 'malformed-payload') {
      status = 200;
      body = MALFORMED;
    }
    send(status, body, JSON_TYPE, reply.headers);
  }

  private authorized(req: http.IncomingMessage, url: URL): boolean {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    return bearer === this.options.apiKey || url.searchParams.get('api_key') === this.options.apiKey;
  }

  private wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }
}

function retryAfter(seconds: number | null): Record<string, string> {
  return seconds === null ? {} : { 'retry-after': String(seconds) };
}

function credentialKind(req: http.IncomingMessage, url: URL): StandinRequest['credential'] {
  if (/^Bearer\s/i.test(req.headers.authorization ?? '')) return 'bearer';
  return url.searchParams.has('api_key') ? 'api_key' : 'none';
}

function publicParams(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (k !== 'api_key') out[k] = v;
  return out;
}
