import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { describeError, SyncInProgressError } from '../../errors';
import type { ObjectLockRepository } from '../../repositories/object-lock.repository';

export interface ObjectSyncLockOptions {
  /** How long a lock lives without renewal: how soon a dead process's objects are free again. */
  ttlMs: number;
  /** How long a sync waits for another sync of the same object; longer than ttlMs, so a dead holder never blocks it. */
  waitMs: number;
  pollMs: number;
}

const DEFAULT_OBJECT_LOCK_OPTIONS: ObjectSyncLockOptions = { ttlMs: 60_000, waitMs: 90_000, pollMs: 250 };

/**
 * One sync per title or person at a time, across every path and process: a
 * "Sync now" job and the weekly run reaching the same title wait for each other.
 */
export class ObjectSyncLock {
  private readonly options: ObjectSyncLockOptions;

  constructor(
    private readonly locks: ObjectLockRepository,
    private readonly logger: Logger,
    options: Partial<ObjectSyncLockOptions> = {},
  ) {
    this.options = { ...DEFAULT_OBJECT_LOCK_OPTIONS, ...options };
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const holder = randomUUID();
    await this.acquire(key, holder);
    const { ttlMs } = this.options;
    const renewal = setInterval(
      () => {
        this.locks.renew(key, holder, ttlMs).then(
          (held) => {
            if (!held) this.logger.warn({ object: key }, 'sync lock expired while syncing; another sync may start');
          },
          (error: unknown) => this.logger.warn({ object: key, err: describeError(error) }, 'could not renew a sync lock'),
        );
      },
      Math.max(50, Math.floor(ttlMs / 3)),
    );
    try {
      return await fn();
    } finally {
      clearInterval(renewal);
      await this.locks
        .release(key, holder)
        .catch((error: unknown) => this.logger.warn({ object: key, err: describeError(error) }, 'could not release a sync lock; it expires on its own'));
    }
  }

  private async acquire(key: string, holder: string): Promise<void> {
    const deadline = Date.now() + this.options.waitMs;
    let waited = false;
    while (!(await this.locks.tryAcquire(key, holder, this.options.ttlMs))) {
      if (Date.now() >= deadline) throw new SyncInProgressError(`${key} is still being synced by another job; try again later`);
      if (!waited) this.logger.debug({ object: key }, 'waiting for another sync of the same object');
      waited = true;
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
    }
  }
}
