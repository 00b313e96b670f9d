import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { WordPressError } from '../../../src/errors';
import { WordPressClient } from '../../../src/clients/wordpress/wordpress.client';
import { parseWordPressAnswer } from '../../../src/clients/wordpress/wordpress-answer';
import { WordPressWriter } from '../../../src/clients/wordpress/wordpress-writer';
import type { BatchRequest } from '../../../src/clients/wordpress/wordpress.types';

/** What PHP prints before the JSON with display_errors and html_errors on (PHP 8.2, an older plugin). */
const phpNotice = (n = 1) => '<br />\n<b>Warning</b>:  Undefined variable $legacy in <b>/var/www/html/wp-content/plugins/old/old.php</b> on line <b>12</b><br />\n'.repeat(n);

type Route = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

/** A stand-in for WordPress's web server that answers each rest_route as told, and counts requests. */
async function startServer(routes: Record<string, Route>): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const route = new URL(req.url ?? '/', 'http://x').searchParams.get('rest_route') ?? '';
      seen.push(`${req.method} ${route}`);
      const handler = routes[`${req.method} ${route}`];
      if (handler) handler(req, res, body);
      else res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'rest_no_route', message: 'No route', data: { status: 404 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json =
  (value: unknown, prefix = '', status = 200): Route =>
  (_req, res) =>
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(prefix + JSON.stringify(value));

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
  return { logger: pino({ level: 'warn' }, stream), lines };
}

const client = (url: string, logger = pino({ level: 'silent' }), timeoutMs?: number) =>
  new WordPressClient({ url, username: 'sidecar', appPassword: 'app pass', logger, ...(timeoutMs ? { timeoutMs } : {}) });

const creates = (n: number): BatchRequest[] => Array.from({ length: n }, (_, i) => ({ method: 'POST', path: '/wp/v2/people', body: { title: `Person ${i}` } }));

describe('WordPressClient answers with PHP output in front of the JSON', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  afterEach(async () => server?.close());

  it('finds what resolve answers and says once, without markup, that display_errors is on', async () => {
    const answer = { tmdb_ids: { 'movie:550': 12 }, keys: {}, posts: [], terms: {}, media: {} };
    server = await startServer({ 'POST /tmu/v1/resolve': json(answer, phpNotice(2)) });
    const { logger, lines } = capturingLogger();
    const wp = client(server.url, logger);
    for (let i = 0; i < 3; i += 1) expect((await wp.resolve({ tmdbIds: [{ type: 'movie', tmdb_id: 550 }] } as never)).tmdb_ids).toEqual({ 'movie:550': 12 });
    const warnings = lines.filter((l) => /display_errors/.test(String(l.msg)));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].phpOutput)).toMatch(/^Warning: Undefined variable \$legacy in \/var\/www/);
    expect(String(warnings[0].phpOutput)).not.toMatch(/[<>]/);
    expect(wp.phpOutput()!.length).toBeLessThanOrEqual(200);
  });

  it('reads a batch answer behind a notice as the items it lists: none is sent again alone', async () => {
    const responses = creates(3).map((_, i) => ({ status: 201, body: { id: 100 + i } }));
    server = await startServer({
      'OPTIONS /batch/v1': json({ endpoints: [{ args: { requests: { maxItems: 25 } } }] }, phpNotice()),
      'POST /batch/v1': json({ responses }, phpNotice()),
    });
    const answers = await new WordPressWriter(client(server.url), pino({ level: 'silent' })).writeAll(creates(3));
    expect(answers.map((a) => (a.body as { id: number }).id)).toEqual([100, 101, 102]);
    expect(server.seen).toEqual(['OPTIONS /batch/v1', 'POST /batch/v1']);
  });

  it('never reads a batch answer that holds no JSON as every item failed: the whole write is retryable', async () => {
    server = await startServer({
      'OPTIONS /batch/v1': json({ endpoints: [{ args: { requests: { maxItems: 25 } } }] }),
      'POST /batch/v1': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Fatal error: Allowed memory size exhausted</body></html>'),
    });
    const error = await new WordPressWriter(client(server.url), pino({ level: 'silent' })).writeAll(creates(3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WordPressError);
    expect((error as WordPressError).retryable).toBe(true);
    expect(server.seen.filter((s) => s === 'POST /wp/v2/people')).toEqual([]);
  });

  it('checks the credentials behind a notice, and reports the notice instead of missing capabilities', async () => {
    const caps = { edit_posts: true, edit_others_posts: true, publish_posts: true, upload_files: true, manage_categories: true };
    server = await startServer({
      'GET /wp/v2/users/me': json({ slug: 'sidecar', capabilities: caps }, phpNotice()),
      'GET /wp/v2/types': json({}, phpNotice()),
      'GET /wp/v2/taxonomies': json({}, phpNotice()),
    });
    const checked = await client(server.url).checkCredentials();
    expect(checked.username).toBe('sidecar');
    expect(checked.phpOutput).toMatch(/Undefined variable \$legacy/);
  });

  it('takes an error body answered 200 (the notice went out before the headers) as the error it is', async () => {
    server = await startServer({ 'GET /wp/v2/movie/9': json({ code: 'rest_post_invalid_id', message: 'Invalid post ID.', data: { status: 404 } }, phpNotice(), 200) });
    expect(await client(server.url).getPost('movie', 9)).toBeNull();
  });

  it('takes a 404 error body behind a notice as a 404', async () => {
    server = await startServer({ 'GET /wp/v2/movie/9': json({ code: 'rest_post_invalid_id', message: 'Invalid post ID.', data: { status: 404 } }, phpNotice(), 404) });
    expect(await client(server.url).getPost('movie', 9)).toBeNull();
  });
});

