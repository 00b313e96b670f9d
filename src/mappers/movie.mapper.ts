/**
 * TMDb movie (details + credits,images,videos,keywords,release_dates,external_ids)
 * → the movie post draft and the wp_tmu_movies row, in the legacy TMU format.
 */
import type { TmdbMovie } from '../clients/tmdb/tmdb.schema';
import type { MovieRow } from '../domain/rows';
import { buildStarCast, castFromCredits, crewFromCredits } from './credits.mapper';
import { releaseTimestamp, titlePostDate, usTheatricalRelease } from './dates';
import { imageDraft, selectBackdrops } from './image.mapper';
import type { ColumnCodec, MapOptions, TitleDraft, TitleRefs } from './mapping.types';
import { titleTerms } from './terms.mapper';
import { productionHouseColumn } from './column-shapes';
import { buildSyncedExtras, int, nz, round1 } from './title.mapper';
import { mapVideos } from './video.mapper';

export interface MovieDraft extends TitleDraft {
  kind: 'movie';
}

export function mapMovie(movie: TmdbMovie, options: MapOptions = {}): MovieDraft {
  const release = usTheatricalRelease(movie, options.region ?? 'US');
  const timestamp = releaseTimestamp(release.date);
  const date = titlePostDate(timestamp, options.now);
  return {
    kind: 'movie',
    tmdbId: movie.id,
    post: { title: movie.title.trim(), content: movie.overview?.trim() ?? '', ...(date ? { date } : {}) },
    terms: titleTerms(movie, release.date),
    cast: castFromCredits(movie.credits?.cast),
    crew: crewFromCredits(movie.credits?.crew),
    videos: mapVideos(movie.videos?.results).kept,
    poster: imageDraft(movie.poster_path, 'poster'),
    backdrops: selectBackdrops(movie.images?.backdrops, movie.backdrop_path),
    releaseDate: release.date,
    releaseTimestamp: timestamp,
    certification: release.certification,
  };
}

export function buildMovieRow(movie: TmdbMovie, draft: MovieDraft, refs: TitleRefs, codec: ColumnCodec, syncedAt: Date): MovieRow {
  return {
    ID: refs.postId,
    tmdb_id: movie.id,
    release_date: draft.releaseDate,
    release_timestamp: draft.releaseTimestamp,
    original_title: nz(movie.original_title),
    tagline: nz(movie.tagline),
    production_house: productionHouseColumn(movie.production_companies, codec),
    runtime: int(movie.runtime),
    certification: draft.certification,
    revenue: int(movie.revenue),
    budget: int(movie.budget),
    star_cast: codec.encode(buildStarCast(draft.cast, refs.people)),
    videos: codec.encode(refs.videoPostIds),
    images: codec.encode(refs.imageIds),
    average_rating: round1(movie.vote_average),
    vote_count: int(movie.vote_count),
    popularity: round1(movie.popularity),
    ...buildSyncedExtras(draft.post.title, movie, codec, syncedAt),
  };
}
