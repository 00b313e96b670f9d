/**
 * Reliability defects 7–10 (docs/reliability.md): replays across processes, headers checked before the
 * body, no SQL in any answer, and the right status codes.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import knex from 'knex';
import { createHttpApp } from '../../src/http/app';
import { startServer, RunningServer } from '../../src/cli/commands/serve.command';
import { signedHeaders } from '../../src/http/webhook-signature';
import { JobRepository } from '../../src/repositories/job.repository';
import { describeEachDatabase } from '../support/test-databases';
import { signedClient, TEST_WEBHOOK_SECRET } from '../support/signed-client';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';

const SECRET = TEST_WEBHOOK_SECRET;

/** Sends headers and the first chunk of a body that never ends; resolves with the status as soon as one arrives. */
function statusBeforeBodyEnds(url: string, headers: Record<string, string>): Promise<{ status: number; req: http.ClientRequest }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(1024 * 1024), ...headers } });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, req });
    });
    req.on('error', (error) => (String(error).includes('EPIPE') || String(error).includes('ECONNRESET') ? undefined : reject(error)));
    req.write('{"event":"sync.requested",');
  });
}

describeEachDatabase('HTTP reliability', (t) => {
  let h: SyncHarness;
  let server: RunningServer;
  const { call } = signedClient(() => server.url, SECRET);

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { TMU_WEBHOOK_SECRET: SECRET, PORT: '0' } });
    server = await startServer(h.app);
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  it('refuses a replayed delivery after a restart and on another process (defect 7)', async () => {
    const delivery = randomUUID();
    const event = { event: 'settings.updated', auto_sync: true };
    const first = await call('POST', '/webhooks/wordpress', event, { delivery });
    expect(first.status).toBe(200);
    // Another process on the same database, its memory empty, as after a restart.
    const other = await h.anotherProcess();
    const second = await startServer(other);
    try {
      const headers = { 'content-type': 'application/json', ...signedHeaders(SECRET, 'POST', '/webhooks/wordpress', JSON.stringify(event), delivery) };
      const replay = await fetch(`${second.url}/webhooks/wordpress`, { method: 'POST', headers, body: JSON.stringify(event) });
      expect(replay.headers.get('x-tmu-replayed')).toBe('1');
      expect({ status: replay.status, body: await replay.json() }).toEqual(first);
    } finally {
      await second.close();
    }
  });

  it('refuses an unsigned request on its headers, before reading its body (defect 8)', async () => {
    const { status, req } = await statusBeforeBodyEnds(`${server.url}/webhooks/wordpress`, {});
    req.destroy();
    expect(status).toBe(401);
  });

  it('reads at most 16 bodies at once and answers the rest 503 (defect 8)', async () => {
    const slow: http.ClientRequest[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 16; i += 1) {
      const req = http.request(`${server.url}/webhooks/wordpress`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '100000', ...signedHeaders(SECRET, 'POST', '/webhooks/wordpress', '', randomUUID()) },
      });
      req.on('error', () => undefined);
      req.write('{');
      slow.push(req);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { status, req } = await statusBeforeBodyEnds(`${server.url}/webhooks/wordpress`, signedHeaders(SECRET, 'POST', '/webhooks/wordpress', '', randomUUID()));
    statuses.push(status);
    req.destroy();
    for (const r of slow) r.destroy();
    expect(statuses).toEqual([503]);
    // The slots come back once those connections are gone.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await call('POST', '/webhooks/wordpress', { event: 'connection.test' })).status).toBe(200);
  });

  it('answers a malformed delivery id with 400 and never with SQL (defect 9)', async () => {
    const jobsBefore = await t.db(t.table('tmu_sync_jobs')).count({ n: '*' });
    const res = await call('POST', '/webhooks/wordpress', { event: 'sync.requested', type: 'movie', tmdb_id: 550 }, { delivery: 'a'.repeat(65) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_delivery');
    expect(JSON.stringify(res.body)).not.toMatch(/insert|select|tmu_sync/i);
    expect(await t.db(t.table('tmu_sync_jobs')).count({ n: '*' })).toEqual(jobsBefore);
  });

  it('answers a compressed or broken Content-Encoding body with 415, not 500 (defect 10)', async () => {
    const raw = 'not gzip at all';
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip', ...signedHeaders(SECRET, 'POST', '/webhooks/wordpress', raw, randomUUID()) };
    const res = await fetch(`${server.url}/webhooks/wordpress`, { method: 'POST', headers, body: raw });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: { code: 'unsupported_encoding' } });
  });

  it('answers GET /jobs/:id with 503 and no SQL while the database is down (defect 10)', async () => {
    // A database that refuses connections: a closed port.
    const down = knex({
      client: 'mysql2',
      connection: { host: '127.0.0.1', port: 1, user: 'root' },
      pool: { min: 0, max: 1 },
      acquireConnectionTimeout: 2000,
      log: { error: () => undefined, warn: () => undefined },
    });
    const app = createHttpApp({
      secret: SECRET,
      logger: captureLogger('warn').logger,
      health: { version: 'test', database: async () => undefined },
      metrics: h.app.metrics.registry,
      jobs: new JobRepository(down, t.prefix),
      tmdb: h.app.tmdb,
      imageBaseUrl: 'http://127.0.0.1',
      webhooks: h.app.webhooks,
      imports: h.app.imports.browse,
      replays: h.app.deliveries,
    });
    const listener = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    const { port } = listener.address() as { port: number };
    try {
      const res = await signedClient(() => `http://127.0.0.1:${port}`, SECRET).call('GET', '/jobs/1');
      expect(res.status).toBe(503);
      expect(JSON.stringify(res.body)).not.toMatch(/select|tmu_sync_jobs|127\.0\.0\.1/i);
    } finally {
      listener.close();
      await down.destroy();
    }
  });
});
