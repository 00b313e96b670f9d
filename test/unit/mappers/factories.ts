/** Test factories: minimal TMDb payloads (run through the real schemas), credits and fake WordPress ids. */
import {
  tmdbMovieSchema,
  tmdbPersonSchema,
  tmdbSeasonSchema,
  tmdbTvSchema,
  type TmdbMovie,
  type TmdbPerson,
  type TmdbSeason,
  type TmdbTv,
} from '../../../src/clients/tmdb/tmdb.schema';
import type { CastCredit, CrewCredit, TitleDraft, TitleRefs } from '../../../src/mappers/mapping.types';

export const SYNCED_AT = new Date('2025-01-02T03:04:05Z');

type Raw = Record<string, unknown>;

export function movie(overrides: Raw = {}): TmdbMovie {
  return tmdbMovieSchema.parse({ id: 1001, title: 'A Movie', ...overrides });
}

export function tv(overrides: Raw = {}): TmdbTv {
  return tmdbTvSchema.parse({ id: 2002, name: 'A Show', ...overrides });
}

export function rawEpisode(episodeNumber: number, overrides: Raw = {}): Raw {
  return { id: 30000 + episodeNumber, episode_number: episodeNumber, season_number: 1, name: `Episode ${episodeNumber}`, ...overrides };
}

export function season(seasonNumber: number, episodes: Raw[], overrides: Raw = {}): TmdbSeason {
  return tmdbSeasonSchema.parse({ id: 4000 + seasonNumber, season_number: seasonNumber, name: `Season ${seasonNumber}`, episodes, ...overrides });
}

export function person(overrides: Raw = {}): TmdbPerson {
  return tmdbPersonSchema.parse({ id: 5005, name: 'Some One', ...overrides });
}

export function rawCast(id: number, character: string, order: number, overrides: Raw = {}): Raw {
  return { id, name: `Actor ${id}`, character, order, gender: 2, known_for_department: 'Acting', profile_path: `/p${id}.jpg`, ...overrides };
}

export function rawCrew(id: number, department: string, job: string, overrides: Raw = {}): Raw {
  return { id, name: `Crew ${id}`, department, job, gender: 0, known_for_department: department, ...overrides };
}

export function castCredit(tmdbPersonId: number, overrides: Partial<CastCredit> = {}): CastCredit {
  return {
    tmdbPersonId,
    name: `Actor ${tmdbPersonId}`,
    character: `Role ${tmdbPersonId}`,
    order: 0,
    count: null,
    gender: null,
    profilePath: null,
    knownForDepartment: 'Acting',
    ...overrides,
  };
}

export function crewCredit(tmdbPersonId: number, overrides: Partial<CrewCredit> = {}): CrewCredit {
  return {
    tmdbPersonId,
    name: `Crew ${tmdbPersonId}`,
    department: 'Directing',
    job: 'Director',
    count: null,
    gender: null,
    profilePath: null,
    knownForDepartment: 'Directing',
    ...overrides,
  };
}

/** people post IDs for every credited TMDb person: base, base+1, … in first-seen order. */
export function peopleMap(credits: Array<{ tmdbPersonId: number }>, base = 90000): Map<number, number> {
  const map = new Map<number, number>();
  for (const credit of credits) if (!map.has(credit.tmdbPersonId)) map.set(credit.tmdbPersonId, base + map.size);
  return map;
}

/** Fake WordPress ids for a title draft: every credited person has a post, one post per video and backdrop. */
export function fakeRefs(draft: TitleDraft, postId = 100): TitleRefs {
  return {
    postId,
    people: peopleMap([...draft.cast, ...draft.crew]),
    videoPostIds: draft.videos.map((_, i) => 70000 + i),
    imageIds: draft.backdrops.map((_, i) => 80000 + i),
  };
}
