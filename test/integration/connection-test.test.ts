import { buildContainer, AppContainer } from '../../src/main';
import { loadConfig } from '../../src/config/config';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

/** connection.test names the real cause of a failed TMDb check, so the admin's headline and rows agree. */
describeEachDatabase('connection.test', (t) => {
  let h: SyncHarness;
  const extra: AppContainer[] = [];

  beforeAll(async () => {
    h = await startSyncHarness(t);
  });
  afterAll(async () => {
    for (const app of extra) await app.close();
    await h?.close();
  });

  async function probe(env: Record<string, string>): Promise<Record<string, unknown>> {
    const app = await buildContainer(loadConfig({ ...h.env, TMDB_MAX_RETRIES: '0', ...env }), { logger: captureLogger('error').logger, migrate: false });
    extra.push(app);
    return (await app.webhooks.handle({ event: 'connection.test' }, null)).body;
  }

  it('says ok with a working key', async () => {
    expect(await probe({})).toMatchObject({ sidecar: 'ok', signature: 'ok', tmdb: 'ok' });
  });

  it('says invalid_key when TMDb refuses the key', async () => {
    const answer = await probe({ TMDB_API_KEY: 'not-the-standin-key' });
    // A plain sentence; the code and TMDb's own words ride beside it.
    expect(answer).toMatchObject({ tmdb: 'invalid_key', tmdb_code: 'tmdb_auth', tmdb_message: expect.stringMatching(/^TMDb rejected the credentials/) });
    expect(answer.tmdb_message).not.toMatch(/tmdb_auth|status_code/);
    expect(answer.tmdb_detail).toMatch(/^status_code 7: /);
  });

  it('says not_found (not "unreachable") when the key check answers 404', async () => {
    expect(await probe({ TMDB_BASE_URL: `${h.standin.url}/nothing-here` })).toMatchObject({
      tmdb: 'not_found',
      tmdb_code: 'tmdb_not_found',
      tmdb_message: expect.stringMatching(/^TMDb has no GET /),
    });
  });

  it('says refused when nothing listens at TMDB_BASE_URL', async () => {
    expect(await probe({ TMDB_BASE_URL: 'http://127.0.0.1:9/3' })).toMatchObject({ tmdb: 'refused', tmdb_message: expect.stringContaining('ECONNREFUSED') });
  });

  it('schedule.run queues what a tick of the schedule would, once at a time', async () => {
    const first = await h.app.webhooks.handle({ event: 'schedule.run', name: 'weekly' }, null);
    expect(first).toMatchObject({ status: 202, body: { job_id: expect.any(Number), status: 'queued' } });
    const job = await h.app.jobs.get(first.body.job_id as number);
    expect(job).toMatchObject({ type: 'refresh', payload: { schedule: 'weekly' } });
    const again = await h.app.webhooks.handle({ event: 'schedule.run', name: 'weekly' }, null);
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'schedule_running' }, job_id: first.body.job_id } });
  });
});
