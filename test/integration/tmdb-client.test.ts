import sharp from 'sharp';
import { inspect } from 'node:util';
import type { TmdbConfig } from '../../src/config/config';
import type { Logger } from '../../src/config/logger';
import {
  TmdbAuthError,
  TmdbNotFoundError,
  TmdbPayloadError,
  TmdbRateLimitError,
  TmdbUnavailableError,
} from '../../src/errors';
import { ApiCache, MemoryApiCache } from '../../src/clients/tmdb/api-cache';
import { TmdbClient, TmdbClientOptions, TmdbMetrics } from '../../src/clients/tmdb/tmdb.client';
import { APPEND_TO_RESPONSE } from '../../src/clients/tmdb/tmdb.types';
import { FaultKind, startTmdbStandin, TmdbStandin, TmdbStandinOptions } from '../../src/demo/tmdb-standin/tmdb-standin.server';
import { captureLogger, standinTmdbConfig } from '../support/tmdb-standin/tmdb-test-kit';

const V3_KEY = 'v3key0123456789abcdef0123456789ab';
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

const standins: TmdbStandin[] = [];
const clients: TmdbClient[] = [];

async function standin(options: TmdbStandinOptions = {}): Promise<TmdbStandin> {
  const s = await startTmdbStandin({ apiKey: V3_KEY, ...options });
  standins.push(s);
  return s;
}

interface ClientOverrides {
  config?: Partial<TmdbConfig>;
  retry?: TmdbClientOptions['retry'];
  cache?: ApiCache;
  logger?: Logger;
  metrics?: TmdbMetrics;
  limiter?: TmdbClientOptions['limiter'];
}

function client(s: TmdbStandin, o: ClientOverrides = {}): TmdbClient {
  const c = new TmdbClient({
    config: standinTmdbConfig(s, o.config),
    cache: o.cache ?? new MemoryApiCache(),
    logger: o.logger ?? captureLogger('silent').logger,
    metrics: o.metrics,
    retry: o.retry ?? FAST_RETRY,
    limiter: o.limiter,
  });
  clients.push(c);
  return c;
}

/** Records what the client stores, and with which TTL. */
class RecordingCache extends MemoryApiCache {
  readonly writes: Array<{ key: string; ttl: number }> = [];
  override async set(key: string, body: string, ttl: number): Promise<void> {
    this.writes.push({ key, ttl });
    return super.set(key, body, ttl);
  }
}

const hits = (s: TmdbStandin, path: string) => s.stats().byPath[`/3${path}`] ?? 0;

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await Promise.all(standins.map((s) => s.close()));
});

