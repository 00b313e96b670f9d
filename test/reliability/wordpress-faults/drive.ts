/**
 * Titles into the stack both ways a site sends them: the signed `sync.requested` webhook straight to
 * the sidecar, and the plugin's import route (WordPress asks the sidecar for an import job). Also a
 * stand-in rewrite that gives chosen titles hundreds of people, so one title means many post inserts.
 */
import type { FullStack } from '../../e2e/support/full-stack';
import { E2E_SECRET } from '../../e2e/support/full-stack';
import type { TmdbStandin } from '../../support/tmdb-standin';
import { sendUntilAccepted, Title } from '../fault-run/titles';
import type { Driven } from './wordpress-checks';

/** People the big titles get: ids outside the synthetic slot pools, so no other title credits them. */
const EXTRA_PEOPLE_BASE = 720_000_000;

type Json = Record<string, any>;

/**
 * `movieId` gets `count` more cast members (people the stand-in makes up from their id), without
 * portraits so that the people's refresh stays cheap. Several titles may be big at once.
 */
export class BigCredits {
  private readonly big = new Map<number, number>();

  constructor(standin: TmdbStandin) {
    standin.setRewrite((path, body) => this.rewrite(path, body as Json));
  }

  add(movieId: number, count: number): void {
    this.big.set(movieId, count);
  }

  private people(movieId: number): Json[] {
    const count = this.big.get(movieId) ?? 0;
    const base = EXTRA_PEOPLE_BASE + (movieId % 10_000) * 1_000;
    return Array.from({ length: count }, (_, i) => ({
      adult: false,
      gender: i % 2 ? 1 : 2,
      id: base + i,
      known_for_department: 'Acting',
      name: `Extra Person ${base + i}`,
      original_name: `Extra Person ${base + i}`,
      popularity: 1,
      profile_path: null,
      cast_id: 100 + i,
      character: `Extra ${i + 1}`,
      credit_id: `extra${movieId.toString(16)}x${i}`,
      order: 20 + i,
    }));
  }

  private rewrite(path: string, body: Json): unknown {
    const movie = /^\/movie\/(\d+)(\/credits)?$/.exec(path);
    if (movie && this.big.has(Number(movie[1]))) {
      const credits = movie[2] ? body : body?.credits;
      if (credits && Array.isArray(credits.cast)) credits.cast = [...credits.cast, ...this.people(Number(movie[1]))];
      return body;
    }
    const person = /^\/person\/(\d+)$/.exec(path);
    if (person && Number(person[1]) >= EXTRA_PEOPLE_BASE && Number(person[1]) < EXTRA_PEOPLE_BASE + 10_000_000) {
      body.profile_path = null;
      if (body.images) body.images = { profiles: [] };
    }
    return body;
  }
}

export const WITH_EVERYTHING = { images: true, videos: true, credits: true } as const;

export function title(type: 'movie' | 'tv', tmdbId: number, options: Title['options'] = WITH_EVERYTHING): Title {
  return { type, tmdbId, options: type === 'tv' ? { ...options, seasons: 'all' } : options };
}

/** Signed webhooks (the same delivery id on every try, as the plugin keeps it): the job ids. */
export async function sendWebhooks(s: FullStack, titles: Title[], deadline: number): Promise<{ jobs: number[]; driven: Driven[]; refused: string[] }> {
  const out = { jobs: [] as number[], driven: [] as Driven[], refused: [] as string[] };
  await Promise.all(
    titles.map(async (t) => {
      const r = await sendUntilAccepted(() => [s.sidecarUrl], E2E_SECRET, t, deadline);
      if (r.jobId) out.jobs.push(r.jobId);
      else out.refused.push(`${t.type}:${t.tmdbId} ${JSON.stringify(r.answers)}`);
      out.driven.push({ type: t.type, tmdbId: t.tmdbId, via: 'webhook' });
    }),
  );
  return out;
}

/** The JSON after any PHP output in front of it (the notice plugin prints into every REST answer). */
function jsonAfterOutput(body: unknown): any {
  if (typeof body !== 'string') return body;
  for (let i = body.indexOf('{'); i >= 0; i = body.indexOf('{', i + 1)) {
    try {
      return JSON.parse(body.slice(i));
    } catch {
      // a brace inside the PHP output
    }
  }
  throw new Error(`no JSON in ${body.slice(0, 300)}`);
}

/** One import through the plugin's route (Tools → Import from TMDb does the same): its job id. */
export async function startImport(s: FullStack, titles: Title[], options: Title['options'] = WITH_EVERYTHING): Promise<{ job: number; driven: Driven[] }> {
  const items = titles.map((t) => ({ type: t.type, tmdb_id: t.tmdbId }));
  const answer = await s.api('POST', '/tmu/v1/import', { body: { items, options } });
  const body = jsonAfterOutput(answer.body);
  if (answer.status !== 202 || !body?.job_id) throw new Error(`import refused: ${answer.status} ${JSON.stringify(body).slice(0, 300)}`);
  return { job: Number(body.job_id), driven: titles.map((t) => ({ type: t.type, tmdbId: t.tmdbId, via: 'import' as const })) };
}
