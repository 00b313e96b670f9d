/**
 * Reliability defects 1 and 5 (docs/reliability.md): the TMDb limiter of REDIS_URL mode, against a
 * Redis of its own that the test restarts. Two clients stand for two processes.
 */
import { Redis } from 'ioredis';
import { MemoryApiCache } from '../../src/clients/tmdb/api-cache';
import { TmdbClient } from '../../src/clients/tmdb/tmdb.client';
import { startOwnRedis, OwnServer } from '../support/own-servers';
import { startTmdbStandin, TmdbStandin } from '../../tools/tmdb-standin/tmdb-standin.server';
import { captureLogger, standinTmdbConfig } from '../support/tmdb-standin/tmdb-test-kit';

describe('the shared TMDb limiter (REDIS_URL mode)', () => {
  let redisServer: OwnServer;
  let standin: TmdbStandin;
  const opened: Array<{ client: TmdbClient; redis: Redis }> = [];

  async function client(maxRps: number, id: string): Promise<TmdbClient> {
    const redis = new Redis(redisServer.url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(n * 100, 1000) });
    redis.on('error', () => undefined);
    const c = new TmdbClient({
      config: standinTmdbConfig(standin, { maxRps, maxConnections: 4, maxRetries: 4 }),
      cache: new MemoryApiCache(),
      logger: captureLogger('warn').logger,
      retry: { baseDelayMs: 50, maxDelayMs: 200 },
      // Clients and stand-in share this test's event loop: a stall on a loaded machine sends queued
      // requests late and together, so the window keeps the wider margin the other limiter tests use.
      limiter: { windowMarginMs: 300 },
      cluster: { redis, id },
    });
    opened.push({ client: c, redis });
    return c;
  }

  beforeAll(async () => {
    redisServer = await startOwnRedis();
    standin = await startTmdbStandin({ rps: 1000 });
  });
  afterAll(async () => {
    for (const { client: c, redis } of opened) {
      await c.close();
      redis.disconnect();
    }
    await standin?.close();
    await redisServer?.close();
  });

  it('keeps working after Redis restarts empty (defect 1)', async () => {
    const a = await client(20, 'restart-test');
    await a.search('fight', 'movie');
    await redisServer.restart();
    // The first calls may meet the reconnect; none may fail for good.
    const results = await Promise.all([1, 2, 3].map((page) => a.search('club', 'movie', page)));
    expect(results.map((r) => r.page)).toEqual([1, 2, 3]);
  });

  it('holds TMDB_MAX_RPS across two processes (defect 5)', async () => {
    const [a, b] = [await client(10, 'cap-test'), await client(10, 'cap-test')];
    standin.resetStats();
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).search(`cap ${i}`, 'movie')));
    expect(standin.stats().requests).toBe(30);
    // TMDb sees its own one-second windows; the stand-in counts arrivals in any 1000 ms.
    expect(standin.stats().maxInAnyWindow(1000)).toBeLessThanOrEqual(10);
  });

  it("pauses every process for a 429's Retry-After (defect 5)", async () => {
    const [a, b] = [await client(50, 'pause-test'), await client(50, 'pause-test')];
    await Promise.all([a.search('warm-a', 'movie'), b.search('warm-b', 'movie')]);
    standin.injectFaults([{ match: 'pause-a', kind: '429', times: 1, retryAfterSeconds: 2 }]);
    standin.resetStats();
    const first = a.search('pause-a', 'movie');
    // Let A meet its 429, then B asks: it must wait for the same Retry-After.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await b.search('pause-b', 'movie');
    const waited = Date.now() - started;
    await first;
    expect(standin.stats().byStatus).toEqual({ 200: 2, 429: 1 });
    expect(waited).toBeGreaterThanOrEqual(1400);
  });
});
