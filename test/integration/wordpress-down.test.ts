import { WordPressError } from '../../src/errors';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

/** Nothing listens on port 9 of the loopback: WordPress is down. */
const DEAD_WORDPRESS = { WP_URL: 'http://127.0.0.1:9', WP_USERNAME: 'admin', WP_APP_PASSWORD: 'abcd efgh ijkl mnop' };

describeEachDatabase('WordPress being down', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t, { env: DEAD_WORDPRESS });
  });
  afterAll(async () => h?.close());

  it('fails the sync with a clear, retryable error and writes no row', async () => {
    const before = await h.counts();
    const error = await h.app.sync.sync('movie', 550, { images: false, credits: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WordPressError);
    expect((error as WordPressError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/WordPress is unreachable/);
    expect((error as Error).message).not.toContain(DEAD_WORDPRESS.WP_APP_PASSWORD);
    expect(await h.counts()).toEqual(before);
  });

  it('keeps the job and retries it later instead of losing it', async () => {
    const { job } = await h.app.jobs.enqueue({ type: 'sync', payload: { type: 'movie', tmdb_id: 550, options: { images: false } } });
    const worker = h.app.createWorker({ retryBaseMs: 60_000 });
    expect(await worker.runOnce()).toBe(true);
    const after = await h.app.jobs.get(job.id);
    expect(after).toMatchObject({ status: 'queued', attempts: 1 });
    expect(after!.error).toMatch(/WordPress is unreachable/);
    expect(after!.runAt.getTime()).toBeGreaterThan(Date.now() + 10_000);
  });

  it('gives a title requested by webhook five attempts, so its retries outlast an outage of half a minute', async () => {
    // The fault run: WordPress answering 500 for 20 s failed titles for good after 3 attempts (2.5-15 s of backoff).
    const answer = await h.app.webhooks.handle({ event: 'sync.requested', type: 'movie', tmdb_id: 550, options: { images: false } }, 'wp-down-attempts');
    const jobId = (answer.body as { job_id: number }).job_id;
    const worker = h.app.createWorker({ retryBaseMs: 1 });
    const states: string[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(await worker.runJob(jobId)).toBe(true);
      states.push((await h.app.jobs.get(jobId))!.status);
    }
    expect(states).toEqual(['queued', 'queued', 'queued', 'queued', 'failed']);
    expect((await h.app.jobs.get(jobId))!.error).toMatch(/WordPress is unreachable/);
  });
});
