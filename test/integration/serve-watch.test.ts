/**
 * What a person or the plugin sees of a running sidecar: on a terminal, a job's start and end are
 * readable info lines with the end's counts; the signed GET /health/details carries the version,
 * column format, table prefix, queue depth, the last daily run and the last errors, never a secret.
 */
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { startServer, RunningServer } from '../../src/cli/commands/serve.command';
import { createLogger } from '../../src/config/logger';
import { healthDetailsRouter } from '../../src/http/routes/health-details.routes';
import { packageVersion } from '../../src/config/package-version';
import { emptyProgress } from '../../src/domain/job';
import { JobHandler, JobWorker } from '../../src/jobs/job-worker';
import { JobRepository } from '../../src/repositories/job.repository';
import { describeEachDatabase } from '../support/test-databases';
import { signedClient, TEST_WEBHOOK_SECRET } from '../support/signed-client';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

function terminalLogger() {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger({ level: 'info', destination, isTty: true }), lines: () => chunks.join('').trim().split('\n') };
}

describeEachDatabase('watching the sidecar', (t) => {
  it('prints one readable line when a job starts and one with its counts when it ends', async () => {
    const jobs = new JobRepository(t.db, t.prefix);
    const progress = { ...emptyProgress(3), done: 2, failed: 1 };
    const handlers: Record<string, JobHandler> = { watched: { handle: async () => ({ status: 'partial', progress }) } };
    const log = terminalLogger();
    const worker = new JobWorker(jobs, handlers, log.logger, { concurrency: 1 });
    const { job } = await jobs.enqueue({ type: 'watched', payload: {}, objectKey: 'import:popular' });
    expect(await worker.runJob(job.id)).toBe(true);
    const lines = log.lines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^\\[\\d\\d:\\d\\d:\\d\\d\\] INFO: job started job=${job.id} type=watched target=import:popular attempt=1$`));
    expect(lines[1]).toMatch(/INFO: job ended job=\d+ type=watched target=import:popular attempt=1 duration_ms=\d+ status=partial done=2 failed=1 total=3$/);
  });

  it('prints the counts of a long job while it runs, without a line per item', async () => {
    const jobs = new JobRepository(t.db, t.prefix);
    const handlers: Record<string, JobHandler> = {
      watched: {
        handle: async (_job, context) => {
          for (const done of [1, 1, 2]) await context.report({ ...emptyProgress(3), done });
          return { status: 'succeeded', progress: { ...emptyProgress(3), done: 3 } };
        },
      },
    };
    const log = terminalLogger();
    const worker = new JobWorker(jobs, handlers, log.logger, { concurrency: 1, progressLogMs: 0 });
    const { job } = await jobs.enqueue({ type: 'watched', payload: {}, objectKey: 'import:3' });
    expect(await worker.runJob(job.id)).toBe(true);
    const lines = log.lines().map((line) => line.replace(/^\[[\d:]+\] /, ''));
    expect(lines).toEqual([
      `INFO: job started job=${job.id} type=watched target=import:3 attempt=1`,
      `INFO: job progress job=${job.id} type=watched target=import:3 attempt=1 done=1 failed=0 total=3`,
      `INFO: job progress job=${job.id} type=watched target=import:3 attempt=1 done=2 failed=0 total=3`,
      expect.stringMatching(new RegExp(`^INFO: job ended job=${job.id} .* status=succeeded done=3 failed=0 total=3$`)),
    ]);
  });

  describe('GET /health/details', () => {
    let h: SyncHarness;
    let server: RunningServer;
    const { call } = signedClient(() => server.url, TEST_WEBHOOK_SECRET);

    beforeAll(async () => {
      h = await startSyncHarness(t, { env: { TMU_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, PORT: '0' } });
      server = await startServer(h.app);
    });
    afterAll(async () => {
      await server?.close();
      await h?.close();
    });

    it('answers /health with the package version', async () => {
      const res = await fetch(`${server.url}/health`);
      expect(await res.json()).toMatchObject({ status: 'ok', version: packageVersion() });
      expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
    });

    it('refuses an unsigned request', async () => {
      const res = await fetch(`${server.url}/health/details`);
      expect(res.status).toBe(401);
    });

    it('answers a signed request with the version, column format and table prefix, without secrets', async () => {
      const res = await call('GET', '/health/details');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        version: packageVersion(),
        column_format: h.app.config.columnFormat,
        table_prefix: t.prefix,
        wordpress_configured: false,
        tmdb_key_source: 'environment',
      });
      expect(JSON.stringify(res.body)).not.toContain(TEST_WEBHOOK_SECRET);
      expect(JSON.stringify(res.body)).not.toContain(String(h.app.config.tmdb.apiKey));
    });
  });

  it('reports the queue depth, the last daily run and the last errors', async () => {
    const jobs = new JobRepository(t.db, t.prefix);
    const app = express().use(
      healthDetailsRouter({ version: '9.9.9', columnFormat: 'json', tablePrefix: t.prefix, wordpressConfigured: true, jobs, tmdbKeySource: () => 'settings' }),
    );
    const daily = await jobs.enqueue({ type: 'changes', payload: {} });
    const failed = await jobs.enqueue({ type: 'sync', payload: { type: 'movie', tmdb_id: 1 }, objectKey: 'movie:1' });
    const waiting = await jobs.enqueue({ type: 'sync', payload: { type: 'movie', tmdb_id: 2 }, objectKey: 'movie:2' });
    const owner = 'test-owner';
    expect(await jobs.claim(daily.job.id, owner, 60_000)).not.toBeNull();
    await jobs.finish(daily.job.id, owner, 'succeeded', emptyProgress(0), null);
    expect(await jobs.claim(failed.job.id, owner, 60_000)).not.toBeNull();
    await jobs.finish(failed.job.id, owner, 'failed', emptyProgress(1), 'TMDb answered 404 for movie 1');

    const server = app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const body = (await (await fetch(`http://127.0.0.1:${port}/health/details`)).json()) as Record<string, unknown>;
      expect(body).toEqual({
        version: '9.9.9',
        column_format: 'json',
        table_prefix: t.prefix,
        wordpress_configured: true,
        tmdb_key_source: 'settings',
        queue: { queued: 1, running: 0, failed: 1 },
        last_daily_run: { job_id: daily.job.id, status: 'succeeded', finished_at: expect.any(String) },
        last_errors: [{ job_id: failed.job.id, type: 'sync', status: 'failed', finished_at: expect.any(String), error: 'TMDb answered 404 for movie 1' }],
      });
      expect(waiting.job.status).toBe('queued');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
