/** The TMDb response cache over tmu_api_cache (cache_key is case-sensitive on MySQL: utf8mb4_bin). */
import { createHash } from 'node:crypto';
import type { ApiCache } from '../clients/tmdb/api-cache';
import { Db, dbCall, toDate } from './repository-support';
import { tableName } from './table-names';

const MAX_KEY = 255;

export interface ApiCacheEntry {
  body: string;
  etag: string | null;
  expiresAt: Date;
  createdAt: Date | null;
}

/** Keys longer than the column are stored by their SHA-256. */
function cacheKey(key: string): string {
  return key.length <= MAX_KEY ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

export class ApiCacheRepository implements ApiCache {
  constructor(
    private readonly db: Db,
    private readonly prefix: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get tableName(): string {
    return tableName(this.prefix, 'tmu_api_cache');
  }

  async get(key: string): Promise<string | null> {
    return dbCall('read tmu_api_cache', async () => {
      const row = await this.db(this.tableName).select('body').where('cache_key', cacheKey(key)).andWhere('expires_at', '>', this.now()).first();
      return row ? String(row.body) : null;
    });
  }

  /** The entry even when expired (for revalidation with its etag), or null. */
  async getEntry(key: string): Promise<ApiCacheEntry | null> {
    return dbCall('read tmu_api_cache', async () => {
      const row = await this.db(this.tableName).where('cache_key', cacheKey(key)).first();
      if (!row) return null;
      return {
        body: String(row.body),
        etag: row.etag === null || row.etag === undefined ? null : String(row.etag),
        expiresAt: toDate(row.expires_at) ?? new Date(0),
        createdAt: toDate(row.created_at),
      };
    });
  }

  async set(key: string, body: string, ttlSeconds: number, etag: string | null = null): Promise<void> {
    const now = this.now();
    const row = {
      cache_key: cacheKey(key),
      body,
      etag: etag ?? null,
      expires_at: new Date(now.getTime() + Math.max(0, ttlSeconds) * 1000),
      created_at: now,
    };
    await dbCall('write tmu_api_cache', async () => {
      await this.db(this.tableName).insert(row).onConflict('cache_key').merge(['body', 'etag', 'expires_at', 'created_at']);
    });
  }

  async delete(key: string): Promise<void> {
    await dbCall('delete tmu_api_cache', async () => {
      await this.db(this.tableName).where('cache_key', cacheKey(key)).delete();
    });
  }

  async purgeExpired(): Promise<number> {
    return dbCall('purge tmu_api_cache', async () => this.db(this.tableName).where('expires_at', '<=', this.now()).delete());
  }
}
