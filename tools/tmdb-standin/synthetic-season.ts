import type { CatalogueRecord } from './fixture-catalogue';
import type { Json } from './fixture-store';
import { addDays, intBetween, randomFor, roundTo, syntheticEpisodeId, syntheticSeasonId } from './synthetic-ids';
import { syntheticRecord } from './synthetic-parts';

/** A season beyond the recorded ones, shaped like the template season, counts from the series' seasons[] summary. */
export function syntheticSeason(templateSeason: CatalogueRecord, show: CatalogueRecord, seasonNumber: number): CatalogueRecord | undefined {
  const summary = ((show.base.seasons as Json[] | undefined) ?? []).find((x) => x.season_number === seasonNumber);
  if (!summary) return undefined;
  const tvId = show.base.id as number;
  const template = templateSeason.base;
  const templateEpisodes = template.episodes as Json[];
  // The template's own crew and guests only make sense for the template's own show.
  const sameShow = templateEpisodes[0]?.show_id === tvId;
  const count = Number(summary.episode_count ?? 0);
  const airDate = (summary.air_date as string | null | undefined) ?? null;
  const runtime = (show.base.episode_run_time as number[] | undefined)?.[0] ?? 45;
  const episodes = Array.from({ length: count }, (_, i) => {
    const e = i + 1;
    const t = templateEpisodes[i % templateEpisodes.length];
    const rnd = randomFor('episode', `${tvId}:${seasonNumber}:${e}`);
    return {
      ...t,
      id: syntheticEpisodeId(tvId, seasonNumber, e),
      episode_number: e,
      season_number: seasonNumber,
      show_id: tvId,
      name: `Episode ${e}`,
      overview: `Episode ${e} of season ${seasonNumber} of ${String(show.base.name)}.`,
      air_date: airDate ? addDays(airDate, 7 * i) : null,
      episode_type: e === count ? 'finale' : 'standard',
      production_code: '',
      runtime,
      still_path: `/synthetic-tv-${tvId}-s${seasonNumber}e${e}-still.jpg`,
      vote_average: roundTo(5 + rnd() * 4, 1),
      vote_count: intBetween(rnd, 0, 500),
      crew: sameShow ? t.crew : episodeCrew(show),
      guest_stars: sameShow ? t.guest_stars : [],
    };
  });
  const base: Json = {
    _id: `synthetic-${tvId}-${seasonNumber}`,
    air_date: airDate,
    episodes,
    name: summary.name ?? `Season ${seasonNumber}`,
    overview: summary.overview ?? '',
    id: summary.id ?? syntheticSeasonId(tvId, seasonNumber),
    poster_path: summary.poster_path ?? null,
    season_number: seasonNumber,
    vote_average: summary.vote_average ?? 0,
  };
  return syntheticRecord('season', base, {
    credits: show.parts.credits ?? { cast: [], crew: [] },
    aggregate_credits: show.parts.aggregate_credits ?? { cast: [], crew: [] },
    images: {
      posters: base.poster_path ? [{ file_path: base.poster_path, width: 1000, height: 1500, aspect_ratio: 0.667, iso_639_1: null, vote_average: 0, vote_count: 0 }] : [],
    },
    videos: { results: [] },
    external_ids: { freebase_mid: null, freebase_id: null, tvdb_id: null, tvrage_id: null, wikidata_id: null },
    translations: { translations: [] },
  });
}

function episodeCrew(show: CatalogueRecord): Json[] {
  const crew = ((show.parts.credits as Json | undefined)?.crew as Json[] | undefined) ?? [];
  return crew.slice(0, 2);
}
