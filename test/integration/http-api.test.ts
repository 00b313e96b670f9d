import { randomUUID } from 'node:crypto';
import { startServer, RunningServer } from '../../src/cli/commands/serve.command';
import { signedHeaders } from '../../src/http/webhook-signature';
import { describeEachDatabase } from '../support/test-databases';
import { signedClient, TEST_WEBHOOK_SECRET } from '../support/signed-client';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

const SECRET = TEST_WEBHOOK_SECRET;

describeEachDatabase('sidecar HTTP API', (t) => {
  let h: SyncHarness;
  let server: RunningServer;

  const { call, waitForJob } = signedClient(() => server.url, SECRET);

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { TMU_WEBHOOK_SECRET: SECRET, PORT: '0' } });
    server = await startServer(h.app);
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  it('answers /health without a signature', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'ok' });
  });

  it('queues a signed sync.requested, runs it, and reports the job', async () => {
    const accepted = await call('POST', '/webhooks/wordpress', { event: 'sync.requested', type: 'movie', tmdb_id: 550, options: { images: false } });
    expect(accepted.status).toBe(202);
    expect(accepted.body.job_id).toEqual(expect.any(Number));
    const job = await waitForJob(accepted.body.job_id);
    expect(job).toMatchObject({ status: 'succeeded', type: 'sync', progress: { done: 1, failed: 0, total: 1 }, errors: [] });
    expect(job.finished_at).toEqual(expect.any(String));
    expect(await t.db(t.table('tmu_movies')).where({ tmdb_id: 550 })).toHaveLength(1);
    const log = await t.db(t.table('tmu_sync_log')).where({ job_id: accepted.body.job_id });
    expect(log).toEqual([expect.objectContaining({ type: 'movie', tmdb_id: 550, action: 'synced' })]);
  });

  it('keeps who asked for a sync or an import in the job, which the plugin shows to that user only', async () => {
    const requester = 4242;
    const sync = await call('POST', '/webhooks/wordpress', { event: 'sync.requested', type: 'movie', tmdb_id: 550, options: { images: false }, requested_by: requester });
    const imported = await call('POST', '/import', { items: [{ type: 'movie', tmdb_id: 550 }], status: 'draft', options: { images: false }, requested_by: requester });
    expect([sync.status, imported.status]).toEqual([202, 202]);
    for (const id of [sync.body.job_id, imported.body.job_id]) {
      const row = await t.db(t.table('tmu_sync_jobs')).where({ id }).first();
      expect(JSON.parse(row.payload)).toMatchObject({ requested_by: requester });
      // Only the payload matters here: the work itself is not waited for.
      expect((await call('POST', `/jobs/${id}/cancel`)).status).toBe(200);
    }
  });

  it('records a failed job with its reason', async () => {
    const accepted = await call('POST', '/webhooks/wordpress', { event: 'sync.requested', type: 'movie', tmdb_id: 999999999 });
    const job = await waitForJob(accepted.body.job_id);
    expect(job.status).toBe('failed');
    expect(job.errors[0]).toMatchObject({ tmdb_id: 999999999, message: expect.stringMatching(/tmdb_not_found/) });
    const log = await t.db(t.table('tmu_sync_log')).where({ job_id: accepted.body.job_id });
    expect(log).toEqual([expect.objectContaining({ action: 'failed', message: expect.stringMatching(/tmdb_not_found/) })]);
  });

  it('rejects unsigned, stale and tampered webhooks, and runs nothing', async () => {
    const jobsBefore = await t.db(t.table('tmu_sync_jobs')).count({ n: '*' });
    const event = { event: 'sync.requested', type: 'movie', tmdb_id: 551 };
    expect((await call('POST', '/webhooks/wordpress', event, { sign: false })).status).toBe(401);
    const stale = await call('POST', '/webhooks/wordpress', event, { now: Date.now() - 301_000 });
    expect(stale).toMatchObject({ status: 401, body: { error: { code: 'signature_stale' } } });
    const tampered = await call('POST', '/webhooks/wordpress', event, { tamper: JSON.stringify({ ...event, tmdb_id: 552 }) });
    expect(tampered).toMatchObject({ status: 401, body: { error: { code: 'signature_invalid' } } });
    expect(await t.db(t.table('tmu_sync_jobs')).count({ n: '*' })).toEqual(jobsBefore);
  });

  it('executes a delivery once and replays its first answer', async () => {
    const delivery = randomUUID();
    const event = { event: 'sync.requested', type: 'person', tmdb_id: 287, options: { images: false } };
    const first = await call('POST', '/webhooks/wordpress', event, { delivery });
    const replay = await call('POST', '/webhooks/wordpress', event, { delivery });
    expect(replay).toEqual(first);
    expect(await t.db(t.table('tmu_sync_jobs')).where({ delivery_id: delivery })).toHaveLength(1);
    await waitForJob(first.body.job_id);
  });

  it('answers bad bodies with 400 naming the field, and big ones with 413', async () => {
    const badJson = await call('POST', '/webhooks/wordpress', undefined, { tamper: '{not json' });
    expect(badJson.status).toBe(401); // the signature covers the raw body, so tampering is caught first
    const raw = '{"event":';
    const headers = { 'content-type': 'application/json', ...signedHeaders(SECRET, 'POST', '/webhooks/wordpress', raw, randomUUID()) };
    const invalid = await fetch(`${server.url}/webhooks/wordpress`, { method: 'POST', headers, body: raw });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'invalid_json' } });

    const wrongType = await call('POST', '/webhooks/wordpress', { event: 'sync.requested', type: 'movie', tmdb_id: 'x' });
    expect(wrongType).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', field: 'tmdb_id' } } });
    const unknown = await call('POST', '/webhooks/wordpress', { event: 'nope.happened' });
    expect(unknown.status).toBe(400);

    const big = await call('POST', '/webhooks/wordpress', { event: 'connection.test', pad: 'x'.repeat(1024 * 1024) });
    expect(big.status).toBe(413);
  });

  it('searches TMDb and answers connection tests', async () => {
    const search = await call('GET', '/search?q=Fight%20Club&type=movie');
    expect(search.status).toBe(200);
    expect(search.body.results[0]).toMatchObject({ tmdb_id: 550, type: 'movie', title: 'Fight Club', year: 1999 });
    expect(search.body.results[0].poster_url).toMatch(/^http.*\/w185\/.+/);
    const test = await call('POST', '/webhooks/wordpress', { event: 'connection.test' });
    expect(test).toEqual({
      status: 200,
      body: {
        sidecar: 'ok',
        signature: 'ok',
        tmdb: 'ok',
        wordpress: 'not_configured',
        wordpress_message: expect.stringMatching(/^WP_URL, WP_USERNAME and WP_APP_PASSWORD are not set/),
      },
    });
  });

  it('exposes Prometheus metrics', async () => {
    const res = await fetch(`${server.url}/metrics`);
    const text = await res.text();
    expect(text).toMatch(/tmu_tmdb_requests_total\{status="200"\} \d+/);
    expect(text).toMatch(/tmu_jobs\{state="succeeded"\} \d+/);
  });
});
