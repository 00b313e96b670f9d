/**
 * TMDb TV series (details + aggregate_credits,images,videos,keywords,content_ratings,
 * external_ids) → the tv or drama post draft and the wp_tmu_tv_series / wp_tmu_dramas
 * row, in the legacy TMU format.
 */
import type { TmdbTv } from '../clients/tmdb/tmdb.schema';
import type { DramaRow, TvRow } from '../domain/rows';
import { buildStarCast, castFromAggregate, castFromCredits, crewFromAggregate, crewFromCredits } from './credits.mapper';
import { releaseTimestamp, titlePostDate, toYmd, tvCertification } from './dates';
import { imageDraft, selectBackdrops } from './image.mapper';
import type { ColumnCodec, ImageDraft, MapOptions, TermDraft, TitleDraft, TitleRefs } from './mapping.types';
import { names, networkTerms, termDraft, titleTerms } from './terms.mapper';
import { finishedColumn, lastEpisodeColumn, nameListColumn, productionHouseColumn } from './column-shapes';
import { buildSyncedExtras, int, nz, round1 } from './title.mapper';
import { mapVideos } from './video.mapper';

export interface TvDraft extends TitleDraft {
  kind: 'tv' | 'drama';
  /** season_number >= 1 only, ascending. */
  seasonNumbers: number[];
  /** network (tv) or channel (drama) terms; NOT repeated in `terms`. */
  networks: TermDraft[];
  /** Logo of each network/channel term that has one (term meta `logo`). */
  networkLogos: Array<{ term: TermDraft; logo: ImageDraft }>;
}

export function mapTv(tv: TmdbTv, kind: 'tv' | 'drama', options: MapOptions = {}): TvDraft {
  const releaseDate = toYmd(tv.first_air_date);
  const timestamp = releaseTimestamp(releaseDate);
  const date = titlePostDate(timestamp, options.now);
  const taxonomy = kind === 'tv' ? 'network' : 'channel';
  const networks = networkTerms(tv.networks, taxonomy);
  const networkLogos = tv.networks.flatMap((network) => {
    const term = termDraft(taxonomy, network.name);
    const logo = imageDraft(network.logo_path, 'logo');
    return term && logo ? [{ term, logo }] : [];
  });
  const aggregate = tv.aggregate_credits;
  return {
    kind,
    tmdbId: tv.id,
    post: { title: tv.name.trim(), content: tv.overview?.trim() ?? '', ...(date ? { date } : {}) },
    // The legacy drama post type has no keyword taxonomy.
    terms: titleTerms(tv, releaseDate, kind === 'tv'),
    cast: aggregate ? castFromAggregate(aggregate.cast) : castFromCredits(tv.credits?.cast),
    crew: aggregate ? crewFromAggregate(aggregate.crew) : crewFromCredits(tv.credits?.crew),
    videos: mapVideos(tv.videos?.results).kept,
    poster: imageDraft(tv.poster_path, 'poster'),
    backdrops: selectBackdrops(tv.images?.backdrops, tv.backdrop_path),
    releaseDate,
    releaseTimestamp: timestamp,
    certification: tvCertification(tv, options.region ?? 'US'),
    seasonNumbers: seasonNumbers(tv),
    networks,
    networkLogos: networkLogos.filter((entry, i) => networkLogos.findIndex((e) => e.term.slug === entry.term.slug) === i),
  };
}

/** Season numbers >= 1 from `seasons`, else 1..number_of_seasons. */
export function seasonNumbers(tv: TmdbTv): number[] {
  const listed = tv.seasons.map((s) => s.season_number).filter((n) => Number.isInteger(n) && n >= 1);
  if (listed.length === 0 && tv.number_of_seasons) {
    return Array.from({ length: tv.number_of_seasons }, (_, i) => i + 1);
  }
  return [...new Set(listed)].sort((a, b) => a - b);
}

/** episode_run_time[0]; TMDb now often sends [], then the latest episode's runtime. */
export function tvRuntime(tv: TmdbTv): number | null {
  const first = tv.episode_run_time.find((n) => Number.isFinite(n) && n > 0);
  if (first !== undefined) return Math.round(first);
  const latest = (tv.next_episode_to_air ?? tv.last_episode_to_air) as { runtime?: unknown } | null | undefined;
  return typeof latest?.runtime === 'number' && latest.runtime > 0 ? Math.round(latest.runtime) : null;
}

/** last_season/last_episode: next_episode_to_air, else last_episode_to_air. */
export function lastEpisode(tv: TmdbTv): { season: number | null; episode: number | null } {
  const ref = tv.next_episode_to_air ?? tv.last_episode_to_air;
  return { season: ref?.season_number ?? null, episode: ref?.episode_number ?? null };
}

function commonColumns(tv: TmdbTv, draft: TvDraft, refs: TitleRefs, codec: ColumnCodec, syncedAt: Date): DramaRow {
  return {
    ID: refs.postId,
    tmdb_id: tv.id,
    release_date: draft.releaseDate,
    release_timestamp: draft.releaseTimestamp,
    original_title: nz(tv.original_name),
    finished: finishedColumn(tv.status, codec.format),
    tagline: nz(tv.tagline),
    production_house: productionHouseColumn(tv.production_companies, codec),
    runtime: tvRuntime(tv),
    certification: draft.certification,
    star_cast: codec.encode(buildStarCast(draft.cast, refs.people)),
    videos: codec.encode(refs.videoPostIds),
    images: codec.encode(refs.imageIds),
    average_rating: round1(tv.vote_average),
    vote_count: int(tv.vote_count),
    popularity: round1(tv.popularity),
    networks: nameListColumn(names(tv.networks), codec),
    ...buildSyncedExtras(draft.post.title, tv, codec, syncedAt),
  };
}

export function buildTvRow(tv: TmdbTv, draft: TvDraft, refs: TitleRefs & { seasonPostIds: number[] }, codec: ColumnCodec, syncedAt: Date): TvRow {
  const last = lastEpisode(tv);
  return {
    ...commonColumns(tv, draft, refs, codec, syncedAt),
    // Legacy: SELECT ID FROM …seasons → numeric strings.
    seasons: codec.encode(refs.seasonPostIds.map(String)),
    last_season: last.season,
    last_episode: lastEpisodeColumn(tv, last, codec.format),
  };
}

export function buildDramaRow(tv: TmdbTv, draft: TvDraft, refs: TitleRefs, codec: ColumnCodec, syncedAt: Date): DramaRow {
  return commonColumns(tv, draft, refs, codec, syncedAt);
}
