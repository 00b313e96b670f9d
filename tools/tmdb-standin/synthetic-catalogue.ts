import type { CatalogueRecord } from './fixture-catalogue';
import type { Json } from './fixture-store';
import { appearance, PersonHint } from './people-index';
import {
  CAST_SLOTS,
  addDays,
  hash32,
  intBetween,
  isAdultSynthetic,
  isoDate,
  randomFor,
  roundTo,
  slotAppearances,
  syntheticEpisodeId,
  syntheticCreditId,
  syntheticSeasonId,
  TitleKind,
} from './synthetic-ids';
import {
  castCharacter,
  crewJob,
  pickGenres,
  syntheticAggregateCredits,
  syntheticContentRatings,
  syntheticCredits,
  syntheticExternalIds,
  syntheticImages,
  syntheticPersonBasics,
  syntheticRecord,
  syntheticReleaseDates,
  syntheticVideos,
} from './synthetic-parts';
import { syntheticSeason } from './synthetic-season';

export interface SyntheticTemplates {
  movie: CatalogueRecord;
  tv: CatalogueRecord;
  person: CatalogueRecord;
  season: CatalogueRecord;
}

export interface SyntheticLookups {
  /** A recorded search/discover result for this id, whose title the synthetic details reuse. */
  summary(kind: 'movie' | 'tv' | 'person', id: number): Json | undefined;
  /** Someone credited in a recorded title. */
  creditedPerson(id: number): PersonHint | undefined;
  isFixture: (kind: TitleKind, id: number) => boolean;
  /** Keyword pool; a synthetic title's first keyword is pool[id % length], so discover can invert it. */
  keywordPool(): Array<{ id: number; name: string }>;
  genres(kind: TitleKind): Json[];
}

/** Details for ids no recording covers, cloned from real templates and filled from the id. */
export class SyntheticCatalogue {
  constructor(
    private readonly templates: SyntheticTemplates,
    private readonly lookups: SyntheticLookups,
  ) {}

  movie(id: number): CatalogueRecord {
    const { rnd, s, prefix, poster, backdrop } = this.titleStart('movie', id);
    const title = (s?.title as string | undefined) ?? `Synthetic Movie ${id}`;
    const date = (s?.release_date as string | undefined) || isoDate(1970 + intBetween(rnd, 0, 54), intBetween(rnd, 0, 364));
    const imdb = `tt${90_000_000 + id}`;
    const base: Json = {
      ...this.templates.movie.base,
      id,
      title,
      original_title: s?.original_title ?? title,
      imdb_id: imdb,
      release_date: date,
      overview: s?.overview || `${title} is a synthetic film made up for tests (id ${id}).`,
      tagline: `The one with id ${id}.`,
      status: 'Released',
      adult: isAdultSynthetic('movie', id),
      video: false,
      homepage: '',
      runtime: intBetween(rnd, 80, 180),
      budget: intBetween(rnd, 1, 200) * 1_000_000,
      revenue: intBetween(rnd, 0, 800) * 1_000_000,
      popularity: s?.popularity ?? roundTo(rnd() * 100),
      vote_average: s?.vote_average ?? roundTo(4 + rnd() * 5, 1),
      vote_count: s?.vote_count ?? intBetween(rnd, 0, 20_000),
      original_language: s?.original_language ?? 'en',
      poster_path: poster,
      backdrop_path: backdrop,
      genres: this.genresFor('movie', id, s),
      belongs_to_collection: null,
    };
    return syntheticRecord('movie', base, {
      credits: syntheticCredits('movie', id),
      images: syntheticImages(prefix, poster, backdrop),
      videos: syntheticVideos(prefix, title, date),
      keywords: { keywords: this.keywordsFor(id) },
      release_dates: syntheticReleaseDates(date, id),
      external_ids: syntheticExternalIds(imdb),
      translations: { translations: [] },
    });
  }

  tv(id: number): CatalogueRecord {
    const { rnd, s, prefix, poster, backdrop } = this.titleStart('tv', id);
    const name = (s?.name as string | undefined) ?? `Synthetic Series ${id}`;
    const first = (s?.first_air_date as string | undefined) || isoDate(1990 + intBetween(rnd, 0, 30), intBetween(rnd, 0, 300));
    const seasonCount = intBetween(rnd, 1, 4);
    const seasons = Array.from({ length: seasonCount }, (_, i) => ({
      air_date: addDays(first, 365 * i),
      episode_count: intBetween(rnd, 6, 12),
      id: syntheticSeasonId(id, i + 1),
      name: `Season ${i + 1}`,
      overview: `Season ${i + 1} of ${name}.`,
      poster_path: `/${prefix}-season-${i + 1}.jpg`,
      season_number: i + 1,
      vote_average: roundTo(5 + rnd() * 4, 1),
    }));
    const last = seasons[seasons.length - 1];
    const episodes = seasons.reduce((n, x) => n + x.episode_count, 0);
    const lastAir = addDays(last.air_date, 7 * (last.episode_count - 1));
    const ended = id % 3 !== 0;
    const base: Json = {
      ...this.templates.tv.base,
      id,
      name,
      original_name: s?.original_name ?? name,
      first_air_date: first,
      last_air_date: lastAir,
      overview: s?.overview || `${name} is a synthetic series made up for tests (id ${id}).`,
      tagline: '',
      status: ended ? 'Ended' : 'Returning Series',
      in_production: !ended,
      type: 'Scripted',
      adult: isAdultSynthetic('tv', id),
      homepage: '',
      created_by: [],
      episode_run_time: [intBetween(rnd, 22, 60)],
      number_of_seasons: seasonCount,
      number_of_episodes: episodes,
      seasons,
      next_episode_to_air: null,
      last_episode_to_air: {
        id: syntheticEpisodeId(id, last.season_number, last.episode_count),
        name: `Episode ${last.episode_count}`,
        overview: '',
        vote_average: 0,
        vote_count: 0,
        air_date: lastAir,
        episode_number: last.episode_count,
        episode_type: 'finale',
        production_code: '',
        runtime: 45,
        season_number: last.season_number,
        show_id: id,
        still_path: null,
      },
      popularity: s?.popularity ?? roundTo(rnd() * 100),
      vote_average: s?.vote_average ?? roundTo(4 + rnd() * 5, 1),
      vote_count: s?.vote_count ?? intBetween(rnd, 0, 5000),
      original_language: s?.original_language ?? 'en',
      origin_country: s?.origin_country ?? ['US'],
      poster_path: poster,
      backdrop_path: backdrop,
      genres: this.genresFor('tv', id, s),
    };
    const aggregate = syntheticAggregateCredits(id, episodes);
    return syntheticRecord('tv', base, {
      aggregate_credits: aggregate,
      credits: syntheticCredits('tv', id),
      images: syntheticImages(prefix, poster, backdrop),
      videos: syntheticVideos(prefix, name, first),
      keywords: { results: this.keywordsFor(id) },
      content_ratings: syntheticContentRatings(id),
      external_ids: syntheticExternalIds(`tt${80_000_000 + id}`, 9_000_000 + (id % 1_000_000)),
      translations: { translations: [] },
    });
  }

