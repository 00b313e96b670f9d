import type { CatalogueRecord } from './fixture-catalogue';
import type { Json } from './fixture-store';

/** What a credit says about a person, plus where the person appears. */
export interface PersonHint {
  id: number;
  name: string;
  gender: number | null;
  profile_path: string | null;
  known_for_department: string | null;
  popularity: number | null;
  cast: Json[];
  crew: Json[];
}

type Credit = Json & { id: number; name?: string };

function asCredits(value: unknown): Credit[] {
  return Array.isArray(value) ? (value as Credit[]).filter((c) => typeof c?.id === 'number') : [];
}

/**
 * Everyone credited in a recorded title, so /person/:id can serve people
 * that have no recorded body of their own (name, gender and profile from the credit).
 */
export class PeopleIndex {
  private readonly people = new Map<number, PersonHint>();
  private readonly seen = new Set<string>();

  constructor(titles: CatalogueRecord[], seasons: Array<{ tvId: number; record: CatalogueRecord }>) {
    const byTv = new Map<number, CatalogueRecord>();
    for (const rec of titles) {
      if (rec.kind === 'tv') byTv.set(rec.base.id as number, rec);
      this.addTitle(rec, rec);
    }
    for (const { tvId, record } of seasons) {
      const show = byTv.get(tvId);
      if (!show) continue;
      this.addTitle(show, record);
      for (const episode of (record.base.episodes as Json[] | undefined) ?? []) {
        this.addCredits(show, asCredits(episode.guest_stars), 'cast');
        this.addCredits(show, asCredits(episode.crew), 'crew');
      }
    }
  }

  get(id: number): PersonHint | undefined {
    return this.people.get(id);
  }

  private addTitle(title: CatalogueRecord, source: CatalogueRecord): void {
    for (const block of ['credits', 'aggregate_credits']) {
      const credits = source.parts[block] as Json | undefined;
      if (!credits) continue;
      this.addCredits(title, asCredits(credits.cast), 'cast');
      this.addCredits(title, asCredits(credits.crew), 'crew');
    }
    const creators = asCredits(source.base.created_by).map((c) => ({ ...c, job: 'Creator', department: 'Writing' }));
    this.addCredits(title, creators, 'crew');
  }

  private addCredits(title: CatalogueRecord, credits: Credit[], role: 'cast' | 'crew'): void {
    for (const credit of credits) {
      if (typeof credit.name !== 'string' || !credit.name) continue;
      const hint = this.hintFor(credit);
      const character = role === 'cast' ? firstOf(credit, 'character', 'roles') : undefined;
      const job = role === 'crew' ? firstOf(credit, 'job', 'jobs') : undefined;
      const key = `${String(credit.id)}|${title.kind}|${String(title.base.id)}|${role}|${character ?? job ?? ''}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      hint[role].push(appearance(title, credit, character, job));
    }
  }

  private hintFor(credit: Credit): PersonHint {
    let hint = this.people.get(credit.id);
    if (!hint) {
      hint = {
        id: credit.id,
        name: credit.name as string,
        gender: typeof credit.gender === 'number' ? credit.gender : null,
        profile_path: typeof credit.profile_path === 'string' ? credit.profile_path : null,
        known_for_department: typeof credit.known_for_department === 'string' ? credit.known_for_department : null,
        popularity: typeof credit.popularity === 'number' ? credit.popularity : null,
        cast: [],
        crew: [],
      };
      this.people.set(credit.id, hint);
    }
    return hint;
  }
}

/** `character` of a credit, or of its first aggregate role/job. */
function firstOf(credit: Credit, field: 'character' | 'job', list: 'roles' | 'jobs'): string | undefined {
  if (typeof credit[field] === 'string') return credit[field];
  const entries = credit[list] as Json[] | undefined;
  const first = entries?.[0]?.[field];
  return typeof first === 'string' ? first : undefined;
}

/** One entry of a person's combined_credits. */
export function appearance(title: CatalogueRecord, credit: Json, character?: string, job?: string): Json {
  const b = title.base;
  const common = {
    id: b.id,
    media_type: title.kind,
    poster_path: b.poster_path ?? null,
    backdrop_path: b.backdrop_path ?? null,
    overview: b.overview ?? '',
    popularity: b.popularity ?? 0,
    vote_average: b.vote_average ?? 0,
    vote_count: b.vote_count ?? 0,
    original_language: b.original_language ?? 'en',
    credit_id: credit.credit_id ?? null,
  };
  const named =
    title.kind === 'movie'
      ? { title: b.title, original_title: b.original_title ?? b.title, release_date: b.release_date ?? '' }
      : { name: b.name, original_name: b.original_name ?? b.name, first_air_date: b.first_air_date ?? '' };
  const role = character !== undefined ? { character } : { job: job ?? '', department: credit.department ?? '' };
  return { ...common, ...named, ...role };
}
