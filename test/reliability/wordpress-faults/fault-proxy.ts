/**
 * A reverse proxy between the sidecar and a real WordPress that injects the faults a hosting stack
 * has: an answer lost after WordPress committed, a gateway's 504 while PHP goes on, an answer held
 * past the client's timeout, a body limit (413), and a site that resets every connection. A policy
 * picks the fault per request; every request is read whole first, so uploads can be judged by size.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** `gateway-504`: like gateway-timeout, but 504 also when WordPress answers first (the gateway lost it), so the fault always bites. */
type Fault = 'pass' | 'drop' | 'gateway-timeout' | 'gateway-504' | 'hold' | 'too-large' | 'down';

interface ProxyRequest {
  method: string;
  /** The REST route (?rest_route=), e.g. /batch/v1. */
  route: string;
  bytes: number;
  /** POST /batch/v1 or a media upload: the requests that create things. */
  write: boolean;
  upload: boolean;
  /** 1 for the first write since the last reset, and so on (0 for other requests). */
  writeNo: number;
}

export type Policy = (request: ProxyRequest) => Fault;

export interface FaultProxyOptions {
  /** When a gateway gives up and answers 504 (the upstream request goes on). */
  gatewayTimeoutMs: number;
  /** How long a held answer waits before it is relayed (longer than WP_TIMEOUT_MS). */
  holdMs: number;
}

export interface FaultProxy {
  url: string;
  policy: Policy;
  /** Requests by the fault they were given since the last reset (pass included). */
  counts: Record<Fault, number>;
  /** Of the gateway-timeout ones: answered 504 (WordPress had not answered by then). */
  gateway504s: number;
  /** TMDb paths (meta tmdb_file_path) of uploads that did not end in an attachment: 413 here, or WordPress's error. */
  failedUploads: Map<string, number>;
  /** Sizes of the uploads seen, in bytes (to pick a body limit that bites). */
  uploadSizes: number[];
  /** Upstream requests still running (a 504 or a hold leaves them going). */
  inFlight(): number;
  reset(): void;
  close(): Promise<void>;
}

const NGINX_413 =
  '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const NGINX_504 =
  '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function tmdbFilePath(body: Buffer): string | null {
  const m = /name="meta\[tmdb_file_path\]"\r\n\r\n([^\r\n]*)/.exec(body.toString('latin1'));
  return m ? m[1] : null;
}

/** The TMDb paths (item keys) a plugin media request (tmu/v1/media) carries in its `items` field. */
function mediaKeys(body: Buffer): string[] {
  const m = /name="items"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]*)/.exec(body.toString('utf8'));
  try {
    const items = JSON.parse(m ? m[1] : body.toString('utf8')) as unknown;
    const list = Array.isArray(items) ? items : (items as { items?: unknown[] }).items;
    return Array.isArray(list) ? list.map((item) => String((item as { key?: unknown }).key ?? '')).filter((key) => key !== '') : [];
  } catch {
    return [];
  }
}

/** Per key of a media request's 200 answer: the item's error status, or 0 when it became an attachment. */
function mediaOutcomes(answer: Buffer): Map<string, number> {
  const out = new Map<string, number>();
  try {
    // The site prints a PHP notice in front of its JSON (display_errors on): read from the answer's object.
    const text = answer.toString('utf8');
    const items = (JSON.parse(text.slice(Math.max(0, text.indexOf('{"items"')))) as { items?: Array<{ key?: string; error?: { status?: number } }> }).items ?? [];
    for (const item of items) if (item.key) out.set(item.key, item.error ? Number(item.error.status ?? 500) : 0);
  } catch {
    // Not JSON: the caller counts the request's status for every key.
  }
  return out;
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function html(res: http.ServerResponse, status: number, body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Forwards the whole request on its own connection; WordPress's whole answer (a failure is a 502, never a rejection). */
function forward(upstream: URL, req: http.IncomingMessage, body: Buffer): Promise<Answer> {
  return new Promise((resolve) => {
    const failed = () => resolve({ status: 502, headers: {}, body: Buffer.from('') });
    const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent: false }, (answer) => {
      readAll(answer)
        .then((data) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: data }))
        .catch(failed);
    });
    out.on('error', failed);
    out.end(body);
  });
}