describe('WordPressClient transport faults are retryable', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  afterEach(async () => server?.close());

  const failureOf = async (route: Route, timeoutMs?: number) => {
    server = await startServer({ 'POST /tmu/v1/resolve': route });
    return client(server.url, undefined, timeoutMs)
      .resolve({})
      .then(
        () => null,
        (e: unknown) => e as WordPressError,
      );
  };

  it('retries a request WordPress holds past WP_TIMEOUT_MS', async () => {
    const error = await failureOf(() => undefined /* never answers */, 1000);
    expect(error).toBeInstanceOf(WordPressError);
    expect(error!.retryable).toBe(true);
    expect(error!.message).toMatch(/ECONNABORTED|timeout/);
  });

  it('retries a connection reset', async () => {
    const error = await failureOf((req) => req.socket.destroy());
    expect(error!.retryable).toBe(true);
  });

  it.each([502, 503, 504])('retries a gateway %i that carries an HTML page', async (status) => {
    const error = await failureOf((_req, res) => res.writeHead(status, { 'content-type': 'text/html' }).end('<html><body><h1>Gateway Time-out</h1></body></html>'));
    expect(error!.status).toBe(status);
    expect(error!.retryable).toBe(true);
  });
});

describe('parseWordPressAnswer', () => {
  it('skips braces inside the notice and takes the JSON that follows', () => {
    const parsed = parseWordPressAnswer('Notice: array key {0} is undefined in x.php on line 3\n[{"id":4}]');
    expect(parsed).toEqual({ body: [{ id: 4 }], phpOutput: 'Notice: array key {0} is undefined in x.php on line 3' });
  });

  it('leaves clean JSON, an empty body and text without JSON as they are', () => {
    expect(parseWordPressAnswer('{"a":1}')).toEqual({ body: { a: 1 }, phpOutput: null });
    expect(parseWordPressAnswer('')).toEqual({ body: null, phpOutput: null });
    expect(parseWordPressAnswer('Bad gateway')).toEqual({ body: 'Bad gateway', phpOutput: null });
  });
});

/**
 * `/batch/v1` on a host that dies past `survives` items: PHP writes the first `survives`, then a
 * gateway answers 504 with its own page, or nothing answers at all. Creates are idempotent.
 */
function dyingBatch(survives: number, death: 'gateway' | 'silence', written: string[]): Route {
  const ids = new Map<string, number>();
  return (_req, res, body) => {
    const requests = (JSON.parse(body) as { requests: Array<{ body: { title: string } }> }).requests;
    const responses = requests.slice(0, survives).map(({ body: { title } }) => {
      if (!ids.has(title)) written.push(title);
      if (!ids.has(title)) ids.set(title, 100 + ids.size);
      return { status: 201, body: { id: ids.get(title) } };
    });
    if (requests.length <= survives) return json({ responses })(_req, res, body);
    if (death === 'gateway') res.writeHead(504, { 'content-type': 'text/html' }).end('<html><body><h1>504 Gateway Time-out</h1></body></html>');
  };
}

describe('WordPressWriter over HTTP when a batch dies', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  afterEach(async () => server?.close());

  it.each(['gateway', 'silence'] as const)('writes every item once when a batch of more than 4 dies (%s)', async (death) => {
    const written: string[] = [];
    server = await startServer({
      'OPTIONS /batch/v1': json({ endpoints: [{ args: { requests: { maxItems: 25 } } }] }),
      'POST /batch/v1': dyingBatch(4, death, written),
    });
    const answers = await new WordPressWriter(client(server.url, undefined, death === 'silence' ? 400 : undefined), pino({ level: 'silent' })).writeAll(creates(12));
    expect(written.sort()).toEqual(
      creates(12)
        .map((r) => String(r.body?.title))
        .sort(),
    );
    expect(new Set(answers.map((a) => (a.body as { id: number }).id)).size).toBe(12);
    // 12 dies, 6 dies, 3 + 3 fit, the other 6 likewise; nothing is sent alone.
    expect(server.seen).toEqual(['OPTIONS /batch/v1', ...Array(7).fill('POST /batch/v1')]);
  });
});
