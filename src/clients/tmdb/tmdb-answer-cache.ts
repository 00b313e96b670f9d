import type { z } from 'zod';
import type { Logger } from 'pino';
import type { ApiCache } from './api-cache';
import { RecentAnswers } from './recent-answers';

/**
 * Where validated TMDb answers are kept: the API cache, or, for a bulk run, a few in memory (it
 * reads thousands of titles once each). A cache that fails costs a request, never the request.
 */
export class TmdbAnswerCache {
  private readonly recentBulk = new RecentAnswers();

  constructor(
    private readonly cache: ApiCache,
    private readonly logger: Logger,
  ) {}

  /** The cached answer when it still validates; undefined on a miss or a failed read. */
  async read<S extends z.ZodType>(key: string, schema: S): Promise<z.output<S> | undefined> {
    try {
      const body = this.recentBulk.get(key) ?? (await this.cache.get(key));
      if (body === null) return undefined;
      const parsed = schema.safeParse(JSON.parse(body));
      if (parsed.success) {
        this.logger.debug({ key }, 'tmdb cache hit');
        return parsed.data;
      }
    } catch (error) {
      this.logger.warn({ key, err: describeError(error) }, 'tmdb cache read failed');
    }
    return undefined;
  }

  /** Keeps a bulk run's answer in memory for its retries instead of filling the cache table. */
  async write(key: string, body: string, ttl: number, bulk: boolean): Promise<void> {
    if (bulk) return this.recentBulk.remember(key, body);
    try {
      await this.cache.set(key, body, ttl);
    } catch (error) {
      this.logger.warn({ key, err: describeError(error) }, 'tmdb cache write failed');
    }
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
