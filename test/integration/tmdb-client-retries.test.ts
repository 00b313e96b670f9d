/** TmdbClient retries: Retry-After, backoff, what is final and what is retried, and the metrics of each attempt. */
import { TmdbAuthError, TmdbNotFoundError, TmdbPayloadError, TmdbRateLimitError, TmdbUnavailableError } from '../../src/errors';
import type { TmdbMetrics } from '../../src/clients/tmdb/tmdb.client';
import type { FaultKind, TmdbStandin } from '../../tools/tmdb-standin/tmdb-standin.server';
import { hits, useTmdbClientKit } from '../support/tmdb-standin/tmdb-client-kit';

const { standin, client } = useTmdbClientKit();

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
