/**
 * The plugin against a real WordPress with the sidecar set in wp-config.php and a fake sidecar: imports,
 * bulks and searches it forwards, the jobs table it reads, and what it says when the sidecar is down,
 * refuses its signature or answers an error.
 */
import { FAKE_SEARCH_RESULTS, FakeSidecar } from './support/fake-sidecar';
import { expectSigned, makeApi, SECRET } from './support/plugin-requests';
import { jobRowsPhp, pluginLogLines, startConstantsSite } from './support/plugin-site';
import { WordPressStack } from './support/wordpress-stack';

describe('TMU Sidecar plugin in a real WordPress (constants in wp-config.php): calls to the sidecar', () => {
  let stack: WordPressStack;
  let sidecar: FakeSidecar;
  let movieId = 0;
  const api = makeApi(() => stack);

  beforeAll(async () => {
    ({ stack, sidecar } = await startConstantsSite({ wpPort: 18221, sidecarPort: 18921, dbName: 'tmu_e2e_plugin_calls' }));
    // The movie the jobs and failures below are about, written as the sidecar writes (no auto-sync).
    const created = await api('POST', '/wp/v2/movie', { body: { title: 'Fight Club', status: 'publish', meta: { tmdb_id: 550 } } });
    expect(created.status).toBe(201);
    movieId = created.body.id;
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await sidecar?.close();
  });

  beforeEach(() => sidecar.reset());

  test('import sends sync.requested without post_id; bulk sends bulk.requested', async () => {
    const imported = await api('POST', '/tmu/v1/import', { body: { type: 'people', tmdb_id: 287, options: { videos: false } } });
    expect(imported.status).toBe(202);
    expect(imported.body.job_id).toEqual(expect.any(Number));
    const sync = sidecar.events('sync.requested')[0];
    expectSigned(sync);
    expect(sync.body).toEqual({
      event: 'sync.requested',
      type: 'person',
      tmdb_id: 287,
      options: { images: true, videos: false, credits: true },
      requested_by: stack.admin.id,
    });

    const all = await api('POST', '/tmu/v1/bulk', { body: {} });
    expect(all.status).toBe(202);
    const some = await api('POST', '/tmu/v1/bulk', { body: { types: ['movie', 'people'] } });
    expect(some.status).toBe(202);
    const bulks = sidecar.events('bulk.requested');
    expect(bulks.map((r) => r.body)).toEqual([{ event: 'bulk.requested' }, { event: 'bulk.requested', types: ['movie', 'person'] }]);
    bulks.forEach((r) => expectSigned(r));

    expect((await api('POST', '/tmu/v1/import', { body: { type: 'book', tmdb_id: 1 } })).status).toBe(400);
    expect((await api('POST', '/tmu/v1/bulk', { body: { types: ['book'] } })).status).toBe(400);
  });

  test('search forwards a signed GET /search and returns the results', async () => {
    const res = await api('GET', '/tmu/v1/search', { query: { q: 'fight club & co', type: 'movie' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, total_pages: 1 });
    expect(res.body.results).toEqual(FAKE_SEARCH_RESULTS);
    const [request] = sidecar.requests;
    expect(request.method).toBe('GET');
    expect(request.url).toBe('/search?q=fight%20club%20%26%20co&type=movie');
    expect(request.rawBody).toBe('');
    expectSigned(request);

    expect((await api('GET', '/tmu/v1/search', { query: { q: 'x', type: 'book' } })).status).toBe(400);
    expect((await api('GET', '/tmu/v1/search')).status).toBe(400);
  });

  test('GET tmu/v1/jobs/{id} reads the jobs table directly', async () => {
    const prefix = stack.tablePrefix;
    const out = await stack.runPhp(jobRowsPhp(movieId));
    const [partialId, runningId, failedId, table] = JSON.parse(out) as [number, number, number, string];
    expect(table).toBe(`${prefix}tmu_sync_jobs`);

    const partial = await api('GET', `/tmu/v1/jobs/${partialId}`);
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({
      id: partialId,
      type: 'sync',
      status: 'partial',
      attempts: 1,
      progress: { done: 3, failed: 1, total: 4 },
      log: ['movie 550 synced', 'video abc failed'],
      errors: [{ tmdb_id: 551, post_id: null, message: 'TMDb answered 404' }],
      created_at: '2024-05-01T10:00:00.250Z',
      started_at: '2024-05-01T10:00:01.000Z',
      finished_at: '2024-05-01T10:00:09.000Z',
      target: { type: 'movie', tmdb_id: 550, post_id: movieId },
    });
    expect(partial.body.post).toMatchObject({ id: movieId, title: 'Fight Club', featured_media: 0 });
    expect(partial.body.post.featured_image_html).toContain('_thumbnail_id');

    const running = await api('GET', `/tmu/v1/jobs/${runningId}`);
    expect(running.body).toMatchObject({ id: runningId, status: 'running', progress: { done: 1, failed: 0, total: 10 }, errors: [], finished_at: null });
    expect(running.body.post).toBeUndefined();

    const failed = await api('GET', `/tmu/v1/jobs/${failedId}`);
    expect(failed.body).toMatchObject({
      status: 'failed',
      attempts: 5,
      error: 'TMDb key rejected',
      errors: [{ tmdb_id: 42, post_id: null, message: 'TMDb key rejected' }],
    });

    const missing = await api('GET', '/tmu/v1/jobs/99999');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('tmu_job_not_found');
    expect((await api('GET', '/tmu/v1/jobs/abc')).status).toBe(404); // no route
    expect(sidecar.requests).toHaveLength(0);
  });

  test('with the sidecar down, sync answers 503 tmu_sidecar_unreachable at once, and Test connection says so', async () => {
    await sidecar.close();
    try {
      const res = await api('POST', '/tmu/v1/sync', { body: { post_id: movieId } });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('tmu_sidecar_unreachable');
      // An administrator reads a plain sentence; the sidecar URL is in the details.
      expect(res.body.message).toBe('The sync service is not answering.');
      expect(res.body.data.details).toMatchObject({ code: 'tmu_sidecar_unreachable', status: 503, sidecar_url: sidecar.url });
      expect(res.ms).toBeLessThan(5000);

      const search = await api('GET', '/tmu/v1/search', { query: { q: 'matrix' } });
      expect(search.status).toBe(503);

      const probe = await api('POST', '/tmu/v1/test-connection');
      expect(probe.status).toBe(200);
      expect(probe.body).toMatchObject({ ok: false, failed: 'sidecar', checks: { sidecar: 'failed', signature: 'unknown', tmdb: 'unknown' } });
      expect(probe.body.message).toMatch(/unreachable/i);
    } finally {
      await sidecar.listen();
    }
  });

  test('Test connection: OK, signature rejected (wrong secret), TMDb key invalid', async () => {
    const ok = await api('POST', '/tmu/v1/test-connection');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, failed: null, checks: { sidecar: 'ok', signature: 'ok', tmdb: 'ok' } });
    const [probe] = sidecar.events('connection.test');
    expectSigned(probe);
    expect(probe.body).toEqual({ event: 'connection.test' });

    sidecar.secret = 'the-sidecar-has-another-secret-000';
    const rejected = await api('POST', '/tmu/v1/test-connection');
    expect(rejected.body).toMatchObject({ ok: false, failed: 'signature', checks: { sidecar: 'ok', signature: 'failed', tmdb: 'unknown' } });
    expect(rejected.body.message).toMatch(/^Signature rejected/);
    const sync = await api('POST', '/tmu/v1/sync', { body: { post_id: movieId } });
    expect(sync.status).toBe(502);
    expect(sync.body.code).toBe('tmu_sidecar_signature_rejected');

    sidecar.secret = SECRET;
    let tmdbAnswer: unknown = 'invalid_key';
    sidecar.handler = (r) =>
      (r.body as { event?: string } | null)?.event === 'connection.test' ? { status: 200, body: { sidecar: 'ok', signature: 'ok', tmdb: tmdbAnswer } } : undefined;
    const badKey = await api('POST', '/tmu/v1/test-connection');
    expect(badKey.body).toMatchObject({ ok: false, failed: 'tmdb', checks: { sidecar: 'ok', signature: 'ok', tmdb: 'failed' } });
    expect(badKey.body.message).toMatch(/^TMDb key invalid/);

    tmdbAnswer = { ok: false, message: 'Invalid API key: You must be granted a valid key.' };
    const detailed = await api('POST', '/tmu/v1/test-connection');
    expect(detailed.body.failed).toBe('tmdb');
    expect(detailed.body.message).toContain('Invalid API key: You must be granted a valid key.');

    tmdbAnswer = 'unreachable';
    const noTmdb = await api('POST', '/tmu/v1/test-connection');
    expect(noTmdb.body).toMatchObject({ ok: false, failed: 'tmdb', checks: { tmdb: 'failed' } });
    expect(noTmdb.body.message).toMatch(/^TMDb unreachable/);
    expect(noTmdb.body.causes.tmdb).toBe('unreachable');

    // The headline and the TMDb row name the same cause: a 404 is "not found", never "unreachable".
    tmdbAnswer = 'not_found';
    const notFound = await api('POST', '/tmu/v1/test-connection');
    expect(notFound.body).toMatchObject({ ok: false, failed: 'tmdb', checks: { tmdb: 'failed' }, causes: { tmdb: 'not found (HTTP 404)' } });
    expect(notFound.body.message).toMatch(/^TMDb not found: /);
    tmdbAnswer = 'refused';
    const refused = await api('POST', '/tmu/v1/test-connection');
    expect(refused.body).toMatchObject({ failed: 'tmdb', causes: { tmdb: 'connection refused' } });
    expect(refused.body.message).toMatch(/^TMDb refused the connection/);
    tmdbAnswer = 'invalid_key';
    expect((await api('POST', '/tmu/v1/test-connection')).body.causes.tmdb).toBe('key invalid');
  });

  test('sidecar errors become WP_Errors: 400 with the sidecar message, 502 without a job id', async () => {
    sidecar.handler = () => ({ status: 400, body: { error: { code: 'invalid_payload', message: 'tmdb_id must be positive', field: 'tmdb_id' } } });
    const refused = await api('POST', '/tmu/v1/sync', { body: { post_id: movieId } });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('tmu_sidecar_rejected');
    expect(refused.body.message).toContain('tmdb_id must be positive');

    sidecar.handler = () => ({ status: 202, body: {} });
    const noJob = await api('POST', '/tmu/v1/sync', { body: { post_id: movieId } });
    expect(noJob.status).toBe(502);
    expect(noJob.body.code).toBe('tmu_sidecar_bad_response');
  });

  test('the plugin logged no PHP warnings or notices', () => {
    const lines = pluginLogLines(stack);
    // "not delivered" lines are the expected diagnostics of fire-and-forget events while the sidecar was down.
    expect(lines.filter((line) => !line.includes('not delivered'))).toEqual([]);
  });
});
