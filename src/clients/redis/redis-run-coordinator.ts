import type { Redis } from 'ioredis';
import type { RunCoordinator } from 'node-cron';

/**
 * REDIS_URL mode: node-cron asks before each tick of a distributed task; the
 * first process to claim the tick's key (task name + scheduled time) runs it,
 * the others skip it. Without Redis the job table's object locks keep one run
 * going instead.
 */
export class RedisRunCoordinator implements RunCoordinator {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly owner: string,
  ) {}

  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const claimed = await this.redis.set(`${this.namespace}:cron:${key}`, this.owner, 'PX', Math.max(1_000, ttlMs), 'NX');
    return claimed === 'OK';
  }
}
