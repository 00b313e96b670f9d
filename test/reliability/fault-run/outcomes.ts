/** What the fault run left behind: per title, per job, per failure. */
import type { Knex } from 'knex';
import type { TmdbStandin } from '../../support/tmdb-standin';
import { Title, titleKey } from './titles';

export interface TitleOutcomes {
  /** Titles with one post, one row, every season, and a succeeded job. */
  syncedOnce: number;
  /** Accepted deliveries whose job row is missing. */
  lost: number;
  problems: string[];
}

async function countBy(db: Knex, table: string, column: string, ids: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows: Array<Record<string, number | string>> = await db(table)
      .select(column)
      .count({ n: '*' })
      .whereIn(column, ids.slice(i, i + 500))
      .groupBy(column);
    for (const r of rows) out.set(Number(r[column]), Number(r.n));
  }
  return out;
}

export async function titleOutcomes(
  db: Knex,
  p: string,
  titles: Title[],
  accepted: Map<string, number>,
  standin: TmdbStandin,
  store: 'local' | 'wordpress',
): Promise<TitleOutcomes> {
  const jobs: Array<{ id: number; object_key: string | null; status: string; error: string | null }> = await db(`${p}tmu_sync_jobs`)
    .where({ type: 'sync' })
    .select('id', 'object_key', 'status', 'error')
    .orderBy('id');
  const byId = new Map(jobs.map((j) => [Number(j.id), j]));
  const latest = new Map(jobs.map((j) => [j.object_key, j]));
  const out: TitleOutcomes = { syncedOnce: 0, lost: 0, problems: [] };
  for (const kind of ['movie', 'tv'] as const) {
    const group = titles.filter((t) => t.type === kind);
    const ids = group.map((t) => t.tmdbId);
    const table = kind === 'movie' ? `${p}tmu_movies` : `${p}tmu_tv_series`;
    const rowCounts = await countBy(db, table, 'tmdb_id', ids);
    const rows: Array<{ ID: number; tmdb_id: number }> = [];
    for (let i = 0; i < ids.length; i += 500)
      rows.push(
        ...(await db(table)
          .select('ID', 'tmdb_id')
          .whereIn('tmdb_id', ids.slice(i, i + 500))),
      );
    const postOf = new Map(rows.map((r) => [Number(r.tmdb_id), Number(r.ID)]));
    const postIds = rows.map((r) => Number(r.ID));
    const postCounts = store === 'local' ? await localPosts(db, p, kind, ids) : await countBy(db, `${p}posts`, 'ID', postIds);
    const seasons = kind === 'tv' ? await countBy(db, `${p}tmu_tv_series_seasons`, 'tv_series', postIds) : new Map<number, number>();
    for (const t of group) {
      const key = titleKey(t);
      const jobId = accepted.get(key);
      if (jobId !== undefined && !byId.has(jobId)) out.lost += 1;
      const problems: string[] = [];
      const job = latest.get(key);
      if (job?.status !== 'succeeded') problems.push(`job ${job?.status ?? 'missing'}${job?.error ? ` (${job.error.slice(0, 200)})` : ''}`);
      if (rowCounts.get(t.tmdbId) !== 1) problems.push(`${rowCounts.get(t.tmdbId) ?? 0} rows`);
      const post = postOf.get(t.tmdbId);
      const posts = store === 'local' ? postCounts.get(t.tmdbId) : post !== undefined ? postCounts.get(post) : 0;
      if (posts !== 1) problems.push(`${posts ?? 0} posts`);
      if (kind === 'tv' && post !== undefined) {
        const want = Number(standin.catalogue.tv(t.tmdbId)?.base.number_of_seasons ?? -1);
        if ((seasons.get(post) ?? 0) !== want) problems.push(`${seasons.get(post) ?? 0} of ${want} seasons`);
      }
      if (problems.length === 0) out.syncedOnce += 1;
      else out.problems.push(`${key}: ${problems.join(', ')}`);
    }
  }
  return out;
}

async function localPosts(db: Knex, p: string, type: string, ids: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows: Array<{ tmdb_id: number; n: number }> = await db(`${p}tmu_local_posts`)
      .where({ type })
      .whereIn('tmdb_id', ids.slice(i, i + 500))
      .select('tmdb_id')
      .count({ n: '*' })
      .groupBy('tmdb_id');
    for (const r of rows) out.set(Number(r.tmdb_id), Number(r.n));
  }
  return out;
}

export interface JobStates {
  open: number;
  byTypeAndStatus: Record<string, number>;
}

export async function jobStates(db: Knex, p: string): Promise<JobStates> {
  const rows: Array<{ type: string; status: string; n: number }> = await db(`${p}tmu_sync_jobs`).select('type', 'status').count({ n: '*' }).groupBy('type', 'status');
  const byTypeAndStatus = Object.fromEntries(rows.map((r) => [`${r.type} ${r.status}`, Number(r.n)]));
  const open = rows.filter((r) => r.status === 'queued' || r.status === 'running').reduce((sum, r) => sum + Number(r.n), 0);
  return { open, byTypeAndStatus };
}

export interface Failure {
  what: string;
  reason: string;
}

/** Every job that ended failed, with the reason it stored. */
export async function failureList(db: Knex, p: string): Promise<Failure[]> {
  const rows: Array<{ id: number; type: string; object_key: string | null; error: string | null }> = await db(`${p}tmu_sync_jobs`)
    .where({ status: 'failed' })
    .select('id', 'type', 'object_key', 'error');
  return rows.map((r) => ({ what: `${r.type} ${r.object_key ?? `#${r.id}`}`, reason: (r.error ?? '').slice(0, 300) }));
}
