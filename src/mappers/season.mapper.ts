/**
 * `/tv/{id}/season/{n}` → season and episode (or drama-episode) drafts and the
 * wp_tmu_tv_series_seasons / _episodes (and dramas_episodes) rows, in the legacy TMU format.
 */
import type { TmdbEpisode, TmdbSeason } from '../clients/tmdb/tmdb.schema';
import type { EpisodeRow, SeasonRow } from '../domain/rows';
import { buildCreditsColumn, castFromCredits, crewFromCredits } from './credits.mapper';
import { airPostDate, releaseTimestamp, toYmd } from './dates';
import { imageDraft } from './image.mapper';
import type { CastCredit, ColumnCodec, CrewCredit, ImageDraft, PostDraft } from './mapping.types';
import { int, nz, round1 } from './title.mapper';

export interface EpisodeDraft {
  seasonNumber: number;
  episodeNumber: number;
  /** undefined only for pre-2015 season payloads, whose episodes carry no id. */
  tmdbId: number | undefined;
  post: PostDraft;
  still: ImageDraft | null;
  /** guest_stars (the series regulars are not repeated per episode). */
  cast: CastCredit[];
  crew: CrewCredit[];
}

export interface SeasonDraft {
  seasonNumber: number;
  tmdbId: number;
  post: PostDraft;
  poster: ImageDraft | null;
  episodes: EpisodeDraft[];
}

function seasonTitle(seriesTitle: string, seasonNumber: number): string {
  return `${seriesTitle.trim()} - Season ${seasonNumber}`;
}

/** "{Series} - Season {s} Episode {e}"; dramas: "{Drama} Episode {e}", "{Drama} Season {s} Episode {e}" after season 1. */
export function episodeTitle(seriesTitle: string, kind: 'tv' | 'drama', seasonNumber: number, episodeNumber: number): string {
  if (kind === 'tv') return `${seasonTitle(seriesTitle, seasonNumber)} Episode ${episodeNumber}`;
  if (seasonNumber === 1) return `${seriesTitle.trim()} Episode ${episodeNumber}`;
  return `${seriesTitle.trim()} Season ${seasonNumber} Episode ${episodeNumber}`;
}

function withDate(title: string, content: string | null | undefined, date: string | undefined): PostDraft {
  return { title, content: content?.trim() ?? '', ...(date ? { date } : {}) };
}

export function mapEpisode(episode: TmdbEpisode, seasonNumber: number, seriesTitle: string, kind: 'tv' | 'drama', options: { now?: Date } = {}): EpisodeDraft {
  const season = episode.season_number ?? seasonNumber;
  return {
    seasonNumber: season,
    episodeNumber: episode.episode_number,
    tmdbId: episode.id ?? undefined,
    post: withDate(episodeTitle(seriesTitle, kind, season, episode.episode_number), episode.overview, airPostDate(episode.air_date, options.now)),
    still: imageDraft(episode.still_path, 'still'),
    cast: castFromCredits(episode.guest_stars),
    crew: crewFromCredits(episode.crew),
  };
}

export function mapSeason(season: TmdbSeason, seriesTitle: string, kind: 'tv' | 'drama', options: { now?: Date } = {}): SeasonDraft {
  const byNumber = new Map<number, TmdbEpisode>();
  for (const episode of season.episodes) if (!byNumber.has(episode.episode_number)) byNumber.set(episode.episode_number, episode);
  const episodes = [...byNumber.values()]
    .sort((a, b) => a.episode_number - b.episode_number)
    .map((episode) => mapEpisode(episode, season.season_number, seriesTitle, kind, options));
  return {
    seasonNumber: season.season_number,
    tmdbId: season.id,
    post: withDate(seasonTitle(seriesTitle, season.season_number), season.overview, airPostDate(season.air_date, options.now)),
    poster: imageDraft(season.poster_path, 'poster'),
    episodes,
  };
}

/** total_episodes = episodes imported; average_rating = mean of their vote_average (missing = 0, as legacy). */
export function buildSeasonRow(season: TmdbSeason, draft: SeasonDraft, seasonPostId: number, syncedAt: Date): SeasonRow {
  const ratingOf = new Map<number, number>();
  for (const e of season.episodes) if (!ratingOf.has(e.episode_number)) ratingOf.set(e.episode_number, e.vote_average ?? 0);
  const total = draft.episodes.length;
  const sum = draft.episodes.reduce((acc, e) => acc + (ratingOf.get(e.episodeNumber) ?? 0), 0);
  return {
    ID: seasonPostId,
    season_no: season.season_number,
    season_name: nz(season.name),
    air_date: toYmd(season.air_date),
    air_date_timestamp: releaseTimestamp(season.air_date),
    total_episodes: total,
    average_rating: total > 0 ? (round1(sum / total) ?? 0) : 0,
    tmdb_id: season.id,
    poster_path: nz(season.poster_path),
    overview: nz(season.overview),
    synced_at: syncedAt,
  };
}

export function buildEpisodeRow(
  episode: TmdbEpisode,
  draft: EpisodeDraft,
  episodePostId: number,
  people: ReadonlyMap<number, number>,
  codec: ColumnCodec,
  syncedAt: Date,
): EpisodeRow {
  return {
    ID: episodePostId,
    season_no: draft.seasonNumber,
    episode_no: draft.episodeNumber,
    episode_title: nz(episode.name),
    air_date: toYmd(episode.air_date),
    air_date_timestamp: releaseTimestamp(episode.air_date),
    episode_type: nz(episode.episode_type),
    runtime: int(episode.runtime),
    overview: nz(episode.overview),
    credits: codec.encode(buildCreditsColumn(draft.cast, draft.crew, people)),
    average_rating: round1(episode.vote_average) ?? 0,
    vote_count: int(episode.vote_count) ?? 0,
    tmdb_id: episode.id ?? null,
    still_path: nz(episode.still_path),
    synced_at: syncedAt,
  };
}
