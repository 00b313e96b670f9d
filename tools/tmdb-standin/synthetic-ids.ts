/**
 * Deterministic numbers for the synthetic catalogue. Everything is a pure
 * function of ids, so two stand-ins (or two runs) serve identical data.
 */
export const FIRST_MISSING_ID = 900_000_000;

/** Credit slots per synthetic title: 0..7 cast, 8..11 crew. */
export const SLOTS_PER_TITLE = 12;
export const CAST_SLOTS = 8;
/** Synthetic titles t and t + TITLES_PER_POOL share their people. */
export const TITLES_PER_POOL = 50_000;
const POOL_SIZE = TITLES_PER_POOL * SLOTS_PER_TITLE;
const PEOPLE_BASE = { movie: 700_000_000, tv: 710_000_000 } as const;
export const CREW_JOBS = [
  { job: 'Director', department: 'Directing' },
  { job: 'Screenplay', department: 'Writing' },
  { job: 'Producer', department: 'Production' },
  { job: 'Original Music Composer', department: 'Sound' },
] as const;

export type TitleKind = 'movie' | 'tv';

/** About one synthetic title in ten is adult, in list results and in its details alike. */
export function isAdultSynthetic(kind: TitleKind, id: number): boolean {
  return hash32(`adult:${kind}:${id}`) % 10 === 0;
}

/** FNV-1a, 32 bit. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny seeded PRNG returning [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomFor(kind: string, id: number | string): () => number {
  return seededRandom(hash32(`${kind}:${id}`));
}

export function intBetween(rnd: () => number, min: number, max: number): number {
  return min + Math.floor(rnd() * (max - min + 1));
}

/** `n` rounded to `digits` decimals, as TMDb sends popularity and ratings. */
export function roundTo(n: number, digits = 3): number {
  return Math.round(n * 10 ** digits) / 10 ** digits;
}

export function isoDate(baseYear: number, dayOffset: number): string {
  const d = new Date(Date.UTC(baseYear, 0, 1) + dayOffset * 86_400_000);
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The person in credit slot `slot` of synthetic title `titleId`. */
export function slotPerson(kind: TitleKind, titleId: number, slot: number): number {
  return PEOPLE_BASE[kind] + (titleId % TITLES_PER_POOL) * SLOTS_PER_TITLE + slot;
}

/** Inverse of slotPerson: which titles (first `count`) a synthetic person is credited in. */
export function slotAppearances(
  personId: number,
  count: number,
  isFixture: (kind: TitleKind, id: number) => boolean,
): Array<{ kind: TitleKind; titleId: number; slot: number }> {
  for (const kind of ['movie', 'tv'] as const) {
    const q = personId - PEOPLE_BASE[kind];
    if (q < 0 || q >= POOL_SIZE) continue;
    const slot = q % SLOTS_PER_TITLE;
    const seed = Math.floor(q / SLOTS_PER_TITLE);
    const found: Array<{ kind: TitleKind; titleId: number; slot: number }> = [];
    for (let titleId = seed; found.length < count && titleId < FIRST_MISSING_ID; titleId += TITLES_PER_POOL) {
      if (titleId > 0 && !isFixture(kind, titleId)) found.push({ kind, titleId, slot });
    }
    return found;
  }
  return [];
}

/** Season ids for synthetic series: below 2^31, unlikely to collide. */
export function syntheticSeasonId(tvId: number, seasonNumber: number): number {
  return 1_000_000_000 + (hash32(`season:${tvId}:${seasonNumber}`) % 100_000_000);
}

/** Episode ids: one block of 1000 per season, so unique within a season and below 2^31. */
export function syntheticEpisodeId(tvId: number, seasonNumber: number, episodeNumber: number): number {
  return 1_100_000_000 + (hash32(`episodes:${tvId}:${seasonNumber}`) % 1_000_000) * 1000 + (episodeNumber % 1000);
}

export function syntheticCreditId(personId: number, titleId: number, slot: number): string {
  return `syn${titleId.toString(16)}x${personId.toString(16)}x${slot}`;
}
