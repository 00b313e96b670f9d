/**
 * What a fault may not leave in WordPress, read from its tables: duplicates by key, titles without
 * their post or row, posts without a row or a TMDb id, refused images nobody listed, empty files.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { UploadsDisk } from './site-faults';

export interface Driven {
  type: 'movie' | 'tv';
  tmdbId: number;
  via: 'webhook' | 'import';
}

const ROW_TABLES = { movie: 'tmu_movies', tv: 'tmu_tv_series', people: 'tmu_people' } as const;
const LIVE = (q: Knex.QueryBuilder, alias = 'po') => void q.whereNotIn(`${alias}.post_status`, ['trash', 'auto-draft']);

function extra(rows: Array<{ n?: number | string }>): number {
  return rows.reduce((sum, r) => sum + Number(r.n) - 1, 0);
}

/** Posts by (type, tmdb_id) and (type, tmu_key), attachments by TMDb path, terms by (taxonomy, slug): copies beyond the first. */
export async function wordPressCopies(db: Knex, p: string): Promise<Record<string, number>> {
  const byMeta = async (key: string) => {
    const q = db(`${p}postmeta as m`)
      .join(`${p}posts as po`, 'po.ID', 'm.post_id')
      .where('m.meta_key', key)
      .whereNot('m.meta_value', '')
      .select('po.post_type', 'm.meta_value')
      .count({ n: '*' })
      .groupBy('po.post_type', 'm.meta_value')
      .havingRaw('count(*) > 1');
    LIVE(q);
    return extra(await q);
  };
  const terms = await db(`${p}term_taxonomy as tt`)
    .join(`${p}terms as t`, 't.term_id', 'tt.term_id')
    .select('tt.taxonomy', 't.slug')
    .count({ n: '*' })
    .groupBy('tt.taxonomy', 't.slug')
    .havingRaw('count(*) > 1');
  return {
    'posts (type, tmdb_id)': await byMeta('tmdb_id'),
    'posts (type, tmu_key)': await byMeta('tmu_key'),
    'attachments (tmdb_file_path)': await byMeta('tmdb_file_path'),
    'terms (taxonomy, slug)': extra(terms),
  };
}

/** Each driven title: exactly one live post of its type with its TMDb id, and its tmu_* row on that post. */
export async function lostTitles(db: Knex, p: string, titles: Driven[]): Promise<string[]> {
  const problems: string[] = [];
  for (const t of titles) {
    const q = db(`${p}postmeta as m`)
      .join(`${p}posts as po`, 'po.ID', 'm.post_id')
      .where({ 'm.meta_key': 'tmdb_id', 'm.meta_value': String(t.tmdbId), 'po.post_type': t.type })
      .select('po.ID');
    LIVE(q);
    const posts = (await q).map((r: { ID: number }) => Number(r.ID));
    const rows = await db(`${p}${ROW_TABLES[t.type]}`).where({ tmdb_id: t.tmdbId }).select('ID');
    const onPost = rows.filter((r: { ID: number }) => posts.includes(Number(r.ID))).length;
    if (posts.length !== 1 || onPost !== 1) problems.push(`${t.via} ${t.type}:${t.tmdbId}: ${posts.length} posts, ${rows.length} rows (${onPost} on a post)`);
  }
  return problems;
}

/** Live movie, series and people posts without their tmu_* row, or without a TMDb id (a create cut short). */
export async function postsWithoutRows(db: Knex, p: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [type, table] of Object.entries(ROW_TABLES)) {
    const noRow = db(`${p}posts as po`).leftJoin(`${p}${table} as r`, 'r.ID', 'po.ID').where('po.post_type', type).whereNull('r.ID').count({ n: '*' });
    LIVE(noRow);
    const noId = db(`${p}posts as po`)
      .where('po.post_type', type)
      .whereNotExists(db(`${p}postmeta as m`).whereRaw('m.post_id = po.ID').where('m.meta_key', 'tmdb_id').whereNot('m.meta_value', '').select(db.raw('1')))
      .count({ n: '*' });
    LIVE(noId);
    out[`${type} without row`] = Number((await noRow)[0].n);
    out[`${type} without tmdb_id`] = Number((await noId)[0].n);
  }
  return out;
}

/** Refused uploads that are neither attached later nor listed (tmu_skipped_images meta, or a job's log line). */
export async function unlistedSkips(db: Knex, p: string, refused: Iterable<string>): Promise<string[]> {
  const missing: string[] = [];
  for (const filePath of refused) {
    const [{ n: attached }] = await db(`${p}postmeta`).where({ meta_key: 'tmdb_file_path', meta_value: filePath }).count({ n: '*' });
    if (Number(attached) > 0) continue;
    const [{ n: onPost }] = await db(`${p}postmeta`).where('meta_key', 'tmu_skipped_images').andWhere('meta_value', 'like', `%${filePath}%`).count({ n: '*' });
    if (Number(onPost) > 0) continue;
    const [{ n: logged }] = await db(`${p}tmu_sync_log`).where('message', 'like', `%${filePath}%`).count({ n: '*' });
    if (Number(logged) === 0) missing.push(filePath);
  }
  return missing;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return UploadsDisk.isFiller(entry.name) ? [] : [full];
  });
}

export function emptyFiles(uploadsDir: string): string[] {
  return filesUnder(uploadsDir)
    .filter((file) => fs.statSync(file).size === 0)
    .map((file) => path.relative(uploadsDir, file));
}

/** Originals in uploads that no attachment holds (WordPress derives name-WxH.ext sizes from each original). */
export async function strayFiles(db: Knex, p: string, uploadsDir: string): Promise<number> {
  const [{ n }] = await db(`${p}posts`).where('post_type', 'attachment').count({ n: '*' });
  const originals = filesUnder(uploadsDir).filter((f) => !/-\d+x\d+\.\w+$/.test(f) && !/-scaled\.\w+$/.test(f));
  return Math.max(0, originals.length - Number(n));
}