function relay(res: http.ServerResponse, answer: Answer): void {
  if (res.headersSent || res.destroyed) return;
  const headers = { ...answer.headers, 'content-length': String(answer.body.length) };
  delete headers['transfer-encoding'];
  delete headers.connection;
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

export async function startFaultProxy(target: string, options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(target);
  const zero = (): Record<Fault, number> => ({ pass: 0, drop: 0, 'gateway-timeout': 0, 'gateway-504': 0, hold: 0, 'too-large': 0, down: 0 });
  let writeNo = 0;
  let running = 0;
  const proxy: FaultProxy = {
    url: '',
    policy: () => 'pass',
    counts: zero(),
    gateway504s: 0,
    failedUploads: new Map(),
    uploadSizes: [],
    inFlight: () => running,
    reset: () => {
      writeNo = 0;
      proxy.counts = zero();
      proxy.gateway504s = 0;
      proxy.failedUploads.clear();
      proxy.uploadSizes.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  /** Forwards, unless the fault says otherwise, and does to the answer what the fault says. */
  /** Records each key's outcome: a failure until the same image is uploaded after all (a smaller media request). */
  const record = (keys: string[], status: number, answer?: Buffer) => {
    const items = answer && status < 400 ? mediaOutcomes(answer) : new Map<string, number>();
    for (const key of keys) {
      const outcome = status >= 400 ? status : (items.get(key) ?? 0);
      if (outcome >= 400) proxy.failedUploads.set(key, outcome);
      else proxy.failedUploads.delete(key);
    }
  };

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse, fault: Fault, body: Buffer, keys: string[]) => {
    if (fault === 'down') return void req.socket.destroy();
    if (fault === 'too-large') {
      record(keys, 413);
      return html(res, 413, NGINX_413);
    }
    const started = Date.now();
    // A gateway gives up at its timeout; the request to WordPress goes on.
    const gateway = fault === 'gateway-timeout' || fault === 'gateway-504';
    let answered504 = false;
    const answer504 = () => {
      if (answered504) return;
      answered504 = true;
      proxy.gateway504s += 1;
      html(res, 504, NGINX_504);
    };
    const gaveUp = gateway ? setTimeout(answer504, options.gatewayTimeoutMs) : undefined;
    running += 1;
    const answer = await forward(upstream, req, body).finally(() => (running -= 1));
    clearTimeout(gaveUp);
    record(keys, answer.status, answer.body);
    if (fault === 'gateway-504') return answer504();
    if (answered504) return;
    // WordPress committed and answered; the answer never reaches the sidecar.
    if (fault === 'drop') return void req.socket.destroy();
    if (fault === 'hold') await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + options.holdMs - Date.now())));
    relay(res, answer);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    res.on('error', () => undefined);
    const route = new URL(req.url ?? '/', 'http://proxy').searchParams.get('rest_route') ?? '';
    // An image goes up alone (/wp/v2/media) or with the rest of a title's in the plugin's media request.
    const upload = req.method === 'POST' && (route === '/wp/v2/media' || route === '/tmu/v1/media');
    const write = upload || (req.method === 'POST' && route === '/batch/v1');
    const body = await readAll(req).catch(() => Buffer.from(''));
    if (write) writeNo += 1;
    if (upload) proxy.uploadSizes.push(body.length);
    const fault = proxy.policy({ method: req.method ?? 'GET', route, bytes: body.length, write, upload, writeNo: write ? writeNo : 0 });
    proxy.counts[fault] += 1;
    const keys = !upload ? [] : route === '/tmu/v1/media' ? mediaKeys(body) : [tmdbFilePath(body)].filter((key): key is string => key !== null);
    await serve(req, res, fault, body, keys);
  };
  // A failure of the proxy itself must not pass for WordPress's answer: the sidecar gets a 502 that names it.
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`fault proxy failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  // Once per connection (keep-alive sockets carry many requests): a reset is part of the faults.
  server.on('connection', (socket) => socket.on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
