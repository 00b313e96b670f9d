/**
 * A reverse proxy in front of a real server that can answer 500 for a window,
 * as a site does while its PHP or database is down. Outside the window every
 * request is passed through untouched.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OutageProxy {
  url: string;
  /** From now on, every request gets 500 without reaching the server, for `ms`. */
  outage(ms: number): void;
  inOutage(): boolean;
  stats(): { passed: number; refused: number };
  close(): Promise<void>;
}

export async function startOutageProxy(target: string): Promise<OutageProxy> {
  const upstream = new URL(target);
  let until = 0;
  let passed = 0;
  let refused = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const server = http.createServer((req, res) => {
    if (Date.now() < until) {
      refused += 1;
      req.resume();
      const body = '<html><body><h1>500 Internal Server Error</h1><p>There has been a critical error on this website.</p></body></html>';
      res.writeHead(500, { 'content-type': 'text/html; charset=UTF-8', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
      return;
    }
    passed += 1;
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host }, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    outage: (ms) => {
      until = Date.now() + ms;
    },
    inOutage: () => Date.now() < until,
    stats: () => ({ passed, refused }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
