/**
 * Credits: TMDb movie credits, TV aggregate credits and episode guest stars/crew,
 * normalised to CastCredit/CrewCredit, then turned into the legacy cast/crew rows,
 * star_cast and the Meta Box `credits` group, in the legacy TMU format.
 */
import type { TmdbAggregateCast, TmdbAggregateCrew, TmdbCast, TmdbCrew } from '../clients/tmdb/tmdb.schema';
import type { CastRow, CrewRow } from '../domain/rows';
import type { CastCredit, CrewCredit } from './mapping.types';

const JOIN = ' | ';

function text(value: string | null | undefined): string {
  return value?.trim() ?? '';
}

function nullable(value: string | null | undefined): string | null {
  return text(value) || null;
}

function joined(values: Array<string | null | undefined>): string {
  return values
    .map(text)
    .filter((v) => v !== '')
    .join(JOIN);
}

type PersonFields = Pick<CastCredit, 'tmdbPersonId' | 'name' | 'gender' | 'profilePath' | 'knownForDepartment'>;

function personFields(p: TmdbCast | TmdbCrew): PersonFields {
  return {
    tmdbPersonId: p.id,
    name: text(p.name),
    gender: p.gender ?? null,
    profilePath: nullable(p.profile_path),
    knownForDepartment: nullable(p.known_for_department),
  };
}

/** Movie `/credits` cast, or an episode's `guest_stars`. */
export function castFromCredits(cast: TmdbCast[] | undefined): CastCredit[] {
  return (cast ?? []).map((c, index) => ({
    ...personFields(c),
    character: text(c.character),
    order: c.order ?? index,
    count: null,
  }));
}

/** Movie `/credits` crew, or an episode's `crew`. */
export function crewFromCredits(crew: TmdbCrew[] | undefined): CrewCredit[] {
  return (crew ?? []).map((c) => ({
    ...personFields(c),
    department: text(c.department) || 'Crew',
    job: text(c.job),
    count: null,
  }));
}

/** TV `/aggregate_credits` cast: roles joined with " | ", count = total_episode_count. */
export function castFromAggregate(cast: TmdbAggregateCast[] | undefined): CastCredit[] {
  return (cast ?? []).map((c, index) => ({
    ...personFields(c),
    character: c.roles.length > 0 ? joined(c.roles.map((r) => r.character)) : text(c.character),
    order: c.order ?? index,
    count: c.total_episode_count ?? null,
  }));
}

/** TV `/aggregate_credits` crew: jobs joined with " | ", count = total_episode_count. */
export function crewFromAggregate(crew: TmdbAggregateCrew[] | undefined): CrewCredit[] {
  return (crew ?? []).map((c) => ({
    ...personFields(c),
    department: text(c.department) || 'Crew',
    job: c.jobs.length > 0 ? joined(c.jobs.map((j) => j.job)) : text(c.job),
    count: c.total_episode_count ?? null,
  }));
}

/**
 * Legacy clean_job_string($department).'_job': drop '&', squeeze whitespace, ASCII
 * lowercase, whitespace between words → '_', trim '_' and '\' (input trimmed first).
 * 'Directing' → 'directing_job', 'Costume & Make-Up' → 'costume_make-up_job'.
 */
export function crewJobKey(department: string): string {
  const cleaned = department
    .trim()
    .replace(/&/g, '')
    .replace(/[ \t\n\v\f\r]+/g, ' ')
    .replace(/[A-Z]/g, (c) => c.toLowerCase())
    .replace(/\b[ \t\n\v\f\r]+\b/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^\\+|\\+$/g, '');
  return `${cleaned}_job`;
}

/** One row per (people post, job); people without a post are skipped. `release_year` is the release timestamp. */
export function buildCastRows(cast: CastCredit[], people: ReadonlyMap<number, number>, releaseTimestamp: number | null, withCount: boolean): CastRow[] {
  const seen = new Set<string>();
  const rows: CastRow[] = [];
  for (const credit of cast) {
    const person = people.get(credit.tmdbPersonId);
    const key = `${person}\u0000${credit.character}`;
    if (person === undefined || seen.has(key)) continue;
    seen.add(key);
    const row: CastRow = { person, job: credit.character || null, release_year: releaseTimestamp };
    if (withCount) row.count = credit.count;
    rows.push(row);
  }
  return rows;
}

export function buildCrewRows(crew: CrewCredit[], people: ReadonlyMap<number, number>, releaseTimestamp: number | null, withCount: boolean): CrewRow[] {
  const seen = new Set<string>();
  const rows: CrewRow[] = [];
  for (const credit of crew) {
    const person = people.get(credit.tmdbPersonId);
    const key = `${person}\u0000${credit.job}`;
    if (person === undefined || seen.has(key)) continue;
    seen.add(key);
    const row: CrewRow = { person, department: credit.department, job: credit.job || null, release_year: releaseTimestamp };
    if (withCount) row.count = credit.count;
    rows.push(row);
  }
  return rows;
}

/** star_cast: the first 4 cast members (TMDb order) that have a people post, one entry per person. */
export function buildStarCast(cast: CastCredit[], people: ReadonlyMap<number, number>): Array<{ person: number; character: string }> {
  const stars: Array<{ person: number; character: string }> = [];
  for (const credit of cast) {
    const person = people.get(credit.tmdbPersonId);
    if (person === undefined || stars.some((s) => s.person === person)) continue;
    stars.push({ person, character: credit.character });
    if (stars.length === 4) break;
  }
  return stars;
}

/** The Meta Box `credits` group (episode credits column): people without a post are left out. */
export function buildCreditsColumn(
  cast: CastCredit[],
  crew: CrewCredit[],
  people: ReadonlyMap<number, number>,
): { cast: Array<{ person: number; department: 'Acting'; acting_job: string }>; crew: Array<Record<string, string | number>> } {
  const castEntries = cast.flatMap((credit) => {
    const person = people.get(credit.tmdbPersonId);
    return person === undefined ? [] : [{ person, department: 'Acting' as const, acting_job: credit.character }];
  });
  const crewEntries = crew.flatMap((credit) => {
    const person = people.get(credit.tmdbPersonId);
    if (person === undefined) return [];
    const entry: Record<string, string | number> = { person, department: credit.department };
    entry[crewJobKey(credit.department)] = credit.job;
    return [entry];
  });
  return { cast: castEntries, crew: crewEntries };
}
