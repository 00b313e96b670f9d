/**
 * Reliability part 2: hostile HTTP. Every case gets its status, nothing is
 * queued, no answer carries SQL or a stack, and memory stays flat.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { gzipSync, deflateSync } from 'node:zlib';
import { startServer, RunningServer } from '../../src/cli/commands/serve.command';
import { computeSignature } from '../../src/http/webhook-signature';
import { describeEachDatabase } from '../support/test-databases';
import { TEST_WEBHOOK_SECRET } from '../support/signed-client';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { Figures, LEAK } from './figures';

const SECRET = TEST_WEBHOOK_SECRET;
const PATH = '/webhooks/wordpress';
const nowSeconds = () => String(Math.floor(Date.now() / 1000));

interface Case {
  name: string;
  status: number | number[];
  method?: string;
  path?: string;
  /** Raw body as sent (defaults to the signed one). */
  body?: string | Buffer;
  /** Builds the headers for this body; default: a correct signature. */
  headers?: (body: string | Buffer) => Record<string, string>;
}

function signed(body: string | Buffer, overrides: Record<string, string> = {}, method = 'POST', path = PATH): Record<string, string> {
  const timestamp = nowSeconds();
  return {
    'content-type': 'application/json',
    'x-tmu-timestamp': timestamp,
    'x-tmu-delivery': randomUUID(),
    'x-tmu-signature': computeSignature(SECRET, timestamp, method, path, body),
    ...overrides,
  };
}

const event = (e: Record<string, unknown>) => JSON.stringify(e);
const sync = (extra: Record<string, unknown> = {}) => event({ event: 'sync.requested', type: 'movie', tmdb_id: 550, ...extra });

