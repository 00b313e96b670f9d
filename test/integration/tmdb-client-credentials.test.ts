/** TmdbClient credentials: a v3 key never reaches a log or an error, a v4 token goes in a header, a key can come at runtime. */
import { inspect } from 'node:util';
import { TmdbAuthError } from '../../src/errors';
import { useTmdbClientKit, V3_KEY } from '../support/tmdb-standin/tmdb-client-kit';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';

const { standin, client } = useTmdbClientKit();

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
      c.getMovie(12313),
      c.getMovie(120),
      c.getMovie(607),
      c.getMovie(10140),
      c.getMovie(348),
      c.getMovie(47964),
      c.getMovie(900_000_002),
      bad.getMovie(550),
      bad.validateCredentials(),
    ];
    const errors = await Promise.all(
      failures.map((p) =>
        p.then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );
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
