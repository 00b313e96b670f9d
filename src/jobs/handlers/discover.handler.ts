import { AppError, describeError } from '../../errors';
import type { DiscoveryServices } from '../../services/discovery/discovery.factory';
import { DEFAULT_LIST_LIMIT } from '../../domain/sync';
import type { DiscoverPayload } from '../../domain/job-payloads';
import type { RandomPick } from '../../services/discovery/random-pick.service';
import type { HandlerResult, JobContext, JobHandler } from '../job-worker';
import { emptyProgress, JobRecord } from '../../domain/job';
import { runRefresh } from './refresh-list.handler';

export class DiscoverHandler implements JobHandler<DiscoverPayload> {
  constructor(private readonly services: Pick<DiscoveryServices, 'keywords' | 'discovery' | 'lists' | 'random'>) {}

  async handle(_job: JobRecord, context: JobContext, p: DiscoverPayload): Promise<HandlerResult> {
    const type = p.type ?? 'movie';
    const { lists } = this.services;
    if (p.list_id !== undefined) return runRefresh(() => lists.refresh(p.list_id as number, { signal: context.signal }));
    if (p.list) return runRefresh(async () => lists.refresh((await lists.findOrCreate(p.keyword, type, p.limit)).id, { signal: context.signal }));
    try {
      if (p.random) return pickResult(await this.services.random.pick({ keyword: p.keyword, type }));
      const resolved = await this.services.keywords.resolveExpression(p.keyword);
      const found = await this.services.discovery.discover({
        kind: type,
        withKeywords: resolved.withKeywords,
        limit: p.limit ?? DEFAULT_LIST_LIMIT,
        signal: context.signal,
      });
      const progress = emptyProgress(p.limit ?? DEFAULT_LIST_LIMIT);
      progress.done = found.items.length;
      progress.failed = found.errors.length;
      progress.errors = found.errors.map((e) => ({ tmdb_id: e.tmdbId, post_id: null, message: e.message }));
      progress.log = found.items.slice(-50).map((t) => `${t.mediaType} ${t.tmdbId} → post ${t.postId} ${t.title}${t.synced ? '' : ' (already in the library)'}`);
      const message = `"${p.keyword}": ${found.items.length} ${type} titles from ${found.pagesRead} page(s)`;
      return { status: found.errors.length ? 'partial' : 'succeeded', message, progress };
    } catch (error) {
      if (error instanceof AppError && !error.retryable) return failed(describeError(error));
      throw error;
    }
  }
}

/** One line that says where the pick came from. */
export function describePick(pick: RandomPick): string {
  const what = `${pick.mediaType} ${pick.tmdbId} → post ${pick.postId}`;
  return pick.source === 'tmdb'
    ? `random pick from TMDb (page ${pick.page} of ${pick.totalPages}): ${what} ${pick.title}`
    : `random pick from stored list ${pick.listSlug} (TMDb unavailable: ${pick.reason}): ${what}`;
}

function pickResult(pick: RandomPick): HandlerResult {
  const progress = emptyProgress(1);
  progress.done = 1;
  const message = describePick(pick);
  progress.log.push(message);
  return { status: 'succeeded', message, progress };
}

function failed(message: string): HandlerResult {
  const progress = emptyProgress(1);
  progress.failed = 1;
  progress.errors.push({ tmdb_id: null, post_id: null, message });
  return { status: 'failed', message, progress };
}