function deep(levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

/** The cases that must be refused: nothing may be queued by any of them. */
function refusedCases(): Case[] {
  const cases: Case[] = [];
  const body = sync();
  // Headers: missing, malformed, wrong.
  for (const drop of ['x-tmu-timestamp', 'x-tmu-delivery', 'x-tmu-signature']) {
    cases.push({ name: `missing ${drop}`, status: 401, body, headers: (b) => Object.fromEntries(Object.entries(signed(b)).filter(([k]) => k !== drop)) });
  }
  const badSignatures = [
    '',
    'sha256=',
    'sha1=abc',
    `sha256=${'0'.repeat(64)}`,
    `sha256=${'A'.repeat(64)}`,
    `SHA256=${'0'.repeat(64)}`,
    `sha256=${'0'.repeat(65)}`,
    'garbage',
    `sha256=${'z'.repeat(64)}`,
    `sha256=${'0'.repeat(63)}`,
  ];
  for (const sig of badSignatures)
    cases.push({ name: `signature ${JSON.stringify(sig.slice(0, 20))}`, status: 401, body, headers: (b) => signed(b, { 'x-tmu-signature': sig }) });
  const badTimestamps = ['', 'abc', '-1', '1.5', '0', '99999999999999', String(Math.floor(Date.now() / 1000) - 301), String(Math.floor(Date.now() / 1000) + 301), ' 1', '1e9'];
  for (const ts of badTimestamps) cases.push({ name: `timestamp ${JSON.stringify(ts)}`, status: 401, body, headers: (b) => ({ ...signed(b), 'x-tmu-timestamp': ts }) });
  const badDeliveries = ['a'.repeat(65), "'; DROP TABLE wp_posts; --", 'has space', '../../etc', 'ü-nicode', '-leading-dash', '%00', '<script>'];
  for (const d of badDeliveries)
    cases.push({
      name: `delivery ${JSON.stringify(d.slice(0, 20))}`,
      status: 400,
      body,
      headers: (b) => signed(b, { 'x-tmu-delivery': encodeURI(d) === d ? d : encodeURIComponent(d) }),
    });
  // Signed for something else.
  cases.push({ name: 'signed for another body', status: 401, body, headers: () => signed(sync({ tmdb_id: 551 })) });
  cases.push({ name: 'signed for another path', status: 401, body, headers: (b) => signed(b, {}, 'POST', '/webhooks/other') });
  cases.push({ name: 'signed for another method', status: 401, body, headers: (b) => signed(b, {}, 'PUT') });
  cases.push({
    name: 'signed with another secret',
    status: 401,
    body,
    headers: (b) => ({ ...signed(b), 'x-tmu-signature': computeSignature('another-secret-0123456789', nowSeconds(), 'POST', PATH, b) }),
  });
  cases.push({ name: 'signed query, sent without it', status: 401, body, headers: (b) => signed(b, {}, 'POST', `${PATH}?x=1`) });
  // Sizes and encodings.
  const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
  cases.push({ name: 'body of 1 MiB + 1 byte', status: 413, body: big });
  cases.push({ name: 'gzip body', status: 415, body: gzipSync(body), headers: (b) => signed(b, { 'content-encoding': 'gzip' }) });
  cases.push({ name: 'deflate body', status: 415, body: deflateSync(body), headers: (b) => signed(b, { 'content-encoding': 'deflate' }) });
  cases.push({ name: 'br header, plain body', status: 415, body, headers: (b) => signed(b, { 'content-encoding': 'br' }) });
  cases.push({ name: 'unknown encoding', status: 415, body, headers: (b) => signed(b, { 'content-encoding': 'x-evil' }) });
  cases.push({ name: 'broken gzip', status: 415, body: Buffer.from([0x1f, 0x8b, 1, 2, 3]), headers: (b) => signed(b, { 'content-encoding': 'gzip' }) });
  // Bodies that are not what the route wants.
  const invalidBodies: Array<[string, string]> = [
    ['not JSON', '{not json'],
    ['truncated JSON', body.slice(0, 20)],
    ['JSON array', '[1,2,3]'],
    ['JSON string', '"sync"'],
    ['JSON number', '42'],
    ['JSON null', 'null'],
    ['JSON true', 'true'],
    ['nesting 10,000 deep', deep(10_000)],
    ['nested object 5,000 deep', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
    ['no event', event({ type: 'movie', tmdb_id: 550 })],
    ['unknown event', event({ event: 'rm.rf' })],
    ['event as number', event({ event: 1 })],
    ['event as object', event({ event: { $ne: null } })],
    ['event __proto__', '{"event":"sync.requested","__proto__":{"tmdb_id":550},"type":"movie"}'],
    ['tmdb_id string', sync({ tmdb_id: '550' })],
    ['tmdb_id negative', sync({ tmdb_id: -550 })],
    ['tmdb_id zero', sync({ tmdb_id: 0 })],
    ['tmdb_id float', sync({ tmdb_id: 550.5 })],
    ['tmdb_id 2^53+2', '{"event":"sync.requested","type":"movie","tmdb_id":9007199254740994}'],
    ['tmdb_id 1e400', '{"event":"sync.requested","type":"movie","tmdb_id":1e400}'],
    ['tmdb_id null', sync({ tmdb_id: null })],
    ['tmdb_id array', sync({ tmdb_id: [550] })],
    ['type unknown', sync({ type: 'podcast' })],
    ['type missing', event({ event: 'sync.requested', tmdb_id: 550 })],
    ['post_id string', sync({ post_id: 'x' })],
    ['post_id negative', sync({ post_id: -1 })],
    ['options wrong type', sync({ options: 'all' })],
    ['options.seasons wrong', sync({ options: { seasons: { all: true } } })],
    ['settings language bad', event({ event: 'settings.updated', language: "en'; --" })],
    ['settings key too long', event({ event: 'settings.updated', tmdb_api_key: 'k'.repeat(513) })],
    ['settings auto_sync string', event({ event: 'settings.updated', auto_sync: 'yes' })],
    ['post.deleted without id', event({ event: 'post.deleted', type: 'movie' })],
    ['post.deleted bad type', event({ event: 'post.deleted', post_id: 1, type: 'page' })],
    ['bulk.requested bad types', event({ event: 'bulk.requested', types: ['everything'] })],
    ['bulk.requested limit -1', event({ event: 'bulk.requested', limit: -1 })],
    ['changes.requested bad since', event({ event: 'changes.requested', since: 'yesterday' })],
    ['UTF-16 body', Buffer.from(sync(), 'utf16le').toString('latin1')],
    ['BOM + JSON', `\ufeff${sync({ tmdb_id: 'x' })}`],
    ['SQL in type', sync({ type: "movie' OR 1=1 --" })],
    ['HTML in event', event({ event: '<script>alert(1)</script>' })],
    ...['sync.cancel', 'post.created', 'admin.login', '', 'SYNC.REQUESTED', 'sync.requested ', 'settings', 'connection', 'list.create'].map((name): [string, string] => [
      `unknown event ${JSON.stringify(name)}`,
      event({ event: name }),
    ]),
    ['discover.requested without keyword', event({ event: 'discover.requested' })],
    ['list.refresh with a bad id', event({ event: 'list.refresh', list_id: 'x' })],
    ['sync.requested with extra 1 MB key', sync({ junk: 'j'.repeat(1000) }).replace('"junk"', '"options"')],
  ];
  for (const [name, raw] of invalidBodies) cases.push({ name, status: 400, body: raw });
  // Routes and methods.
  cases.push({ name: 'unknown route, signed', status: 404, path: '/webhooks/unknown', body });
  cases.push({ name: 'GET the webhook route', status: 404, method: 'GET', path: PATH, body: '' });
  cases.push({ name: 'job id not a number', status: 400, method: 'GET', path: '/jobs/abc', body: '' });
  cases.push({ name: 'job id negative', status: [400, 404], method: 'GET', path: '/jobs/-1', body: '' });
  cases.push({ name: 'job id huge', status: [400, 404], method: 'GET', path: '/jobs/99999999999999999999', body: '' });
  cases.push({ name: 'job that does not exist', status: 404, method: 'GET', path: '/jobs/987654321', body: '' });
  cases.push({ name: 'path traversal (normalized, so unsigned)', status: [401, 404], method: 'GET', path: '/jobs/../../etc/passwd', body: '' });
  return cases;
}

function send(base: string, c: Case): Promise<{ status: number; text: string }> {
  const method = c.method ?? 'POST';
  const path = c.path ?? PATH;
  const body = c.body ?? sync();
  const headers = c.headers ? c.headers(body) : signed(body, {}, method, path);
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (error) => (/EPIPE|ECONNRESET/.test(String(error)) ? resolve({ status: -1, text: '' }) : reject(error)));
    req.end(body);
  });
}

