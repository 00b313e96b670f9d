import type { CatalogueRecord } from './fixture-catalogue';
import type { Json } from './fixture-store';
import { CAST_SLOTS, CREW_JOBS, SLOTS_PER_TITLE, TitleKind, hash32, intBetween, randomFor, slotPerson, syntheticCreditId } from './synthetic-ids';

/** Name, gender and profile of a person that exists only in the synthetic catalogue. */
export function syntheticPersonBasics(id: number): Json {
  const rnd = randomFor('person', id);
  return {
    id,
    name: `Synthetic Person ${id}`,
    gender: id % 2 === 0 ? 1 : 2,
    profile_path: id % 5 === 0 ? null : `/synthetic-person-${id}-profile.jpg`,
    known_for_department: 'Acting',
    popularity: Math.round(rnd() * 5000) / 100,
  };
}

function personRef(personId: number): Json {
  const p = syntheticPersonBasics(personId);
  return { adult: false, gender: p.gender, id: personId, name: p.name, original_name: p.name, popularity: p.popularity, profile_path: p.profile_path };
}

export function castCharacter(slot: number): string {
  return `Character ${slot + 1}`;
}

export function crewJob(slot: number): { job: string; department: string } {
  return CREW_JOBS[(slot - CAST_SLOTS) % CREW_JOBS.length];
}

/** `credits` of a synthetic title: slots 0..7 act, 8..11 crew. */
export function syntheticCredits(kind: TitleKind, titleId: number): Json {
  const cast: Json[] = [];
  const crew: Json[] = [];
  for (let slot = 0; slot < SLOTS_PER_TITLE; slot += 1) {
    const pid = slotPerson(kind, titleId, slot);
    const credit_id = syntheticCreditId(pid, titleId, slot);
    if (slot < CAST_SLOTS) {
      cast.push({ ...personRef(pid), known_for_department: 'Acting', cast_id: slot + 1, character: castCharacter(slot), credit_id, order: slot });
    } else {
      const { job, department } = crewJob(slot);
      crew.push({ ...personRef(pid), known_for_department: department, credit_id, department, job });
    }
  }
  return { cast, crew };
}

/** `aggregate_credits` of a synthetic series. */
export function syntheticAggregateCredits(titleId: number, episodeCount: number): Json {
  const { cast, crew } = syntheticCredits('tv', titleId) as { cast: Json[]; crew: Json[] };
  return {
    cast: cast.map(({ character, credit_id, cast_id: _castId, ...rest }) => ({
      ...rest,
      roles: [{ credit_id, character, episode_count: episodeCount }],
      total_episode_count: episodeCount,
    })),
    crew: crew.map(({ job, credit_id, ...rest }) => ({
      ...rest,
      jobs: [{ credit_id, job, episode_count: episodeCount }],
      total_episode_count: episodeCount,
    })),
  };
}

function image(file: string, width: number, height: number, lang: string | null, seed: number): Json {
  return {
    aspect_ratio: Math.round((width / height) * 1000) / 1000,
    height,
    iso_639_1: lang,
    file_path: file,
    vote_average: 5 + (seed % 400) / 100,
    vote_count: seed % 50,
    width,
  };
}

/** Posters (en + no language), a backdrop and a logo, with file names the image route can render. */
export function syntheticImages(prefix: string, poster: string | null, backdrop: string | null): Json {
  const seed = hash32(prefix);
  return {
    backdrops: backdrop ? [image(backdrop, 1920, 1080, null, seed)] : [],
    logos: [image(`/${prefix}-logo.png`, 500, 200, 'en', seed)],
    posters: [...(poster ? [image(poster, 1000, 1500, 'en', seed)] : []), image(`/${prefix}-poster-alt.jpg`, 1000, 1500, null, seed + 1)],
  };
}

export function syntheticVideos(prefix: string, title: string, date: string): Json {
  const published_at = `${date}T12:00:00.000Z`;
  const video = (type: string, n: number) => ({
    iso_639_1: 'en',
    iso_3166_1: 'US',
    name: `${title} ${type}`,
    key: `${prefix}-${type.toLowerCase()}`,
    site: 'YouTube',
    size: 1080,
    type,
    official: true,
    published_at,
    id: `${prefix}-video-${n}`,
  });
  return { results: [video('Trailer', 1), video('Teaser', 2)] };
}

export function syntheticExternalIds(imdbId: string | null, tvdbId?: number): Json {
  const ids: Json = { imdb_id: imdbId, wikidata_id: null, facebook_id: null, instagram_id: null, twitter_id: null };
  if (tvdbId !== undefined) ids.tvdb_id = tvdbId;
  return ids;
}

export function syntheticReleaseDates(date: string, seed: number): Json {
  const certification = ['G', 'PG', 'PG-13', 'R'][seed % 4];
  return {
    results: [
      {
        iso_3166_1: 'US',
        release_dates: [{ certification, descriptors: [], iso_639_1: '', note: '', release_date: `${date}T00:00:00.000Z`, type: 3 }],
      },
    ],
  };
}

export function syntheticContentRatings(seed: number): Json {
  return { results: [{ descriptors: [], iso_3166_1: 'US', rating: ['TV-PG', 'TV-14', 'TV-MA'][seed % 3] }] };
}

/** A few distinct genres from the recorded genre list. */
export function pickGenres(rndSeed: string, genres: Json[]): Json[] {
  const rnd = randomFor('genres', rndSeed);
  const count = Math.min(genres.length, intBetween(rnd, 1, 3));
  const start = Math.floor(rnd() * genres.length);
  return Array.from({ length: count }, (_, i) => genres[(start + i * 3) % genres.length]);
}

/** A record the synthetic catalogue made up, not one read from a recording. */
export function syntheticRecord(kind: CatalogueRecord['kind'], base: Json, parts: Json): CatalogueRecord {
  return { kind, base, parts, synthetic: true };
}
