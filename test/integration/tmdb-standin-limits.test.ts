/** The TMDb stand-in's rate limit, injected faults and request stats. */
import { maxInWindow } from '../../tools/tmdb-standin/standin-stats';
import { startTmdbStandin } from '../../tools/tmdb-standin/tmdb-standin.server';
import { get, standinsClosedAfterAll } from '../support/tmdb-standin/standin-request-kit';

const standin = standinsClosedAfterAll();

describe('TMDb stand-in: rate limit, faults and stats', () => {
  it('answers 429 status_code 25 over the rps, with Retry-After unless configured null', async () => {
    const s = await standin({ rps: 5 });
    const statuses = await Promise.all(Array.from({ length: 8 }, () => get(s, '/configuration')));
    const limited = statuses.filter((r) => r.status === 429);
    expect(limited).toHaveLength(3);
    expect(limited[0].body.status_code).toBe(25);
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(s.stats().overLimit).toBe(3);
    const quiet = await standin({ rps: 1, retryAfterSeconds: null });
    await get(quiet, '/configuration');
    const refused = await get(quiet, '/configuration');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeNull();
  });

  it('injects each fault for `times` matching requests, then answers normally', async () => {
    const s = await standin();
    s.injectFaults([
      { match: '/movie/550', kind: 'broken-json', times: 1 },
      { match: /\/movie\/550\b/, kind: 'malformed-payload', times: 1 },
      { match: '/movie/550', kind: '503', times: 2 },
      { match: '/movie/550', kind: '429', times: 1, retryAfterSeconds: 7 },
    ]);
    const broken = await get(s, '/movie/550');
    expect(broken.status).toBe(200);
    expect(broken.body.raw).toBeDefined();
    const malformed = await get(s, '/movie/550');
    expect(typeof malformed.body.id).toBe('string');
    expect((await get(s, '/movie/550')).status).toBe(503);
    expect((await get(s, '/movie/603')).status).toBe(200);
    expect((await get(s, '/movie/550')).status).toBe(503);
    const limited = await get(s, '/movie/550');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    expect(s.stats().overLimit).toBe(0);
    expect((await get(s, '/movie/550')).status).toBe(200);
  });

  it('resets the socket, and holds a timed-out request open without blocking close()', async () => {
    const s = await startTmdbStandin();
    s.injectFaults([
      { match: '/movie/550', kind: 'reset', times: 1 },
      { match: '/movie/603', kind: 'timeout', times: 1 },
    ]);
    await expect(fetch(`${s.url}/movie/550?api_key=${s.apiKey}`)).rejects.toThrow();
    const hanging = fetch(`${s.url}/movie/603?api_key=${s.apiKey}`);
    hanging.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.stats().byStatus).toMatchObject({ reset: 1, timeout: 1 });
    const t0 = Date.now();
    await s.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect(hanging).rejects.toThrow();
  });

  it('tracks peak concurrency, per-path and per-status counts, and resets them', async () => {
    const s = await standin({ latencyMs: 150 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => get(s, `/movie/${n}`)));
    const stats = s.stats();
    expect(stats.peakConnections).toBe(5);
    expect(stats.requests).toBe(5);
    expect(stats.byPath['/3/movie/3']).toBe(1);
    expect(stats.byStatus['200']).toBe(5);
    expect(stats.maxInAnyWindow(1000)).toBe(5);
    s.resetStats();
    expect(s.stats()).toMatchObject({ requests: 0, peakConnections: 0, byPath: {} });
  });

  it('maxInWindow counts the busiest half-open window', () => {
    expect(maxInWindow([0, 100, 999, 1000, 1500, 1999], 1000)).toBe(3);
    expect(maxInWindow([0, 1000, 2000], 1000)).toBe(1);
    expect(maxInWindow([], 1000)).toBe(0);
  });
});
