import { startServer, RunningServer } from '../../src/cli/commands/serve.command';
import { describeEachDatabase } from '../support/test-databases';
import { signedClient, TEST_WEBHOOK_SECRET } from '../support/signed-client';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { DETAILS_ONLY, freshTmdbIds, seedLibrary } from '../support/jobs-fixtures';

const SECRET = TEST_WEBHOOK_SECRET;

describeEachDatabase('bulk, changes and post.deleted webhooks', (t) => {
  let h: SyncHarness;
  let server: RunningServer;

  const { call, waitForJob: jobEnd } = signedClient(() => server.url, SECRET);

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { TMU_WEBHOOK_SECRET: SECRET, PORT: '0' } });
    server = await startServer(h.app);
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  it('queues bulk.requested (202 {job_id}), runs it and reports its progress', async () => {
    const people = await seedLibrary(h.app, 'person', freshTmdbIds(5));
    const accepted = await call('POST', '/webhooks/wordpress', { event: 'bulk.requested', types: ['person'], options: DETAILS_ONLY });
    expect(accepted).toMatchObject({ status: 202, body: { job_id: expect.any(Number) } });
    const job = await jobEnd(accepted.body.job_id);
    expect(job).toMatchObject({ type: 'bulk', status: 'succeeded', progress: { done: people.length, failed: 0, total: people.length }, errors: [] });
    expect(job.log[job.log.length - 1]).toBe(`succeeded: ${people.length} synced, 0 failed of ${people.length}`);

    const invalid = await call('POST', '/webhooks/wordpress', { event: 'bulk.requested', types: ['film'] });
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', field: 'types.0' } } });
  });

  it('queues changes.requested and validates `since`', async () => {
    h.standin.setChanges('movie', []);
    h.standin.setChanges('tv', []);
    h.standin.setChanges('person', []);
    const since = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const accepted = await call('POST', '/webhooks/wordpress', { event: 'changes.requested', since });
    expect(accepted.status).toBe(202);
    const job = await jobEnd(accepted.body.job_id);
    expect(job).toMatchObject({ type: 'changes', status: 'succeeded', progress: { done: 0, total: 0 } });
    const bad = await call('POST', '/webhooks/wordpress', { event: 'changes.requested', since: '03/05/2024' });
    expect(bad).toMatchObject({ status: 400, body: { error: { field: 'since' } } });
  });

  it('observes sync durations for Prometheus', async () => {
    const [id] = freshTmdbIds(1);
    const accepted = await call('POST', '/webhooks/wordpress', { event: 'sync.requested', type: 'movie', tmdb_id: id, options: DETAILS_ONLY });
    await jobEnd(accepted.body.job_id);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/tmu_sync_duration_seconds_count\{type="movie",outcome="succeeded"\} [1-9]/);
    expect(text).toMatch(/tmu_sync_duration_seconds_count\{type="person",outcome="succeeded"\} [1-9]/);
  });

  it('post.deleted removes a series with its seasons, episodes, videos, credits and fingerprints', async () => {
    const result = await h.app.sync.sync('tv', 1396, { images: false, seasons: [1] });
    const postId = result.postId;
    const seasons = await t.db(t.table('tmu_tv_series_seasons')).where({ tv_series: postId });
    const seasonIds = seasons.map((s) => Number(s.ID));
    expect(seasons.length).toBeGreaterThan(0);
    expect(await t.db(t.table('tmu_tv_series_episodes')).where({ tv_series: postId })).not.toHaveLength(0);
    expect(await t.db(t.table('tmu_videos')).where({ post_id: postId })).not.toHaveLength(0);
    expect(await t.db(t.table('tmu_sync_fingerprints')).where({ object_id: postId })).not.toHaveLength(0);
    const other = await h.app.sync.sync('movie', 550, { images: false, credits: false });
    const otherPrints = await t.db(t.table('tmu_sync_fingerprints')).where({ object_id: other.postId });

    const deleted = await call('POST', '/webhooks/wordpress', { event: 'post.deleted', post_id: postId, type: 'tv' });
    expect(deleted).toMatchObject({ status: 200, body: { ok: true, removed: expect.any(Number) } });
    expect(await t.db(t.table('tmu_tv_series')).where({ ID: postId })).toHaveLength(0);
    expect(await t.db(t.table('tmu_tv_series_seasons')).where({ tv_series: postId })).toHaveLength(0);
    expect(await t.db(t.table('tmu_tv_series_episodes')).where({ tv_series: postId })).toHaveLength(0);
    expect(await t.db(t.table('tmu_videos')).where({ post_id: postId })).toHaveLength(0);
    expect(await t.db(t.table('tmu_tv_series_cast')).where({ tv_series: postId })).toHaveLength(0);
    expect(await t.db(t.table('tmu_sync_fingerprints')).whereIn('object_id', [postId, ...seasonIds])).toHaveLength(0);
    // Nothing else goes with it.
    expect(await t.db(t.table('tmu_sync_fingerprints')).where({ object_id: other.postId })).toHaveLength(otherPrints.length);
    expect(await t.db(t.table('tmu_movies')).where({ ID: other.postId })).toHaveLength(1);
  });
});
