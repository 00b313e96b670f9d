import type { Knex } from 'knex';
import { chunk, dbCall, MAX_ROWS_PER_INSERT } from './repository-support';

/** A field an editor changed, as the sync saw it: TMDb's value in column bytes (null when TMDb has none) and its fingerprint. */
export interface KeptField {
  tmdbValue: string | null;
  print: string;
}

/** The hashes of one object, field by field, and the TMDb values stored beside the edited ones (docs/editing.md). */
export class StoredPrints extends Map<string, string> {
  /** tmdb_value of the fields that have one. */
  readonly tmdb = new Map<string, string>();
}

interface PrintRow {
  object_type: string;
  object_id: number;
  field: string;
  hash: string;
  tmdb_value: string | null;
  updated_at: Date;
}

/** What `stored` knew of a field's TMDb value (a plain Map knows none). */
function storedTmdb(stored: ReadonlyMap<string, string>, field: string): string | undefined {
  return stored instanceof StoredPrints ? stored.tmdb.get(field) : undefined;
}

/**
 * The rows that bring the stored fingerprints of one object up to date: changed hashes (their
 * tmdb_value cleared, the field is no longer edited), a stale tmdb_value cleared, and the TMDb
 * value of each kept field when it changed (a kept field the sync never wrote gets TMDb's print).
 */
function changedRows(
  objectType: string,
  objectId: number,
  hashes: ReadonlyMap<string, string>,
  stored: ReadonlyMap<string, string>,
  kept: ReadonlyMap<string, KeptField>,
  now: Date,
): PrintRow[] {
  const rows: PrintRow[] = [];
  const row = (field: string, hash: string, tmdbValue: string | null): PrintRow => ({
    object_type: objectType,
    object_id: objectId,
    field,
    hash,
    tmdb_value: tmdbValue,
    updated_at: now,
  });
  for (const [field, hash] of hashes) {
    if (stored.get(field) !== hash || storedTmdb(stored, field) !== undefined) rows.push(row(field, hash, null));
  }
  for (const [field, { tmdbValue, print }] of kept) {
    const hash = stored.get(field);
    if (hash === undefined) rows.push(row(field, print, tmdbValue));
    else if ((storedTmdb(stored, field) ?? null) !== tmdbValue) rows.push(row(field, hash, tmdbValue));
  }
  return rows;
}

/** tmu_sync_fingerprints: the hash of what the last sync wrote, per object and field, and TMDb's value of each edited field. */
export class FingerprintRepository {
  private readonly table: string;

  constructor(
    private readonly db: Knex | Knex.Transaction,
    prefix: string,
  ) {
    this.table = `${prefix}tmu_sync_fingerprints`;
  }

  async get(objectType: string, objectId: number): Promise<StoredPrints> {
    return dbCall(`read fingerprints ${objectType}#${objectId}`, async () => {
      const rows: Array<{ field: string; hash: string; tmdb_value: string | null }> = await this.db(this.table)
        .where({ object_type: objectType, object_id: objectId })
        .select('field', 'hash', 'tmdb_value');
      const prints = new StoredPrints();
      for (const r of rows) {
        prints.set(r.field, r.hash);
        if (r.tmdb_value !== null) prints.tmdb.set(r.field, r.tmdb_value);
      }
      return prints;
    });
  }

  /** The hashes of many objects of one type in one read; an object without any gets an empty map. */
  async getMany(objectType: string, objectIds: readonly number[]): Promise<Map<number, StoredPrints>> {
    const out = new Map<number, StoredPrints>(objectIds.map((id) => [id, new StoredPrints()]));
    return dbCall(`read fingerprints of ${objectIds.length} ${objectType}`, async () => {
      for (const part of chunk([...new Set(objectIds)])) {
        const rows: Array<{ object_id: unknown; field: string; hash: string; tmdb_value: string | null }> = await this.db(this.table)
          .where('object_type', objectType)
          .whereIn('object_id', part)
          .select('object_id', 'field', 'hash', 'tmdb_value');
        for (const r of rows) {
          const prints = out.get(Number(r.object_id));
          prints?.set(r.field, r.hash);
          if (r.tmdb_value !== null) prints?.tmdb.set(r.field, r.tmdb_value);
        }
      }
      return out;
    });
  }

  /** save() for many objects: the changed fingerprints of all of them in one multi-row upsert. */
  async saveMany(
    objectType: string,
    entries: ReadonlyArray<{ id: number; hashes: ReadonlyMap<string, string>; stored: ReadonlyMap<string, string>; kept?: ReadonlyMap<string, KeptField> }>,
    now = new Date(),
  ): Promise<void> {
    const rows = entries.flatMap(({ id, hashes, stored, kept }) => changedRows(objectType, id, hashes, stored, kept ?? new Map(), now));
    if (rows.length === 0) return;
    await dbCall(`save fingerprints of ${entries.length} ${objectType}`, async () => {
      for (const part of chunk(rows, MAX_ROWS_PER_INSERT)) await this.upsert(part);
    });
  }

  /**
   * Saves the given hashes and the TMDb values of the fields an editor kept; what is already stored
   * so is not rewritten. `stored`: what get() returned, when the caller just read it.
   */
  async save(
    objectType: string,
    objectId: number,
    hashes: ReadonlyMap<string, string>,
    stored?: ReadonlyMap<string, string>,
    kept: ReadonlyMap<string, KeptField> = new Map(),
    now = new Date(),
  ): Promise<void> {
    if (hashes.size === 0 && kept.size === 0) return;
    const current = stored ?? (await this.get(objectType, objectId));
    const rows = changedRows(objectType, objectId, hashes, current, kept, now);
    if (rows.length === 0) return;
    await dbCall(`save fingerprints ${objectType}#${objectId}`, async () => this.upsert(rows));
  }

  async deleteObject(objectType: string, objectId: number): Promise<number> {
    return dbCall(`delete fingerprints ${objectType}#${objectId}`, async () => this.db(this.table).where({ object_type: objectType, object_id: objectId }).delete());
  }

  private async upsert(rows: PrintRow[]): Promise<void> {
    await this.db(this.table).insert(rows).onConflict(['object_type', 'object_id', 'field']).merge(['hash', 'tmdb_value', 'updated_at']);
  }
}
