/**
 * REDIS_URL mode against the real Redis at TEST_REDIS_URL (e.g. redis://127.0.0.1:6379): two
 * containers on one database stand for two sidecar processes of one site. Without
 * TEST_REDIS_URL only the "Redis not answering" suite runs.
 */
import { Redis } from 'ioredis';
import { MemoryApiCache } from '../../src/clients/tmdb/api-cache';
import { TmdbClient } from '../../src/clients/tmdb/tmdb.client';
import { loadConfig } from '../../src/config/config';
import type { JobWorker } from '../../src/jobs/job-worker';
import { RedisRunCoordinator } from '../../src/clients/redis/redis-run-coordinator';
import { Schedules, scheduleLogType } from '../../src/jobs/schedules';
import { AppContainer, buildContainer } from '../../src/main';
import { describeEachDatabase } from '../support/test-databases';
import { redisTestUrl, whenRedis } from '../support/optional-services';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { DETAILS_ONLY, detailRequests, freshTmdbIds, waitFor } from '../support/jobs-fixtures';
import { startTmdbStandin, TmdbStandin } from '../../tools/tmdb-standin/tmdb-standin.server';
import { captureLogger, standinTmdbConfig } from '../support/tmdb-standin/tmdb-test-kit';

const REDIS_URL = redisTestUrl() ?? '';
/** Long enough that only an announcement through Redis can start a job within the test. */
const NO_POLL_MS = 10 * 60_000;

async function removeKeys(redis: Redis, namespace: string): Promise<void> {
  const keys = await redis.keys(`${namespace}*`);
  if (keys.length) await redis.del(...keys);
}

whenRedis(describeEachDatabase)('REDIS_URL mode: two sidecar processes', (t) => {
  let h: SyncHarness;
  let second: AppContainer;

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { REDIS_URL, JOB_CONCURRENCY: '2' } });
    second = await h.anotherProcess();
  });
  afterAll(async () => {
    const redis = new Redis(REDIS_URL);
    if (h?.app.cluster) await removeKeys(redis, h.app.cluster.namespace);
    redis.disconnect();
    await h?.close();
  });

  it('derives one namespace per site, so both processes share it', () => {
    expect(h.app.cluster?.namespace).toMatch(/^tmu:[0-9a-f]{12}$/);
    expect(second.cluster?.namespace).toBe(h.app.cluster?.namespace);
  });

  it('starts announced jobs at once on either process, each exactly once', async () => {
    const workers: JobWorker[] = [];
    for (const app of [h.app, second]) {
      const worker = app.createWorker({ pollMs: NO_POLL_MS });
      worker.start();
      // More messages at once than the worker has slots (JOB_CONCURRENCY 2): the worker must hold the rest back.
      app.cluster!.dispatch.consume(worker, 4);
      workers.push(worker);
    }
    // Let the workers' first poll find an empty queue, so only announcements can start what follows.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ids = freshTmdbIds(16);
    h.standin.resetStats();
    h.standin.setLatency(30);
    // Watch the table while they run: no process may run more than its JOB_CONCURRENCY at once.
    const peakPerOwner = new Map<string, number>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const running: Array<{ lease_owner: string; n: number | string }> = await t
          .db(t.table('tmu_sync_jobs'))
          .where({ status: 'running' })
          .groupBy('lease_owner')
          .select('lease_owner', t.db.raw('count(*) as n'));
        for (const { lease_owner: owner, n } of running) peakPerOwner.set(owner, Math.max(peakPerOwner.get(owner) ?? 0, Number(n)));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const jobs = await Promise.all(
      ids.map((id, i) =>
        (i % 2 === 0 ? h.app : second).jobs.enqueue({ type: 'sync', payload: { type: 'movie', tmdb_id: id, options: DETAILS_ONLY }, objectKey: `movie:${id}` }),
      ),
    );
    const jobIds = jobs.map((j) => j.job.id);
    try {
      await waitFor(
        'every announced job to succeed',
        async () => (await t.db(t.table('tmu_sync_jobs')).whereIn('id', jobIds).where({ status: 'succeeded' })).length === ids.length,
        30_000,
      );
    } finally {
      // A failure must not leave the sampler or the workers running into the next test.
      sampling = false;
      await sampler;
      h.standin.setLatency(0);
      await Promise.all(workers.map((w) => w.stop()));
    }
    expect([...peakPerOwner.keys()].sort()).toEqual(workers.map((w) => w.owner).sort());
    expect(Math.max(...peakPerOwner.values())).toBeLessThanOrEqual(2);
    const requests = detailRequests(h.standin.stats().byPath, 'movie');
    expect(ids.map((id) => requests.get(id))).toEqual(ids.map(() => 1));
    expect(await t.db(t.table('tmu_movies')).whereIn('tmdb_id', ids)).toHaveLength(ids.length);
  });

  it('runs each schedule tick on one process only', async () => {
    const cron = { daily: '* * * * * *', weekly: '0 0 1 1 *', timezone: 'UTC' };
    const schedules = [h.app, second].map(
      (app) => new Schedules({ jobs: app.jobs, state: app.state, syncLog: app.syncLog, logger: app.logger, cron, coordinator: app.cluster!.coordinator }),
    );
    const since = new Date();
    await Promise.all(schedules.map((s) => s.start()));
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await Promise.all(schedules.map((s) => s.stop()));
    const until = new Date();
    // A tick fires at each whole second in between; unelected, both processes would log every one.
    const ticks = Math.floor(until.getTime() / 1000) - Math.floor(since.getTime() / 1000);

    // Every tick leaves one line: "started" when it queued the run, "skipped" while that run is still queued.
    const lines = await t
      .db(t.table('tmu_sync_log'))
      .where({ type: scheduleLogType('daily') })
      .where('at', '>=', since)
      .select('action');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(ticks);
    expect(lines.filter((l) => l.action === 'started')).toHaveLength(1);
  });
});