describe('TmdbClient against the stand-in', () => {
  let s: TmdbStandin;
  beforeAll(async () => {
    s = await standin();
  });
  beforeEach(() => {
    s.clearFaults();
    s.resetStats();
    s.setLatency(0);
  });

  it('fetches validated details with the append_to_response of design §6, the v3 key in the query', async () => {
    const movie = await client(s).getMovie(550);
    expect(movie.title).toBe('Fight Club');
    expect(movie.credits?.cast.length).toBeGreaterThan(10);
    expect(movie.videos?.results.length).toBeGreaterThan(0);
    expect(movie.external_ids?.imdb_id).toBe('tt0137523');
    const [req] = s.requestLog();
    expect(req.query).toEqual({ append_to_response: APPEND_TO_RESPONSE.movie, include_image_language: 'en,null', language: 'en-US' });
    expect(req.credential).toBe('api_key');
  });

  it('fetches series, seasons and people, including synthesized ones', async () => {
    const c = client(s);
    const tv = await c.getTv(1399);
    expect(tv.aggregate_credits?.cast.length).toBeGreaterThan(100);
    const season = await c.getSeason(1399, 8);
    expect(season.episodes).toHaveLength(tv.seasons.find((x) => x.season_number === 8)?.episode_count ?? -1);
    const person = await c.getPerson(287);
    expect(person.combined_credits?.cast.length).toBeGreaterThan(50);
    expect((await c.getMovie(424242)).title).toBe('Synthetic Movie 424242');
    expect(s.requestLog().find((r) => r.path === '/3/tv/1399')?.query.append_to_response).toBe(APPEND_TO_RESPONSE.tv);
    expect(s.requestLog().find((r) => r.path === '/3/person/287')?.query.append_to_response).toBe(APPEND_TO_RESPONSE.person);
  });

  it('covers search, keywords, configuration, genres, changes, discover and credential checks', async () => {
    const c = client(s);
    expect((await c.search('fight club', 'movie')).results.map((r) => r.id)).toContain(550);
    const keyword = (await c.searchKeyword('dragon')).results[0];
    expect(keyword.name).toMatch(/dragon/i);
    expect((await c.discover('movie', { with_keywords: keyword.id })).results.length).toBeGreaterThan(0);
    expect((await c.getConfiguration()).images.poster_sizes).toContain('w500');
    expect((await c.getGenres('movie')).genres.length).toBeGreaterThan(10);
    s.setChanges('movie', [550, 603]);
    const changes = await c.getChanges('movie', { startDate: '2024-03-01', endDate: '2024-03-10' });
    expect(changes.results.map((r) => r.id)).toEqual([550, 603]);
    await expect(c.validateCredentials()).resolves.toBeUndefined();
  });

  it('downloads images of the requested size (through their own connection cap)', async () => {
    const c = client(s);
    expect(c.imageUrl('w500', '/poster.jpg')).toBe(`${s.imageBaseUrl}/w500/poster.jpg`);
    s.injectFaults([{ match: '/t/p/w780/', kind: '503', times: 1 }]);
    const poster = await c.downloadImage('w780', '/synthetic-movie-1-poster.jpg');
    expect(await sharp(poster).metadata()).toMatchObject({ width: 780, height: 1170, format: 'jpeg' });
    expect(s.stats().byPath['/t/p/w780/synthetic-movie-1-poster.jpg']).toBe(2);
    await expect(c.downloadImage('w500', '/no-such-format.bin')).rejects.toBeInstanceOf(TmdbNotFoundError);
  });

  describe('caching', () => {
    it('answers repeated calls from the cache, with no request', async () => {
      const c = client(s);
      const first = await c.getMovie(550);
      const second = await c.getMovie(550);
      expect(second).toEqual(first);
      expect(hits(s, '/movie/550')).toBe(1);
      await c.getMovie(550, { fresh: true });
      expect(hits(s, '/movie/550')).toBe(2);
    });

    it('keys by path and sorted query without credentials; 3600 s for details, 86400 s for configuration and genres', async () => {
      const cache = new RecordingCache();
      const c = client(s, { cache });
      await c.getMovie(603);
      await c.search('matrix', 'movie');
      await c.getConfiguration();
      await c.getGenres('tv');
      await c.getChanges('tv', { startDate: '2024-01-01', endDate: '2024-01-02' });
      expect(cache.writes).toEqual([
        { key: expect.stringMatching(/^\/movie\/603\?append_to_response=.*&include_image_language=en%2Cnull&language=en-US$/), ttl: 3600 },
        { key: '/search/movie?include_adult=false&language=en-US&page=1&query=matrix', ttl: 3600 },
        { key: '/configuration', ttl: 86400 },
        { key: '/genre/tv/list?language=en-US', ttl: 86400 },
      ]);
      expect(JSON.stringify(cache.writes)).not.toContain(V3_KEY);
    });

    it('shares one request among concurrent identical calls', async () => {
      s.setLatency(50);
      const c = client(s);
      const results = await Promise.all([c.getTv(1396), c.getTv(1396), c.getTv(1396)]);
      expect(results[2].name).toBe('Breaking Bad');
      expect(hits(s, '/tv/1396')).toBe(1);
    });
  });

  describe('language fallback', () => {
    it('fills empty translated fields from en-US with one extra request, keeping the translations it got', async () => {
      const c = client(s);
      const english = await c.getTv(1399);
      s.resetStats();
      const german = await c.getTv(1399, { language: 'de-DE' });
      expect(german.overview).toBe('Die Handlung ist in einer fiktiven Welt angesiedelt.');
      expect(german.tagline).toBe(english.tagline);
      expect(german.tagline).toBeTruthy();
      expect(german.seasons[1].overview).toBe(english.seasons[1].overview);
      // One translated request with appends, one en-US request for text only.
      expect(s.requestLog().map((r) => [r.query.language, r.query.append_to_response])).toEqual([
        ['de-DE', APPEND_TO_RESPONSE.tv],
        ['en-US', undefined],
      ]);
    });

    it('fills movie, season episode and person texts field by field', async () => {
      const c = client(s);
      const alien = await c.getMovie(348, { language: 'fr-FR' });
      expect(alien.overview).toMatch(/commercial/i);
      expect(hits(s, '/movie/348')).toBe(2);
      expect(s.requestLog().map((r) => r.query.language)).toEqual(['fr-FR', 'en-US']);
      const season = await c.getSeason(1399, 1, { language: 'fr-FR' });
      expect(season.episodes.every((e) => (e.overview ?? '').length > 0)).toBe(true);
      expect((await c.getPerson(287, { language: 'de-DE' })).biography).toMatch(/Pitt/);
    });
  });
});

