import type { Knex } from 'knex';
import { dbCall, isUniqueViolation } from './repository-support';

/**
 * tmu_sync_object_locks: who is syncing an object right now. The primary key
 * decides between racers on any engine; an expired row (its holder died or
 * stopped renewing) is taken over.
 */
export class ObjectLockRepository {
  private readonly table: string;

  constructor(
    private readonly db: Knex,
    prefix: string,
  ) {
    this.table = `${prefix}tmu_sync_object_locks`;
  }

  /** True when `holder` now holds the lock for ttlMs. */
  async tryAcquire(key: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
    return dbCall(`lock ${key}`, async () => {
      const expiresAt = new Date(now.getTime() + ttlMs);
      try {
        await this.db(this.table).insert({ object_key: key, holder, acquired_at: now, expires_at: expiresAt });
        return true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const taken = await this.db(this.table).where({ object_key: key }).andWhere('expires_at', '<', now).update({ holder, acquired_at: now, expires_at: expiresAt });
      return taken === 1;
    });
  }

  /** Extends a lock still held; false when it expired and someone else took it. */
  async renew(key: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
    return dbCall(`renew lock ${key}`, async () => {
      const updated = await this.db(this.table)
        .where({ object_key: key, holder })
        .update({ expires_at: new Date(now.getTime() + ttlMs) });
      return updated === 1;
    });
  }

  async release(key: string, holder: string): Promise<void> {
    await dbCall(`unlock ${key}`, () => this.db(this.table).where({ object_key: key, holder }).delete());
  }

  /** Who holds the lock, while it is valid. */
  async holderOf(key: string, now = new Date()): Promise<string | null> {
    const row = await this.db(this.table).where({ object_key: key }).andWhere('expires_at', '>=', now).first();
    return row ? String(row.holder) : null;
  }
}