whenRedis(describe)('REDIS_URL mode: the schedule coordinator', () => {
  it('lets exactly one of several processes claim a tick', async () => {
    const connections = [new Redis(REDIS_URL), new Redis(REDIS_URL), new Redis(REDIS_URL)];
    const namespace = `tmu:test-${process.pid}-${Date.now()}`;
    try {
      const coordinators = connections.map((redis, i) => new RedisRunCoordinator(redis, namespace, `p${i}`));
      const first = await Promise.all(coordinators.map((c) => c.shouldRun('tmu-daily:2026-11-23T03:00:00.000Z', 60_000)));
      expect(first.filter(Boolean)).toHaveLength(1);
      const next = await Promise.all(coordinators.map((c) => c.shouldRun('tmu-daily:2026-11-24T03:00:00.000Z', 60_000)));
      expect(next.filter(Boolean)).toHaveLength(1);
    } finally {
      await removeKeys(connections[0], namespace);
      connections.forEach((c) => c.disconnect());
    }
  });
});

whenRedis(describe)('REDIS_URL mode: one TMDb limiter for the cluster', () => {
  const standins: TmdbStandin[] = [];
  const clients: TmdbClient[] = [];
  let redis: Redis;
  const namespace = `tmu:test-limiter-${process.pid}-${Date.now()}`;

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(standins.map((s) => s.close()));
    await removeKeys(redis, namespace);
    redis.disconnect();
  });

  async function twoProcesses(maxRps: number, cluster: boolean): Promise<TmdbStandin> {
    // The stand-in allows far more than maxRps, so every request counts once and only spacing shows.
    const standin = await startTmdbStandin({ rps: 1000 });
    standins.push(standin);
    const pair = [0, 1].map(
      () =>
        new TmdbClient({
          config: standinTmdbConfig(standin, { maxRps, maxConnections: 4, timeoutMs: 15_000 }),
          cache: new MemoryApiCache(),
          logger: captureLogger('silent').logger,
          cluster: cluster ? { redis, id: `${namespace}:tmdb` } : undefined,
          // Clients and stand-in share this test's event loop; under a loaded CI machine a stall releases
          // queued requests together, so the spacing keeps the wider margin the single-process limiter test uses.
          limiter: { windowMarginMs: 300 },
        }),
    );
    clients.push(...pair);
    await Promise.all(pair.flatMap((client, p) => Array.from({ length: 25 }, (_, i) => client.getMovie(300_000 + p * 1000 + i))));
    return standin;
  }

  it('keeps two processes together within TMDB_MAX_RPS', async () => {
    const standin = await twoProcesses(10, true);
    expect(standin.stats().requests).toBe(50);
    expect(standin.stats().maxInAnyWindow(1000)).toBeLessThanOrEqual(10);
  });

  it('(without Redis, each process would spend the whole budget on its own)', async () => {
    const standin = await twoProcesses(10, false);
    expect(standin.stats().maxInAnyWindow(1000)).toBeGreaterThan(10);
  });
});

describe('REDIS_URL mode: Redis not answering', () => {
  it('refuses to start with an error naming REDIS_URL, without the password', async () => {
    const standin = await startTmdbStandin();
    try {
      const env = {
        DATABASE_URL: 'sqlite::memory:',
        TMDB_API_KEY: standin.apiKey,
        TMDB_BASE_URL: standin.url,
        REDIS_URL: 'redis://:hunter2-secret@127.0.0.1:1',
      };
      const failure = buildContainer(loadConfig(env), { logger: captureLogger('silent').logger });
      await expect(failure).rejects.toMatchObject({ code: 'redis_unavailable' });
      await expect(failure).rejects.toThrow(/^REDIS_URL: Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1 did not answer/);
    } finally {
      await standin.close();
    }
  });
});
