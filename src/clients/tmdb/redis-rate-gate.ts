/**
 * REDIS_URL mode: the TMDb rate gate shared by every sidecar process on one Redis.
 * One Lua script decides each start against Redis's own clock: a sliding
 * window of starts (the per-second cap) with starts spaced evenly, a set of requests in flight (the
 * connection cap, each entry expiring so a dead process frees its slots) and
 * a pause (a 429's Retry-After holds the whole cluster) and an `urgent` mark (an
 * interactive request is waiting: bulk and background requests hold back). Keys expire on their
 * own and an empty Redis (a restart) simply means "nothing in flight".
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisUnavailableError } from '../../errors';
import { LocalPause, RateGate, RateLimits, ReleaseSlot, sleep, spacingMs } from './rate-gate';

const ACQUIRE = `
redis.replicate_commands()
local window, max_rps, max_conc, lease, spacing, urgent = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[6]), ARGV[7] == '1'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function later(ms)
  -- An interactive request that has to wait keeps bulk and background requests of every process back meanwhile.
  if urgent then redis.call('SET', KEYS[5], '1', 'PX', math.max(250, ms * 2)) end
  return ms
end
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if paused > now then return later(paused - now) end
if not urgent and redis.call('EXISTS', KEYS[5]) == 1 then return -1 end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= max_rps then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return later(math.max(1, tonumber(oldest[2]) + window - now + 1))
end
local last = tonumber(redis.call('GET', KEYS[4]) or '0')
if last + spacing > now then return later(last + spacing - now) end
if redis.call('ZCARD', KEYS[2]) >= max_conc then later(0) return -1 end
if urgent then redis.call('DEL', KEYS[5]) end
redis.call('SET', KEYS[4], now, 'PX', window * 2)
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('ZADD', KEYS[2], now + lease, ARGV[5])
redis.call('PEXPIRE', KEYS[1], window * 2)
redis.call('PEXPIRE', KEYS[2], lease * 2)
return 0
`;

const PAUSE = `
redis.replicate_commands()
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local target = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if target > paused then redis.call('SET', KEYS[1], target, 'PX', tonumber(ARGV[1])) end
return 0
`;

/** How often a start waiting for a free connection asks again. */
const BUSY_POLL_MS = 20;
/** How often a start asks again while Redis does not answer. */
const OUTAGE_POLL_MS = 250;

export interface RedisRateGateOptions extends RateLimits {
  redis: Redis;
  /** Keys prefix, e.g. "tmu:abc123:tmdb". */
  id: string;
  /** A slot in flight is freed after this long even if its process died. */
  leaseMs: number;
  /** How long a start waits for Redis to answer again before it fails (retryable). */
  outageWaitMs: number;
  /** Told of a release or pause Redis did not take (the entry expires on its own; the pause stays local). */
  onWarning?: (message: string, error: unknown) => void;
}

export class RedisRateGate implements RateGate {
  private readonly connection: Redis;
  private readonly keys: [string, string, string, string, string];
  private counter = 0;
  private readonly spacingMs: number;
  private readonly tokenPrefix = randomUUID().slice(0, 8);
  private readonly paused = new LocalPause();

  constructor(private readonly options: RedisRateGateOptions) {
    // Its own connection, whose commands fail after one reconnect attempt while Redis is away instead of waiting for ever.
    this.connection = options.redis.duplicate({ maxRetriesPerRequest: 0, lazyConnect: false });
    // Reconnects on its own; acquire() reports an outage that lasts.
    this.connection.on('error', () => undefined);
    this.keys = [`${options.id}:starts`, `${options.id}:active`, `${options.id}:paused`, `${options.id}:last`, `${options.id}:urgent`];
    this.spacingMs = spacingMs(options);
  }

  /** `interactive`: while such a start waits, no process starts a bulk or background request. */
  async acquire(interactive: boolean): Promise<ReleaseSlot> {
    const token = `${this.tokenPrefix}:${(this.counter += 1)}`;
    const { windowMs, maxRps, maxConnections, leaseMs, outageWaitMs } = this.options;
    const args = [windowMs, maxRps, maxConnections, leaseMs, token, this.spacingMs, interactive ? '1' : '0'];
    let outageSince: number | null = null;
    for (;;) {
      // A pause Redis did not take still holds this process.
      await this.paused.wait();
      let wait: number;
      try {
        wait = Number(await this.connection.eval(ACQUIRE, 5, ...this.keys, ...args));
        outageSince = null;
      } catch (error) {
        const now = Date.now();
        outageSince ??= now;
        if (now - outageSince >= outageWaitMs) {
          throw new RedisUnavailableError(`the shared TMDb limiter could not reach Redis for ${Math.round((now - outageSince) / 1000)} s`, { cause: error });
        }
        await sleep(OUTAGE_POLL_MS);
        continue;
      }
      if (wait === 0) return () => this.release(token);
      await sleep(wait < 0 ? BUSY_POLL_MS : wait);
    }
  }

  /** Holds every process's requests for `ms` (a 429's Retry-After). */
  pause(ms: number): void {
    this.paused.extend(ms);
    // Not awaited: the request that got the 429 waits its own Retry-After; a failure is reported through onWarning.
    void this.sharePause(ms);
  }

  async close(): Promise<void> {
    this.connection.disconnect(false);
  }

  private async release(token: string): Promise<void> {
    try {
      await this.connection.zrem(this.keys[1], token);
    } catch (error) {
      // The entry expires after leaseMs anyway.
      this.options.onWarning?.('could not free a shared TMDb slot in Redis; it expires on its own', error);
    }
  }

  private async sharePause(ms: number): Promise<void> {
    try {
      await this.connection.eval(PAUSE, 1, this.keys[2], Math.max(1, Math.ceil(ms)));
    } catch (error) {
      this.options.onWarning?.('could not share a TMDb Retry-After pause through Redis; it holds this process only', error);
    }
  }
}
