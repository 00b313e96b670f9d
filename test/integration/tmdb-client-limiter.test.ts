/** The TMDb limiter of one client: the rate and connection caps, as the stand-in counts them. */
import { useTmdbClientKit } from '../support/tmdb-standin/tmdb-client-kit';

const { standin, client } = useTmdbClientKit();

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