describeEachDatabase('reliability: hostile HTTP', (t) => {
  let h: SyncHarness;
  let server: RunningServer;
  const figures = new Figures(`HTTP hostility [${t.kind}]`);
  let countJobs: () => Promise<number>;

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { TMU_WEBHOOK_SECRET: SECRET, PORT: '0', LOG_LEVEL: 'error' } });
    server = await startServer(h.app);
    countJobs = async () => Number((await t.db(t.table('tmu_sync_jobs')).count({ n: '*' }).first())?.n ?? 0);
  });
  afterAll(async () => {
    figures.print();
    await server?.close();
    await h?.close();
  });

  it('gives each refused case its status, queues nothing and leaks nothing', async () => {
    const cases = refusedCases();
    const jobsBefore = await countJobs();
    const wrong: string[] = [];
    for (const c of cases) {
      const res = await send(server.url, c);
      const expected = Array.isArray(c.status) ? c.status : [c.status];
      if (!expected.includes(res.status)) wrong.push(`${c.name}: ${res.status} (wanted ${expected.join('/')}) ${res.text.slice(0, 120)}`);
      if (LEAK.test(res.text)) wrong.push(`${c.name}: answer leaks: ${res.text.slice(0, 200)}`);
    }
    figures.add('refused cases', cases.length);
    figures.add('wrong status or leak', wrong.length);
    expect(wrong).toEqual([]);
    expect(await countJobs()).toBe(jobsBefore);
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it('runs a delivery once: replays on the same process, another process and after a restart', async () => {
    const body = event({ event: 'settings.updated', auto_sync: true });
    const headers = signed(body);
    const first = await send(server.url, { name: 'first', status: 200, body, headers: () => headers });
    const again = await send(server.url, { name: 'again', status: 200, body, headers: () => headers });
    const other = await startServer(await h.anotherProcess());
    const elsewhere = await send(other.url, { name: 'elsewhere', status: 200, body, headers: () => headers });
    await other.close();
    const sameDeliveryNewBody = await send(server.url, {
      name: 'new body',
      status: 200,
      body: sync(),
      headers: () => ({ ...signed(sync()), 'x-tmu-delivery': headers['x-tmu-delivery'] }),
    });
    figures.add('replays answered from the first run', [again, elsewhere].filter((r) => r.text === first.text).length + ' of 2');
    expect([first.status, again.status, elsewhere.status]).toEqual([200, 200, 200]);
    expect(again.text).toBe(first.text);
    expect(elsewhere.text).toBe(first.text);
    // A delivery id reused for another event gets the earlier answer, never a second run.
    expect(sameDeliveryNewBody.status).toBe(200);
    expect(sameDeliveryNewBody.text).toBe(first.text);
  });

  it('keeps memory flat under 200 unsigned 1 MiB requests and refuses slow unsigned bodies at once', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const body = Buffer.alloc(1024 * 1024, 0x61);
    const statuses = new Map<number, number>();
    for (let round = 0; round < 10; round += 1) {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => send(server.url, { name: 'flood', status: 401, body, headers: () => ({ 'content-type': 'application/json' }) })),
      );
      for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
    const grownMiB = Math.round((process.memoryUsage().rss - before) / 1024 / 1024);
    figures.add('200 unsigned 1 MiB requests: statuses', JSON.stringify(Object.fromEntries(statuses)));
    figures.add('RSS growth (MiB), client and server in one process', grownMiB);
    expect([...statuses.keys()].every((s) => s === 401 || s === -1)).toBe(true);
    expect(grownMiB).toBeLessThan(120);
    // A slow unsigned body: refused on its headers while the body is still coming.
    const slow = await new Promise<number>((resolve) => {
      const req = http.request(`${server.url}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100000' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', () => undefined);
      req.write('{"event":');
    });
    figures.add('slow unsigned body', slow);
    expect(slow).toBe(401);
  });

  it('answers a signed event that is valid with 202 and queues exactly one job', async () => {
    const jobsBefore = await countJobs();
    const res = await send(server.url, { name: 'valid', status: 202, body: sync({ tmdb_id: 551 }) });
    expect(res.status).toBe(202);
    expect(await countJobs()).toBe(jobsBefore + 1);
  });
});