describe('TmdbClient limiter', () => {
  it('keeps 150 concurrent calls within maxRps 25 per sliding second and 4 connections', async () => {
    const s = await standin({ rps: 25, latencyMs: 40 });
    // Client and stand-in share one event loop: on a loaded CI machine a stall sends queued requests
    // late and together, so the client keeps a wider safety margin here, and a slow answer must not
    // turn into a retry (an extra request).
    const c = client(s, { config: { maxRps: 25, maxConnections: 4, timeoutMs: 15000 }, limiter: { windowMarginMs: 300 } });
    const movies = await Promise.all(Array.from({ length: 150 }, (_, i) => c.getMovie(200_000 + i)));
    expect(new Set(movies.map((m) => m.id)).size).toBe(150);
    const stats = s.stats();
    expect(stats.requests).toBe(150);
    expect(stats.peakConnections).toBeLessThanOrEqual(4);
    expect(stats.maxInAnyWindow(1000)).toBeLessThanOrEqual(25);
    expect(stats.overLimit).toBe(0);
  });

  it('uses every allowed connection and never more when the rate is not the bottleneck', async () => {
    const s = await standin({ latencyMs: 80, rps: 1000 });
    const c = client(s, { config: { maxRps: 200, maxConnections: 3 } });
    await Promise.all(Array.from({ length: 30 }, (_, i) => c.getPerson(300_000 + i)));
    expect(s.stats().peakConnections).toBe(3);
  });
});

describe('TmdbClient retries', () => {
  let s: TmdbStandin;
  beforeAll(async () => {
    s = await standin();
  });
  beforeEach(() => {
    s.clearFaults();
    s.resetStats();
  });

  const timed = async <T>(fn: () => Promise<T>) => {
    const t0 = Date.now();
    const value = await fn();
    return { value, ms: Date.now() - t0 };
  };

  it('honours Retry-After on a 429, then succeeds', async () => {
    s.injectFaults([{ match: '/movie/550', kind: '429', times: 1, retryAfterSeconds: 1 }]);
    const { value, ms } = await timed(() => client(s).getMovie(550));
    expect(value.id).toBe(550);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(s.stats().byStatus).toMatchObject({ '429': 1, '200': 1 });
  });

  it('holds other requests of the client during a Retry-After pause', async () => {
    s.injectFaults([{ match: '/movie/550', kind: '429', times: 1, retryAfterSeconds: 1 }]);
    const c = client(s);
    const first = c.getMovie(550);
    await new Promise((r) => setTimeout(r, 150));
    await Promise.all([first, c.getMovie(603)]);
    const log = s.requestLog();
    const limitedAt = log.find((r) => r.path === '/3/movie/550')?.at ?? NaN;
    const otherAt = log.find((r) => r.path === '/3/movie/603')?.at ?? NaN;
    expect(otherAt - limitedAt).toBeGreaterThanOrEqual(900);
  });

  it('backs off exponentially with jitter on a 429 without Retry-After', async () => {
    s.injectFaults([{ match: '/tv/1396', kind: '429', times: 2, retryAfterSeconds: null }]);
    const waits: number[] = [];
    const c = client(s, {
      retry: { baseDelayMs: 120, maxDelayMs: 10_000, random: () => 1, sleep: (ms) => (waits.push(ms), new Promise((r) => setTimeout(r, ms))) },
    });
    const { value, ms } = await timed(() => c.getTv(1396));
    expect(value.id).toBe(1396);
    expect(waits).toEqual([120, 240]);
    expect(ms).toBeGreaterThanOrEqual(350);
    expect(hits(s, '/tv/1396')).toBe(3);
  });

  it('throws TmdbRateLimitError when 429s outlast the retries', async () => {
    s.injectFaults([{ match: '/movie/550', kind: '429', times: 4, retryAfterSeconds: 0 }]);
    await expect(client(s, { config: { maxRetries: 2 } }).getMovie(550)).rejects.toBeInstanceOf(TmdbRateLimitError);
    expect(hits(s, '/movie/550')).toBe(3);
  });

  const transient: FaultKind[] = ['500', '502', '503', 'timeout', 'broken-json', 'reset'];

  it.each(transient)('retries %s and recovers', async (kind) => {
    s.injectFaults([{ match: '/person/287', kind, times: 2 }]);
    const c = client(s, { config: { maxRetries: 2, timeoutMs: 300 } });
    expect((await c.getPerson(287)).name).toBe('Brad Pitt');
    expect(hits(s, '/person/287')).toBe(3);
  });

  it.each(transient)('throws TmdbUnavailableError when %s outlasts the retries', async (kind) => {
    s.injectFaults([{ match: '/person/287', kind, times: 3 }]);
    const c = client(s, { config: { maxRetries: 2, timeoutMs: 300 } });
    await expect(c.getPerson(287)).rejects.toBeInstanceOf(TmdbUnavailableError);
    expect(hits(s, '/person/287')).toBe(3);
  });

  it('does not retry a 401 (status_code 7)', async () => {
    const c = client(s, { config: { apiKey: 'a-wrong-v3-key-000000000000000' } });
    await expect(c.getMovie(550)).rejects.toBeInstanceOf(TmdbAuthError);
    await expect(c.validateCredentials()).rejects.toBeInstanceOf(TmdbAuthError);
    expect(hits(s, '/movie/550')).toBe(1);
    expect(hits(s, '/authentication')).toBe(1);
  });

  it('does not retry a 404 (status_code 34)', async () => {
    await expect(client(s).getMovie(900_000_001)).rejects.toBeInstanceOf(TmdbNotFoundError);
    expect(hits(s, '/movie/900000001')).toBe(1);
  });

  it('rejects a malformed payload naming the first bad field, without retrying or caching it', async () => {
    s.injectFaults([{ match: '/movie/550', kind: 'malformed-payload', times: 1 }]);
    const c = client(s);
    const error = await c.getMovie(550).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TmdbPayloadError);
    expect((error as TmdbPayloadError).field).toBe('id');
    expect((error as Error).message).toContain('id');
    expect(hits(s, '/movie/550')).toBe(1);
    expect((await c.getMovie(550)).title).toBe('Fight Club');
    expect(hits(s, '/movie/550')).toBe(2);
  });

  it('reports every attempt and limiter wait to the metrics', async () => {
    const statuses: string[] = [];
    const waits: number[] = [];
    const metrics: TmdbMetrics = { observeRequest: (st) => statuses.push(st), observeRateLimitWait: (ms) => waits.push(ms) };
    s.injectFaults([{ match: '/movie/607', kind: '503', times: 1 }]);
    await client(s, { metrics }).getMovie(607);
    expect(statuses).toEqual(['503', '200']);
    expect(waits).toHaveLength(2);
  });
});