  /** A season beyond the recorded ones (synthetic-season.ts). */
  season(show: CatalogueRecord, seasonNumber: number): CatalogueRecord | undefined {
    return syntheticSeason(this.templates.season, show, seasonNumber);
  }

  person(id: number): CatalogueRecord {
    const rnd = randomFor('person', id);
    const hint = this.lookups.creditedPerson(id);
    const s = this.lookups.summary('person', id);
    const basics = hint ?? s ?? syntheticPersonBasics(id);
    const name = String(basics.name);
    const imdb = `nm${90_000_000 + id}`;
    const profile = (basics.profile_path as string | null | undefined) ?? null;
    const base: Json = {
      ...this.templates.person.base,
      id,
      name,
      also_known_as: [],
      adult: false,
      deathday: null,
      homepage: null,
      imdb_id: imdb,
      biography: `${name} is a person the TMDb stand-in made up from credits (id ${id}).`,
      birthday: isoDate(1930 + intBetween(rnd, 0, 70), intBetween(rnd, 0, 364)),
      gender: basics.gender ?? 0,
      known_for_department: basics.known_for_department ?? 'Acting',
      place_of_birth: ['London, England, UK', 'Los Angeles, California, USA', 'Seoul, South Korea', 'Lyon, France'][id % 4],
      popularity: basics.popularity ?? roundTo(rnd() * 50),
      profile_path: profile,
    };
    const combined = hint ? { cast: hint.cast, crew: hint.crew } : this.slotCredits(id);
    const byMedia = (media: string) => ({
      cast: combined.cast.filter((c) => c.media_type === media),
      crew: combined.crew.filter((c) => c.media_type === media),
    });
    return syntheticRecord('person', base, {
      combined_credits: combined,
      movie_credits: byMedia('movie'),
      tv_credits: byMedia('tv'),
      external_ids: syntheticExternalIds(imdb),
      images: { profiles: profile ? [{ aspect_ratio: 0.667, height: 750, iso_639_1: null, file_path: profile, vote_average: 5, vote_count: 1, width: 500 }] : [] },
      translations: { translations: [] },
    });
  }

  /** Credits of a synthetic person: the synthetic titles whose slot it fills. */
  private slotCredits(personId: number): { cast: Json[]; crew: Json[] } {
    const cast: Json[] = [];
    const crew: Json[] = [];
    for (const { kind, titleId, slot } of slotAppearances(personId, 3, this.lookups.isFixture)) {
      const title = kind === 'movie' ? this.movie(titleId) : this.tv(titleId);
      const credit_id = syntheticCreditId(personId, titleId, slot);
      if (slot < CAST_SLOTS) cast.push(appearance(title, { credit_id }, castCharacter(slot)));
      else crew.push(appearance(title, { credit_id, department: crewJob(slot).department }, undefined, crewJob(slot).job));
    }
    return { cast, crew };
  }

  /** What a synthetic movie and series start from: the id's random stream, a recorded summary to reuse, and image paths. */
  private titleStart(kind: TitleKind, id: number) {
    const rnd = randomFor(kind, id);
    const s = this.lookups.summary(kind, id);
    const prefix = `synthetic-${kind}-${id}`;
    const poster = s ? ((s.poster_path as string | null) ?? null) : `/${prefix}-poster.jpg`;
    const backdrop = s ? ((s.backdrop_path as string | null) ?? null) : `/${prefix}-backdrop.jpg`;
    return { rnd, s, prefix, poster, backdrop };
  }

  private keywordsFor(id: number): Json[] {
    const pool = this.lookups.keywordPool();
    if (pool.length === 0) return [];
    const picks = [id % pool.length, hash32(`kw1:${id}`) % pool.length, hash32(`kw2:${id}`) % pool.length];
    return [...new Set(picks)].map((i) => ({ id: pool[i].id, name: pool[i].name }));
  }

  private genresFor(kind: TitleKind, id: number, summary?: Json): Json[] {
    const all = this.lookups.genres(kind);
    const ids = summary?.genre_ids as number[] | undefined;
    if (ids?.length) return all.filter((g) => ids.includes(g.id as number));
    return pickGenres(`${kind}:${id}`, all);
  }
}
