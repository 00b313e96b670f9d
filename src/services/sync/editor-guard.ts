import { createHash } from 'node:crypto';
import type { PostDraft } from '../../mappers/mapping.types';
import { KeptField, StoredPrints } from '../../repositories/fingerprint.repository';
import type { Repositories } from '../../repositories/repositories';
import type { ContentStore, PostRef, PostType } from '../../domain/content-store';
import type { CastRow, CrewRow, VideoRow } from '../../domain/rows';
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
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- column values are scalars
  else text = String(value);
  return createHash('sha256').update(text).digest('hex').slice(0, 40);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Text with its HTML character references decoded, one level (`&amp;#039;` is `&#039;`): the classic
 * editor's plain Update turns `&#039;` into `'` and `&amp;` into `&`, which is no editor's change.
 */
export function entityPlainText(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos));/gi, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** fingerprint() of post text, blind to how its characters are entity-encoded. */
function textPrint(value: unknown): string {
  return fingerprint(typeof value === 'string' ? entityPlainText(value) : value);
}

/** A value as the column holds it once written: what the plugin writes back for "Use TMDb's value". */
export function columnBytes(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return value.toISOString();
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- column values are scalars
  return String(value);
}

export interface GuardResult<T> {
  /** What to write: the desired values minus fields an editor changed. */
  write: Partial<T>;
  /** Fields kept as the editor left them. */
  kept: string[];
  /** Hashes to remember for the fields written (or already equal). */
  prints: Map<string, string>;
  /** TMDb's value of each kept field, stored beside its fingerprint for the plugin to show. */
  tmdb: Map<string, KeptField>;
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
  /** `text`: post text, equal when it differs only in entity encoding (prints are of the decoded text). */
  options: { fillOnly?: boolean; text?: boolean } = {},
): GuardResult<T> {
  const print = options.text ? textPrint : fingerprint;
  const write: Record<string, unknown> = {};
  const kept: string[] = [];
  const next = new Map<string, string>();
  const tmdb = new Map<string, KeptField>();
  for (const [field, value] of Object.entries(desired)) {
    if (UNGUARDED.has(field)) {
      write[field] = value;
      continue;
    }
    const now = current ? (current as Record<string, unknown>)[field] : undefined;
    const desiredPrint = print(value);
    const empty = now === null || now === undefined || (typeof now === 'string' && now.trim() === '');
    const lastPrint = prints.get(field);
    // A print saved before text prints existed is of the raw text.
    const untouched = lastPrint !== undefined ? print(now) === lastPrint || fingerprint(now) === lastPrint : !options.fillOnly;
    if (empty || print(now) === desiredPrint || untouched) {
      write[field] = value;
      next.set(field, desiredPrint);
    } else {
      kept.push(field);
      tmdb.set(field, { tmdbValue: columnBytes(value), print: desiredPrint });
    }
  }
  return { write: write as Partial<T>, kept, prints: next, tmdb };
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
  const guard = guardFields(current ? { title: current.title, content: current.content } : null, desired, prints, { fillOnly: true, text: true });
  const update: { title?: string; content?: string; status?: 'draft' } = Object.fromEntries(
    Object.entries(guard.write).filter(([field, value]) => stored?.[field as 'title' | 'content'] !== value),
  );
  // WordPress deletes week-old auto-drafts; a synced post must outlive that.
  if (autoDraft) update.status = 'draft';
  if (Object.keys(update).length > 0) await store.updatePost(type, ref.id, update);
  rows.add((r) => r.fingerprints.save(`${type}:post`, ref.id, guard.prints, undefined, guard.tmdb));
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
  await repos.fingerprints.save(objectType, row.ID, guard.prints, prints, guard.tmdb);
  return guard.kept;
}

/** guardedRowUpsert for many people rows: one read of the rows, one of their fingerprints, multi-row writes. */
export async function guardedPeopleUpsert<R extends { ID: number }>(repos: Repositories, rows: readonly R[]): Promise<string[]> {
  return guardedRowsUpsert(
    repos,
    'person',
    rows,
    (ids) => repos.people.getRows(ids),
    (writes) => repos.people.upsertRows(writes),
  );
}

/**
 * The tmu_videos rows of a title's videos, guarded like every other row (an editor may fix a video's
 * source). `created`: video posts this sync made, whose rows and fingerprints cannot exist yet.
 */
export async function guardedVideosUpsert(repos: Repositories, rows: readonly VideoRow[], created: ReadonlySet<number> = new Set()): Promise<string[]> {
  return guardedRowsUpsert(
    repos,
    'video',
    rows,
    (ids) => repos.videos.getRows(ids),
    (writes) => repos.videos.upsertRows(writes as VideoRow[]),
    created,
  );
}

/** guardedRowUpsert for many rows of one object type: one read of the rows, one of their fingerprints, multi-row writes. */
async function guardedRowsUpsert<R extends { ID: number }>(
  repos: Repositories,
  objectType: string,
  rows: readonly R[],
  read: (ids: number[]) => Promise<ReadonlyMap<number, unknown>>,
  write: (rows: Array<Partial<R> & { ID: number }>) => Promise<Array<{ stored?: Record<string, unknown> }>>,
  created: ReadonlySet<number> = new Set(),
): Promise<string[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.ID).filter((id) => !created.has(id));
  const current = ids.length > 0 ? await read(ids) : new Map<number, unknown>();
  const prints = ids.length > 0 ? await repos.fingerprints.getMany(objectType, ids) : new Map<number, StoredPrints>();
  const kept: string[] = [];
  const writes: Array<Partial<R> & { ID: number }> = [];
  const saves: Array<{ id: number; hashes: Map<string, string>; stored: ReadonlyMap<string, string>; kept: Map<string, KeptField> }> = [];
  for (const row of rows) {
    const stored = prints.get(row.ID) ?? new StoredPrints();
    const guard = guardFields((current.get(row.ID) ?? null) as Partial<R> | null, row, stored);
    writes.push({ ...guard.write, ID: row.ID });
    saves.push({ id: row.ID, hashes: guard.prints, stored, kept: guard.tmdb });
    kept.push(...guard.kept);
  }
  const results = await write(writes);
  // As for a title: a value cut to fit is fingerprinted as stored, or the next sync would take it for an editor's.
  results.forEach((result, i) => rememberStored(saves[i].hashes, result.stored));
  await repos.fingerprints.saveMany(objectType, saves);
  return kept;
}

/** Replaces the fingerprint of each field whose value was cut, clamped or rounded to fit its column by the value's as stored. */
function rememberStored(prints: Map<string, string>, stored: Record<string, unknown> | undefined): void {
  if (stored) for (const field of prints.keys()) if (field in stored) prints.set(field, fingerprint(stored[field]));
}

/** Upserts a title row, leaving alone the columns an editor changed since the last sync. */
export async function guardedTitleUpsert<R extends { ID: number }>(repos: Repositories, table: 'movies' | 'tv' | 'dramas', objectType: string, row: R): Promise<string[]> {
  const titles = repos[table] as unknown as { getRow(id: number): Promise<unknown>; upsertRow(r: unknown): Promise<unknown> };
  return guardedRowUpsert(
    repos,
    objectType,
    row,
    (id) => titles.getRow(id),
    (w) => titles.upsertRow(w),
  );
}

/**
 * A title's cast or crew link rows as one field (`cast_rows`, `crew_rows`, docs/editing.md): what the
 * templates show of them (person, department for crew, job), in stored (ID) order, as JSON. The plugin's
 * Credits_Writer::rows_text() gives the same text.
 */
export function creditRowsText(which: 'cast' | 'crew', rows: ReadonlyArray<object>): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a credit row's fields are scalars
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return JSON.stringify(
    rows.map((row) => {
      const r = row as Record<string, unknown>;
      return which === 'crew' ? { person: Number(r.person), department: text(r.department), job: text(r.job) } : { person: Number(r.person), job: text(r.job) };
    }),
  );
}

const CREDIT_OBJECT_TYPES = { movies: 'movie', tv: 'tv', dramas: 'drama' } as const;

/**
 * Writes a title's cast and crew link rows unless an editor changed them since the last sync: each
 * part is one field whose fingerprint is that of creditRowsText() of the rows as stored. An edited
 * part is left alone, with TMDb's rows (their creditRowsText) stored as its tmdb_value. A part in
 * `hold` (the cast while the star cast is edited) is not written either. Returns the parts kept.
 */
export async function guardedCreditRows(
  repos: Repositories,
  table: 'movies' | 'tv' | 'dramas',
  postId: number,
  parts: { cast: CastRow[]; crew: CrewRow[] },
  hold: ReadonlyArray<'cast' | 'crew'> = [],
): Promise<string[]> {
  const titles = repos[table];
  const objectType = CREDIT_OBJECT_TYPES[table];
  const prints = await repos.fingerprints.get(objectType, postId);
  const stored = async (which: 'cast' | 'crew'): Promise<string> => creditRowsText(which, which === 'cast' ? await titles.listCast(postId) : await titles.listCrew(postId));
  const hashes = new Map<string, string>();
  const tmdb = new Map<string, KeptField>();
  const kept: string[] = [];
  for (const which of ['cast', 'crew'] as const) {
    const field = `${which}_rows`;
    const wanted = creditRowsText(which, parts[which]);
    const last = prints.get(field);
    const now = last !== undefined ? await stored(which) : undefined;
    // Emptied rows are filled again, as an empty column is.
    const edited = now !== undefined && fingerprint(now) !== last && now !== '[]' && now !== wanted;
    if (edited) {
      kept.push(field);
      tmdb.set(field, { tmdbValue: wanted, print: fingerprint(wanted) });
    }
    if (edited || hold.includes(which)) continue;
    await (which === 'cast' ? titles.replaceCast(postId, parts.cast) : titles.replaceCrew(postId, parts.crew));
    // The diff keeps unchanged rows' IDs, so the stored order can differ from TMDb's: fingerprint what is stored.
    hashes.set(field, fingerprint(await stored(which)));
  }
  await repos.fingerprints.save(objectType, postId, hashes, prints, tmdb);
  return kept;
}
