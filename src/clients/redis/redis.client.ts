/**
 * The Redis connection of REDIS_URL mode. One connection per process, shared by
 * the job dispatch (bullmq) and the schedule coordinator; the TMDb rate gate
 * (clients/tmdb/redis-rate-gate.ts) duplicates it into one whose commands fail fast.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisUnavailableError } from '../../errors';

const CONNECT_TIMEOUT_MS = 5_000;

/** redis://user:secret@host:6379/0 → redis://user:***@host:6379/0 */
function redactRedisUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** Connects and pings; a Redis that does not answer is a RedisUnavailableError naming REDIS_URL. */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  // maxRetriesPerRequest null: bullmq's blocking workers require it; ioredis reconnects on its own.
  // No reconnect loop until the first connection worked: a wrong REDIS_URL fails start at once.
  let established = false;
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (times) => (established ? Math.min(times * 200, 2_000) : null),
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastError) return; // one line per distinct failure, not one per reconnect
    lastError = error.message;
    logger.warn({ err: error.message }, 'redis connection error');
  });
  redis.on('ready', () => {
    lastError = '';
  });
  try {
    await redis.connect();
    await redis.ping();
    established = true;
    return redis;
  } catch (cause) {
    if (redis.status !== 'end') redis.disconnect(); // on 'end' it would arm a needless 2 s timer
    throw new RedisUnavailableError(`REDIS_URL: Redis at ${redactRedisUrl(url)} did not answer (${(cause as Error).message})`, { cause });
  }
}
