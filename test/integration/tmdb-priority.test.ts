/**
 * An interactive request (Sync now, an import, a search) goes ahead of bulk,
 * scheduled and background work in the TMDb limiter, with and without Redis;
 * images have their own connection cap outside the API limiter; a bulk run's
 * answers do not fill the response cache. Orders and counts, never times.
 */
import { Redis } from 'ioredis';
import { MemoryApiCache } from '../../src/clients/tmdb/api-cache';
import { TmdbClient, TmdbClientOptions, TmdbPriority } from '../../src/clients/tmdb/tmdb.client';
import type { TmdbConfig } from '../../src/config/config';
import { startOwnRedis, OwnServer } from '../support/own-servers';
import { startTmdbStandin, TmdbStandin } from '../../tools/tmdb-standin/tmdb-standin.server';
import { captureLogger, standinTmdbConfig } from '../support/tmdb-standin/tmdb-test-kit';

class RecordingCache extends MemoryApiCache {
  readonly writes: string[] = [];
  override async set(key: string, body: string, ttl: number): Promise<void> {
    this.writes.push(key);
    return super.set(key, body, ttl);
  }
}

let standin: TmdbStandin;
const clients: TmdbClient[] = [];
const redises: Redis[] = [];

function client(config: Partial<TmdbConfig>, extra: Partial<TmdbClientOptions> = {}): TmdbClient {
  const c = new TmdbClient({
    config: standinTmdbConfig(standin, config),
    cache: new MemoryApiCache(),
    logger: captureLogger('silent').logger,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    ...extra,
  });
  clients.push(c);
  return c;
}

async function untilSeen(n: number): Promise<void> {
  while (standin.requestLog().length < n) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Where the interactive request landed among the requests the stand-in saw after it was made. */
async function interactivePosition(c: TmdbClient, interactive: TmdbClient = c, bulkKind: TmdbPriority = 'bulk'): Promise<{ before: number; total: number }> {
  standin.resetStats();
  const bulk = Array.from({ length: 10 }, (_, i) => c.withPriority(bulkKind, () => c.getMovie(710_000 + i, { fresh: true })));
  await untilSeen(1); // the bulk requests are queued, and the first went out
  const issuedAt = standin.requestLog().length;
  await interactive.getMovie(550, { fresh: true });
  const log = standin.requestLog().map((r) => r.path);
  const at = log.indexOf('/3/movie/550');
  await Promise.all(bulk);
  return { before: at - issuedAt, total: standin.requestLog().length };
}

beforeAll(async () => {
  standin = await startTmdbStandin({ rps: 1000 });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const r of redises.splice(0)) r.disconnect();
});
afterAll(async () => {
  await standin?.close();
});

describe('TMDb limiter priorities', () => {
  it('sends an interactive request before the bulk requests queued ahead of it', async () => {
    const c = client({ maxRps: 5, maxConnections: 1 });
    const { before, total } = await interactivePosition(c);
    expect(total).toBe(11);
    // The bulk requests already planned may go first (one, two when the machine is loaded); never the others.
    expect(before).toBeLessThanOrEqual(2);
  });

  it('puts background work (people details) behind bulk work', async () => {
    const c = client({ maxRps: 5, maxConnections: 1 });
    standin.resetStats();
    const background = Array.from({ length: 4 }, (_, i) => c.withPriority('background', () => c.getPerson(720_000 + i)));
    await untilSeen(1);
    await Promise.all([c.withPriority('bulk', () => c.getMovie(730_000, { fresh: true })), ...background]);
    const log = standin.requestLog().map((r) => r.path);
    // Queued last, it still overtakes the background requests not yet planned (in order, it would be fifth).
    expect(log).toHaveLength(5);
    expect(log.indexOf('/3/movie/730000')).toBeLessThan(4);
  });

  describe('with REDIS_URL', () => {
    let redisServer: OwnServer;
    beforeAll(async () => {
      redisServer = await startOwnRedis();
    });
    afterAll(async () => redisServer?.close());

    function clusterClient(id: string): TmdbClient {
      const redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
      redis.on('error', () => undefined);
      redises.push(redis);
      return client({ maxRps: 5, maxConnections: 4 }, { cluster: { redis, id } });
    }

    it("sends an interactive request before this process's queued bulk requests", async () => {
      const c = clusterClient('prio-one');
      const { before, total } = await interactivePosition(c);
      expect(total).toBe(11);
      expect(before).toBeLessThanOrEqual(1);
    });

    it("holds another process's bulk requests back while an interactive request waits", async () => {
      const bulkProcess = clusterClient('prio-two');
      const interactiveProcess = clusterClient('prio-two');
      const { before, total } = await interactivePosition(bulkProcess, interactiveProcess);
      expect(total).toBe(11);
      expect(before).toBeLessThanOrEqual(2);
    });
  });
});

describe('TMDb images and the response cache', () => {
  it('downloads images through their own connection cap, not the API limiter', async () => {
    standin.resetStats();
    standin.setLatency(150);
    try {
      const c = client({ maxRps: 2, maxConnections: 1, imageConnections: 3 });
      const images = await Promise.all(Array.from({ length: 9 }, (_, i) => c.downloadImage('w300', `/synthetic-movie-${740_000 + i}-poster.jpg`)));
      expect(images.every((b) => b.length > 0)).toBe(true);
      // The API limiter allows one connection; images use their three.
      expect(standin.stats().peakConnections).toBe(3);
    } finally {
      standin.setLatency(0);
    }
  });

  it("does not fill the response cache with a bulk run's answers; an interactive request does", async () => {
    const cache = new RecordingCache();
    const c = client({}, { cache });
    await c.withPriority('bulk', () => c.getMovie(750_000, { fresh: true }));
    expect(cache.writes).toEqual([]);
    await c.getMovie(750_001);
    expect(cache.writes).toHaveLength(1);
  });
});
