/**
 * Duplicate finders for the fault run: each query lists the natural keys that
 * more than one post, term, attachment or row holds. An empty result is the promise.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

export type DuplicateReport = Record<string, number>;

async function dupes(db: Knex, table: string, columns: string[], where?: (q: Knex.QueryBuilder) => void): Promise<number> {
  const q = db(table).select(columns).count({ n: '*' }).groupBy(columns).havingRaw('count(*) > 1');
  where?.(q);
  const rows = (await q) as Array<{ n: number | string }>;
  return rows.reduce((sum, r) => sum + Number(r.n) - 1, 0);
}

/** tmu_* rows: one per title, person, season, episode, credit and video. */
export async function rowDuplicates(db: Knex, p: string): Promise<DuplicateReport> {
  const notNull = (column: string) => (q: Knex.QueryBuilder) => void q.whereNotNull(column);
  return {
    tmu_movies: await dupes(db, `${p}tmu_movies`, ['tmdb_id'], notNull('tmdb_id')),
    tmu_tv_series: await dupes(db, `${p}tmu_tv_series`, ['tmdb_id'], notNull('tmdb_id')),
    tmu_people: await dupes(db, `${p}tmu_people`, ['tmdb_id'], notNull('tmdb_id')),
    tmu_tv_series_seasons: await dupes(db, `${p}tmu_tv_series_seasons`, ['tv_series', 'season_no']),
    tmu_tv_series_episodes: await dupes(db, `${p}tmu_tv_series_episodes`, ['tv_series', 'season_no', 'episode_no']),
    tmu_movies_cast: await dupes(db, `${p}tmu_movies_cast`, ['movie', 'person', 'job']),
    tmu_movies_crew: await dupes(db, `${p}tmu_movies_crew`, ['movie', 'person', 'department', 'job']),
    tmu_tv_series_cast: await dupes(db, `${p}tmu_tv_series_cast`, ['tv_series', 'person', 'job']),
    tmu_tv_series_crew: await dupes(db, `${p}tmu_tv_series_crew`, ['tv_series', 'person', 'department', 'job']),
    tmu_videos: await dupes(db, `${p}tmu_videos`, ['post_id', db.raw('md5(video_data)') as unknown as string]),
  };
}

/** The local content store (no WordPress): posts by natural key and by TMDb id, terms, attachments, files. */
export async function localStoreDuplicates(db: Knex, p: string, uploadsDir: string): Promise<DuplicateReport> {
  const [{ n: attachments }] = await db(`${p}tmu_local_attachments`).count({ n: '*' });
  return {
    'posts (type, key)': await dupes(db, `${p}tmu_local_posts`, ['type', 'natural_key']),
    'posts (type, tmdb id)': await dupes(db, `${p}tmu_local_posts`, ['type', 'tmdb_id'], (q) => void q.whereNotNull('tmdb_id')),
    terms: await dupes(db, `${p}tmu_local_terms`, ['taxonomy', 'slug']),
    'term links': await dupes(db, `${p}tmu_local_term_relationships`, ['post_id', 'term_id']),
    attachments: await dupes(db, `${p}tmu_local_attachments`, ['file_path']),
    'files beyond attachments': Math.max(0, countFiles(uploadsDir) - Number(attachments)),
  };
}

/** WordPress: posts by tmu_key, terms by taxonomy and name, attachments by TMDb file path, files in uploads. */
export async function wordPressDuplicates(db: Knex, p: string, uploadsDir: string): Promise<DuplicateReport> {
  const byMeta = async (key: string): Promise<number> => {
    const rows: Array<{ n: number | string }> = await db(`${p}postmeta as m`)
      .join(`${p}posts as po`, 'po.ID', 'm.post_id')
      .where('m.meta_key', key)
      .whereNot('po.post_status', 'trash')
      .select('po.post_type', 'm.meta_value')
      .count({ n: '*' })
      .groupBy('po.post_type', 'm.meta_value')
      .havingRaw('count(*) > 1');
    return rows.reduce((sum, r) => sum + Number(r.n) - 1, 0);
  };
  const termRows: Array<{ n: number | string }> = await db(`${p}term_taxonomy as tt`)
    .join(`${p}terms as t`, 't.term_id', 'tt.term_id')
    .select('tt.taxonomy', 't.name')
    .count({ n: '*' })
    .groupBy('tt.taxonomy', 't.name')
    .havingRaw('count(*) > 1');
  const [{ n: attachments }] = await db(`${p}posts`).where('post_type', 'attachment').count({ n: '*' });
  return {
    'posts (tmu_key)': await byMeta('tmu_key'),
    terms: termRows.reduce((sum, r) => sum + Number(r.n) - 1, 0),
    'attachments (tmdb_file_path)': await byMeta('tmdb_file_path'),
    // WordPress keeps one original per attachment and derives its sizes (name-WxH.ext).
    'files beyond attachments': Math.max(0, countFiles(uploadsDir, (name) => !/-\d+x\d+\.\w+$/.test(name)) - Number(attachments)),
  };
}

function countFiles(dir: string, keep: (name: string) => boolean = () => true): number {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) n += countFiles(full, keep);
    else if (keep(entry.name)) n += 1;
  }
  return n;
}

export function total(report: DuplicateReport): number {
  return Object.values(report).reduce((a, b) => a + b, 0);
}
