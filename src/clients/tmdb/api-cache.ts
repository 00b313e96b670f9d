/** Response cache used by the TMDb client; the Knex implementation lives in repositories/api-cache.repository.ts. */
export interface ApiCache {
  /** The cached body when present and not expired, else null. */
  get(key: string): Promise<string | null>;
  set(key: string, body: string, ttlSeconds: number, etag?: string | null): Promise<void>;
  /** Deletes expired rows; returns how many. */
  purgeExpired(): Promise<number>;
}

/** For tests and one-shot commands that should not persist responses. */
export class MemoryApiCache implements ApiCache {
  private readonly entries = new Map<string, { body: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<string | null> {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) return null;
    return entry.body;
  }

  async set(key: string, body: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, { body, expiresAt: this.now() + ttlSeconds * 1000 });
  }

  async purgeExpired(): Promise<number> {
    let purged = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= this.now()) {
        this.entries.delete(key);
        purged += 1;
      }
    }
    return purged;
  }
}
