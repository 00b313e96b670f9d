import { buildMovieRow, mapMovie } from '../../mappers/movie.mapper';
import { RowWrites } from './row-writes';
import { buildStarCast } from '../../mappers/credits.mapper';
import type { SyncDeps } from './sync-deps';
import { emptyCounts, SyncOptions, SyncResult } from './sync.types';
import {
  fetchTitleExtras,
  guardedTitleUpsert,
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
 * One movie: one TMDb detail request (plus people not yet fresh); then the
 * WordPress side (post, terms, people, images, videos) and, last, every
 * tmu_* row for the title in the same transaction.
 */
export class MovieSyncService {
  constructor(private readonly deps: SyncDeps) {}

  async sync(tmdbId: number, options: SyncOptions): Promise<SyncResult> {
    const { deps } = this;
    const movie = await deps.tmdb.getMovie(tmdbId, { fresh: options.fresh });
    const draft = mapMovie(movie);
    const { people, media } = await fetchTitleExtras(deps, draft, movie.videos?.results, options);
    const syncedAt = (deps.now ?? (() => new Date()))();
    const counts = emptyCounts();

    return deps.unitOfWork.run(async (repos, transaction) => {
      const store = deps.bindStore(transaction);
      const rows = new RowWrites();
      const existing = await repos.movies.findPostIdByTmdbId(tmdbId);
      const ref = await resolveTitlePost(store, existing, 'movie', draft, options.postId);
      const keptText = await syncPostText(store, repos, rows, 'movie', ref, draft.post);
      await writeTerms(store, 'movie', ref.id, draft.terms);
      const peopleIds = people ? await deps.people.write(people, repos, store, rows, syncedAt) : new Map<number, number>();
      counts.people = peopleIds.size;
      counts.peopleFetched = people?.payloads.length ?? 0;
      const imageIds = await writeTitleImages(deps.images, store, 'movie', ref.id, media, counts);
      const videoIds = await writeVideos(deps, store, rows, ref.id, media.videos, counts);

      const refs = { postId: ref.id, people: peopleIds, videoPostIds: videoIds, imageIds };
      const row = withoutDisabledColumns(buildMovieRow(movie, draft, refs, deps.codec, syncedAt), options);
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
      };
    });
  }
}