describe('TmdbClient never reveals a v3 key', () => {
  it('keeps it out of debug logs and out of every thrown error', async () => {
    const s = await standin();
    const log = captureLogger('debug');
    const c = client(s, { logger: log.logger, config: { maxRetries: 1, timeoutMs: 300 } });
    const wrongKey = 'wrong0123456789abcdef0123456789xyz';
    const bad = client(s, { logger: log.logger, config: { apiKey: wrongKey } });
    await c.getMovie(550);
    s.injectFaults([
      { match: '/movie/12313', kind: '429', times: 2, retryAfterSeconds: 0 },
      { match: '/movie/120', kind: '503', times: 2 },
      { match: '/movie/607', kind: 'timeout', times: 2 },
      { match: '/movie/10140', kind: 'reset', times: 2 },
      { match: '/movie/348', kind: 'malformed-payload', times: 1 },
      { match: '/movie/47964', kind: 'broken-json', times: 2 },
    ]);
    const failures = [
      c.getMovie(12313), c.getMovie(120), c.getMovie(607), c.getMovie(10140), c.getMovie(348), c.getMovie(47964),
      c.getMovie(900_000_002), bad.getMovie(550), bad.validateCredentials(),
    ];
    const errors = await Promise.all(failures.map((p) => p.then(() => undefined, (e: unknown) => e)));
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    for (const error of errors) {
      const text = inspect(error, { depth: 10 });
      expect(text).not.toContain(V3_KEY);
      expect(text).not.toContain(wrongKey);
    }
    const text = log.text();
    expect(log.lines().some((l) => l.path === '/movie/550' && l.status === '200' && typeof l.durationMs === 'number')).toBe(true);
    expect(text).toContain('"status":"timeout"');
    expect(text).not.toContain(V3_KEY);
    expect(text).not.toContain(wrongKey);
  });
});

describe('TmdbClient with a v4 token', () => {
  it('sends a JWT-looking key or an access token as Authorization: Bearer, never in the query', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ0ZXN0In0.c2lnbmF0dXJl';
    const s = await standin({ apiKey: jwt });
    await client(s, { config: { apiKey: jwt } }).getConfiguration();
    await client(s, { config: { apiKey: undefined, accessToken: jwt } }).getGenres('movie');
    expect(s.requestLog().map((r) => r.credential)).toEqual(['bearer', 'bearer']);
  });
});

describe('TmdbClient credentials pushed at runtime', () => {
  it('refuses to call TMDb without credentials, then uses a key set with setApiKey', async () => {
    const s = await standin();
    const c = client(s, { config: { apiKey: undefined, accessToken: undefined } });
    await expect(c.validateCredentials()).rejects.toBeInstanceOf(TmdbAuthError);
    expect(s.stats().requests).toBe(0);
    c.setApiKey(V3_KEY);
    await expect(c.validateCredentials()).resolves.toBeUndefined();
    expect(s.requestLog().map((r) => r.credential)).toEqual(['api_key']);
  });
});

