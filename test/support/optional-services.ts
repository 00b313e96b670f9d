/**
 * Suites that need a service beyond Node run only when its variable is set:
 * TEST_MYSQL_URL (MariaDB, see test-databases.ts) and TEST_REDIS_URL (Redis).
 * The not-run reporter (not-run.reporter.js) names what was left out at the end of the run.
 */
export function redisTestUrl(): string | null {
  const url = process.env.TEST_REDIS_URL;
  return url && url.trim() !== '' ? url.trim() : null;
}

/** `define` (describe, describeEachDatabase…) when TEST_REDIS_URL is set; otherwise the suite is not defined at all. */
export function whenRedis<F extends (...args: never[]) => void>(define: F): F {
  return redisTestUrl() ? define : ((() => undefined) as unknown as F);
}
