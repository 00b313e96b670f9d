import { buildMovieRow, mapMovie } from '../../mappers/movie.mapper';
import { RowWrites } from './row-writes';
import { buildStarCast } from '../../mappers/credits.mapper';
import type { SyncDeps } from './sync-deps';
import { emptyCounts, reportStep, SyncOptions, SyncResult } from './sync.types';
import {
  fetchTitleExtras,
  guardedTitleUpsert,
  prefetchTitle,
  resolveTitlePost,
  syncPostText,
  withoutDisabledColumns,
  writeTerms,
  writeTitleImages,
  writeCredits,
  addToKnownFor,
  writeVideos,
} from './title-writer';

/**
 * One movie: one TMDb detail request; then the WordPress side (post, terms,
 * people from the credits, images, videos) in a few batched requests and,
 * last, every tmu_* row for the title in the same transaction.
 */
export class MovieSyncService {
  constructor(private readonly deps: SyncDeps) {}

  async sync(tmdbId: number, options: SyncOptions): Promise<SyncResult> {
    const { deps } = this;
    reportStep(options, 'fetch', 0, 1);
    const movie = await deps.tmdb.getMovie(tmdbId, { fresh: options.fresh });
    const draft = mapMovie(movie);
    const { people, media } = await fetchTitleExtras(deps, draft, movie.videos?.results, options);
    const syncedAt = (deps.now ?? (() => new Date()))();
    const counts = emptyCounts();

    const result = await deps.unitOfWork.run(async (repos, transaction) => {
      const store = deps.bindStore(transaction);
      const rows = new RowWrites();
      const existing = await repos.movies.findPostIdByTmdbId(tmdbId);
      await prefetchTitle(store, [options.postId ?? existing], people, media);
      const ref = await resolveTitlePost(store, existing, 'movie', draft, options.postId, options.status);
      const keptText = await syncPostText(store, repos, rows, 'movie', ref, draft.post);
      await writeTerms(store, 'movie', ref.id, draft.terms);
      reportStep(options, 'people', 0, people ? people.known.size + people.create.length : 0);
      const peopleIds = people ? await deps.people.write(people, store, rows) : new Map<number, number>();
      counts.people = peopleIds.size;
      reportStep(options, 'people', peopleIds.size, peopleIds.size);
      const imageIds = await writeTitleImages(deps.images, store, 'movie', ref.id, media, counts, options);
      const videoIds = await writeVideos(deps, store, rows, ref.id, media.videos, counts);
      await store.markSynced('movie', ref.id, { at: syncedAt, error: null });
      await store.flush();

      const refs = { postId: ref.id, people: peopleIds, videoPostIds: videoIds, imageIds };
      const row = withoutDisabledColumns(buildMovieRow(movie, draft, refs, deps.codec, syncedAt), options);
      reportStep(options, 'rows', 0, 1);
      await rows.flush(repos);
      const keptColumns = await guardedTitleUpsert(repos, 'movies', 'movie', row);
      if (options.credits) await writeCredits(repos, 'movies', ref.id, draft, peopleIds, counts);
      if (options.credits) await addToKnownFor(repos, deps.codec, buildStarCast(draft.cast, peopleIds).map((s) => s.person), ref.id);
      return {
        type: 'movie' as const,
        tmdbId,
        postId: ref.id,
        title: draft.post.title,
        created: ref.created,
        counts,
        skippedVideos: media.skippedVideos,
        keptByEditor: [...keptText, ...keptColumns],
        peopleToRefresh: people ? { ids: people.refresh, portraits: people.portraits } : undefined,
      };
    });
    return result;
  }
}
