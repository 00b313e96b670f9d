/**
 * A stand-in for the sidecar's HTTP API, for plugin tests: records every request, checks the
 * webhook signature with a shared secret (401 when it is wrong), and answers webhooks
 * with 202 {job_id}.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { shiftedPort } from './wordpress-stack';

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  body: unknown;
  signatureValid: boolean;
  receivedAt: number;
}

interface FakeSidecarReply {
  status: number;
  body?: unknown;
}

type FakeSidecarHandler = (request: RecordedRequest) => FakeSidecarReply | undefined;

export interface FakeSidecar {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** The secret signatures are checked with (change it to simulate a mismatch). */
  secret: string;
  /** Custom answers; return undefined to fall back to the default ones. */
  handler: FakeSidecarHandler | undefined;
  /** Webhook requests carrying this event. */
  events(event?: string): RecordedRequest[];
  /** Resolves with the first request matching `predicate` (already received or arriving within timeoutMs). */
  waitFor(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  reset(): void;
  close(): Promise<void>;
  /** Listens again on the same port after close(). */
  listen(): Promise<void>;
}

/** hex HMAC-SHA256(secret, timestamp + "." + METHOD + "." + path_with_query + "." + raw_body). */
export function signatureFor(secret: string, timestamp: string, method: string, pathWithQuery: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${method.toUpperCase()}.${pathWithQuery}.${rawBody}`).digest('hex')}`;
}

function verifySignature(secret: string, request: Pick<RecordedRequest, 'method' | 'url' | 'headers' | 'rawBody'>): boolean {
  const timestamp = request.headers['x-tmu-timestamp'];
  const signature = request.headers['x-tmu-signature'];
  const delivery = request.headers['x-tmu-delivery'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || typeof delivery !== 'string') return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(signatureFor(secret, timestamp, request.method, request.url, request.rawBody));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** What the fake answers to every search: the plugin must pass it through unchanged. */
export const FAKE_SEARCH_RESULTS = [
  {
    tmdb_id: 550,
    type: 'movie',
    title: 'Fight Club',
    year: 1999,
    poster_url: 'https://image.tmdb.org/t/p/w185/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg',
    overview: 'A ticking-time-bomb insomniac...',
  },
];

export async function startFakeSidecar(given: { port: number; secret: string }): Promise<FakeSidecar> {
  const options = { ...given, port: shiftedPort(given.port) };
  let nextJobId = 1000;
  const waiters: Array<{ predicate: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }> = [];

  const state: FakeSidecar = {
    url: `http://127.0.0.1:${options.port}`,
    port: options.port,
    requests: [],
    secret: options.secret,
    handler: undefined,
    events(event?: string) {
      return state.requests.filter(
        (r) => r.method === 'POST' && r.url === '/webhooks/wordpress' && (event === undefined || (r.body as { event?: string } | null)?.event === event),
      );
    },
    waitFor(predicate, timeoutMs = 10_000) {
      const found = state.requests.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) {
            waiters.splice(index, 1);
            reject(new Error(`fake sidecar: no matching request within ${timeoutMs} ms`));
          }
        }, timeoutMs).unref();
      });
    },
    reset() {
      state.requests.length = 0;
      state.handler = undefined;
      state.secret = options.secret;
    },
    close: () => close(),
    listen: () => listen(),
  };

  const defaultReply = (request: RecordedRequest): FakeSidecarReply => {
    if (request.method === 'GET' && request.url === '/health') return { status: 200, body: { status: 'ok', db: 'ok', version: 'fake' } };
    if (!request.signatureValid) return { status: 401, body: { error: { code: 'bad_signature', message: 'invalid signature' } } };
    if (request.method === 'POST' && request.url === '/webhooks/wordpress') {
      const event = (request.body as { event?: string } | null)?.event;
      if (event === 'connection.test') return { status: 200, body: { sidecar: 'ok', signature: 'ok', tmdb: 'ok' } };
      return { status: 202, body: { job_id: ++nextJobId } };
    }
    if (request.method === 'GET' && request.url.startsWith('/search?')) {
      return {
        status: 200,
        body: { page: 1, total_pages: 1, results: FAKE_SEARCH_RESULTS },
      };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'no such route' } } };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = rawBody ? JSON.parse(rawBody) : null;
      } catch {
        body = rawBody;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        rawBody,
        body,
        signatureValid: false,
        receivedAt: Date.now(),
      };
      recorded.signatureValid = verifySignature(state.secret, recorded);
      state.requests.push(recorded);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(recorded)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(recorded);
        }
      }
      const reply = state.handler?.(recorded) ?? defaultReply(recorded);
      res.writeHead(reply.status, { 'Content-Type': 'application/json' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
      server.closeAllConnections();
    });

  await listen();
  const address = server.address() as AddressInfo;
  state.port = address.port;
  state.url = `http://127.0.0.1:${address.port}`;
  return state;
}
