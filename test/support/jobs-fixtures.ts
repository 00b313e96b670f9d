/**
 * Shared by the jobs-*, changes and schedules suites: a library seeded straight
 * into the tables (a local post + a title row per TMDb id, no TMDb requests),
 * and small waits on the queue.
 */
import type { JobRecord, JobStatus } from '../../src/domain/job';
import type { AppContainer } from '../../src/main';
import type { LibraryType } from '../../src/repositories/library.repository';
import { dramaRow, movieRow, personRow, tmdbId, tvRow } from './factories';

export interface SeededItem {
  type: LibraryType;
  tmdbId: number;
  postId: number;
}

const POST_TYPES = { movie: 'movie', tv: 'tv', drama: 'drama', person: 'people' } as const;

/** Synthetic TMDb ids (the stand-in makes up a title for any of them). */
export function freshTmdbIds(count: number): number[] {
  return Array.from({ length: count }, () => tmdbId());
}

/** A post and a never-synced row for each id; `row` overrides columns (release_date, finished, synced_at...). */
export async function seedLibrary(
  app: AppContainer,
  type: LibraryType,
  ids: readonly number[],
  row: (tmdbId: number, index: number) => Record<string, unknown> = () => ({}),
): Promise<SeededItem[]> {
  const store = app.localStore;
  if (!store) throw new Error('seedLibrary needs the local content store (no WP_URL)');
  const out: SeededItem[] = [];
  for (const [index, id] of ids.entries()) {
    const ref = await store.findOrCreatePost({ type: POST_TYPES[type], key: String(id), tmdbId: id, title: `Seeded ${type} ${id}`, status: 'publish' });
    const overrides = { ID: ref.id, tmdb_id: id, synced_at: null, ...row(id, index) };
    if (type === 'movie') await app.repos.movies.upsertRow(movieRow(overrides));
    else if (type === 'tv') await app.repos.tv.upsertRow(tvRow(overrides));
    else if (type === 'drama') await app.repos.dramas.upsertRow(dramaRow(overrides));
    else await app.repos.people.upsertRow(personRow(overrides));
    out.push({ type, tmdbId: id, postId: ref.id });
  }
  return out;
}

/** The cheapest sync: one detail request per title. */
export const DETAILS_ONLY = { images: false, videos: false, credits: false, seasons: 'none' } as const;

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

const FINAL: JobStatus[] = ['succeeded', 'failed', 'partial', 'cancelled'];

export function waitForJobEnd(app: AppContainer, jobId: number, timeoutMs = 60_000): Promise<JobRecord> {
  return waitFor(
    `job ${jobId} to end`,
    async () => {
      const job = await app.jobs.get(jobId);
      return job && FINAL.includes(job.status) ? job : null;
    },
    timeoutMs,
  );
}

/** Requests the stand-in saw per detail path, e.g. {'/3/movie/500123': 1}. */
export function detailRequests(byPath: Record<string, number>, kind: 'movie' | 'tv' | 'person'): Map<number, number> {
  const out = new Map<number, number>();
  const pattern = new RegExp(`^/3/${kind}/(\\d+)$`);
  for (const [path, n] of Object.entries(byPath)) {
    const m = pattern.exec(path);
    if (m) out.set(Number(m[1]), n);
  }
  return out;
}
