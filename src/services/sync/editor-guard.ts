import { createHash } from 'node:crypto';
import type { PostDraft } from '../../mappers/mapping.types';
import type { Repositories } from '../../repositories/repositories';
import type { ContentStore, PostRef, PostType } from '../../domain/content-store';
import type { RowWrites } from './row-writes';

/** Fields the sync never fingerprints: keys and bookkeeping. */
const UNGUARDED = new Set(['ID', 'tmdb_id', 'synced_at']);

/** Hash of a stored or desired value; numbers compare by value so DECIMAL '8.4' equals 8.4. */
export function fingerprint(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'number') text = String(value);
  else if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) text = String(Number(value));
  else if (value instanceof Date) text = value.toISOString();
  else text = String(value);
  return createHash('sha256').update(text).digest('hex').slice(0, 40);
}

export interface GuardResult<T> {
  /** What to write: the desired values minus fields an editor changed. */
  write: Partial<T>;
  /** Fields kept as the editor left them. */
  kept: string[];
  /** Hashes to remember for the fields written (or already equal). */
  prints: Map<string, string>;
}

/**
 * Editors win: a field whose current value no longer matches what the last
 * sync wrote was changed by hand, so it is left alone. A field the sync never
 * wrote is taken over, unless `fillOnly` says to fill it only when empty (post
 * title and content, the legacy fill rule).
 */
export function guardFields<T extends object>(
  current: Partial<T> | null,
  desired: T,
  prints: ReadonlyMap<string, string>,
  options: { fillOnly?: boolean } = {},
): GuardResult<T> {
  const write: Record<string, unknown> = {};
  const kept: string[] = [];
  const next = new Map<string, string>();
  for (const [field, value] of Object.entries(desired)) {
    if (UNGUARDED.has(field)) {
      write[field] = value;
      continue;
    }
    const now = current ? (current as Record<string, unknown>)[field] : undefined;
    const desiredPrint = fingerprint(value);
    const empty = now === null || now === undefined || (typeof now === 'string' && now.trim() === '');
    const lastPrint = prints.get(field);
    const untouched = lastPrint !== undefined ? fingerprint(now) === lastPrint : !options.fillOnly;
    if (empty || fingerprint(now) === desiredPrint || untouched) {
      write[field] = value;
      next.set(field, desiredPrint);
    } else {
      kept.push(field);
    }
  }
  return { write: write as Partial<T>, kept, prints: next };
}

/**
 * Title and content follow TMDb unless an editor changed them since the last
 * sync; a post that had text before its first sync keeps it (legacy fill rule).
 */
export async function syncPostText(
  store: ContentStore,
  repos: Repositories,
  rows: RowWrites,
  type: PostType,
  ref: PostRef,
  post: PostDraft,
  /** What the sync last wrote as the title elsewhere, for a post whose title it never fingerprinted (a person's row name). */
  titlePrintFallback?: () => Promise<string | undefined>,
): Promise<string[]> {
  const desired = { title: post.title, content: post.content };
  const prints = await repos.fingerprints.get(`${type}:post`, ref.id);
  const fallback = !ref.created && !prints.has('title') && titlePrintFallback ? await titlePrintFallback() : undefined;
  if (fallback !== undefined) prints.set('title', fallback);
  const stored = ref.created ? null : await store.getPost(type, ref.id);
  // A brand-new editor screen is an auto-draft titled "Auto Draft": nothing an editor typed.
  const autoDraft = stored?.status === 'auto-draft';
  const current = ref.created ? desired : autoDraft ? null : stored;
  const guard = guardFields(current ? { title: current.title, content: current.content } : null, desired, prints, { fillOnly: true });
  const update: { title?: string; content?: string; status?: 'draft' } = Object.fromEntries(
    Object.entries(guard.write).filter(([field, value]) => stored?.[field as 'title' | 'content'] !== value),
  );
  // WordPress deletes week-old auto-drafts; a synced post must outlive that.
  if (autoDraft) update.status = 'draft';
  if (Object.keys(update).length > 0) await store.updatePost(type, ref.id, update);
  rows.add((r) => r.fingerprints.save(`${type}:post`, ref.id, guard.prints));
  return guard.kept;
}

/**
 * Upserts a row keyed by post ID, leaving alone the columns an editor changed
 * since the last sync (fingerprints under `objectType`). Returns the columns kept.
 */
export async function guardedRowUpsert<R extends { ID: number }>(
  repos: Repositories,
  objectType: string,
  row: R,
  read: (postId: number) => Promise<unknown>,
  write: (row: Partial<R> & { ID: number }) => Promise<unknown>,
): Promise<string[]> {
  const current = (await read(row.ID)) as Partial<R> | null;
  const prints = await repos.fingerprints.get(objectType, row.ID);
  const guard = guardFields(current, row, prints);
  const result = await write({ ...guard.write, ID: row.ID });
  // A value cut or rounded to fit its column is remembered as stored, or the next sync would take it for an editor's.
  rememberStored(guard.prints, (result as { stored?: Record<string, unknown> } | undefined)?.stored);
  await repos.fingerprints.save(objectType, row.ID, guard.prints, prints);
  return guard.kept;
}

/** guardedRowUpsert for many people rows: one read of the rows, one of their fingerprints, multi-row writes. */
export async function guardedPeopleUpsert<R extends { ID: number }>(repos: Repositories, rows: readonly R[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.ID);
  const current = await repos.people.getRows(ids);
  const prints = await repos.fingerprints.getMany('person', ids);
  const kept: string[] = [];
  const writes: Array<Partial<R> & { ID: number }> = [];
  const saves: Array<{ id: number; hashes: Map<string, string>; stored: ReadonlyMap<string, string> }> = [];
  for (const row of rows) {
    const stored = prints.get(row.ID) ?? new Map<string, string>();
    const guard = guardFields((current.get(row.ID) ?? null) as Partial<R> | null, row, stored);
    writes.push({ ...guard.write, ID: row.ID });
    saves.push({ id: row.ID, hashes: guard.prints, stored });
    kept.push(...guard.kept);
  }
  const results = await repos.people.upsertRows(writes);
  // As for a title: a value cut to fit is fingerprinted as stored, or the next sync would take it for an editor's.
  results.forEach((result, i) => rememberStored(saves[i].hashes, result.stored));
  await repos.fingerprints.saveMany('person', saves);
  return kept;
}

/** Replaces the fingerprint of each field whose value was cut, clamped or rounded to fit its column by the value's as stored. */
function rememberStored(prints: Map<string, string>, stored: Record<string, unknown> | undefined): void {
  if (stored) for (const field of prints.keys()) if (field in stored) prints.set(field, fingerprint(stored[field]));
}

/** Upserts a title row, leaving alone the columns an editor changed since the last sync. */
export async function guardedTitleUpsert<R extends { ID: number }>(
  repos: Repositories,
  table: 'movies' | 'tv' | 'dramas',
  objectType: string,
  row: R,
): Promise<string[]> {
  const titles = repos[table] as unknown as { getRow(id: number): Promise<unknown>; upsertRow(r: unknown): Promise<unknown> };
  return guardedRowUpsert(repos, objectType, row, (id) => titles.getRow(id), (w) => titles.upsertRow(w));
}

