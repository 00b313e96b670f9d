import { buildMovieRow, mapMovie } from '../../mappers/movie.mapper';
import { watchProvidersColumn } from '../../mappers/watch-providers.mapper';
import type { SyncDeps } from './sync-deps';
import { reportStep, SyncOptions, SyncResult } from './sync.types';
import { runTitlePipeline } from './title-pipeline';
import { fetchTitleExtras, guardedTitleUpsert, watchRegionOf, withoutDisabledColumns } from './title-writer';

/**
 * One movie: one TMDb detail request; then the WordPress side (post, terms,
 * people from the credits, images, videos) in a few batched requests and,
 * last, every tmu_* row for the title in the same transaction (title-pipeline.ts).
 */
export class MovieSyncService {
  constructor(private readonly deps: SyncDeps) {}

  async sync(tmdbId: number, options: SyncOptions): Promise<SyncResult> {
    const { deps } = this;
    reportStep(options, 'fetch', 0, 1);
    const movie = await deps.tmdb.getMovie(tmdbId, { fresh: options.fresh });
    const draft = mapMovie(movie);
    const { people, media } = await fetchTitleExtras(deps, draft, movie.videos?.results, options);
    const watch = watchProvidersColumn(movie['watch/providers'], await watchRegionOf(deps), deps.codec);
    return runTitlePipeline(
      deps,
      {
        kind: 'movie',
        table: 'movies',
        tmdbId,
        draft,
        people,
        media,
        terms: draft.terms,
        writeTitleRow: ({ repos, refs, syncedAt }) =>
          guardedTitleUpsert(repos, 'movies', 'movie', withoutDisabledColumns({ ...buildMovieRow(movie, draft, refs, deps.codec, syncedAt), ...watch }, options)),
      },
      options,
    );
  }
}
