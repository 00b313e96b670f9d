import type { Knex } from 'knex';
import { chunk, dbCall, MAX_ROWS_PER_INSERT } from './repository-support';

/** tmu_sync_fingerprints: the hash of what the last sync wrote, per object and field. */
export class FingerprintRepository {
  private readonly table: string;

  constructor(
    private readonly db: Knex | Knex.Transaction,
    prefix: string,
  ) {
    this.table = `${prefix}tmu_sync_fingerprints`;
  }

  async get(objectType: string, objectId: number): Promise<Map<string, string>> {
    return dbCall(`read fingerprints ${objectType}#${objectId}`, async () => {
      const rows: Array<{ field: string; hash: string }> = await this.db(this.table)
        .where({ object_type: objectType, object_id: objectId })
        .select('field', 'hash');
      return new Map(rows.map((r) => [r.field, r.hash]));
    });
  }

  /** The hashes of many objects of one type in one read; an object without any gets an empty map. */
  async getMany(objectType: string, objectIds: readonly number[]): Promise<Map<number, Map<string, string>>> {
    const out = new Map<number, Map<string, string>>(objectIds.map((id) => [id, new Map()]));
    return dbCall(`read fingerprints of ${objectIds.length} ${objectType}`, async () => {
      for (const part of chunk([...new Set(objectIds)])) {
        const rows: Array<{ object_id: unknown; field: string; hash: string }> = await this.db(this.table)
          .where('object_type', objectType)
          .whereIn('object_id', part)
          .select('object_id', 'field', 'hash');
        for (const r of rows) out.get(Number(r.object_id))?.set(r.field, r.hash);
      }
      return out;
    });
  }

  /** save() for many objects: the changed hashes of all of them in one multi-row upsert. */
  async saveMany(
    objectType: string,
    entries: ReadonlyArray<{ id: number; hashes: ReadonlyMap<string, string>; stored: ReadonlyMap<string, string> }>,
    now = new Date(),
  ): Promise<void> {
    const rows = entries.flatMap(({ id, hashes, stored }) =>
      [...hashes].filter(([field, hash]) => stored.get(field) !== hash).map(([field, hash]) => ({ object_type: objectType, object_id: id, field, hash, updated_at: now })),
    );
    if (rows.length === 0) return;
    await dbCall(`save fingerprints of ${entries.length} ${objectType}`, async () => {
      for (const part of chunk(rows, MAX_ROWS_PER_INSERT)) {
        await this.db(this.table).insert(part).onConflict(['object_type', 'object_id', 'field']).merge(['hash', 'updated_at']);
      }
    });
  }

  /** Saves the given hashes; unchanged ones are not rewritten. `stored`: what get() returned, when the caller just read it. */
  async save(
    objectType: string,
    objectId: number,
    hashes: ReadonlyMap<string, string>,
    stored?: ReadonlyMap<string, string>,
    now = new Date(),
  ): Promise<void> {
    if (hashes.size === 0) return;
    const current = stored ?? (await this.get(objectType, objectId));
    const changed = [...hashes].filter(([field, hash]) => current.get(field) !== hash);
    if (changed.length === 0) return;
    await dbCall(`save fingerprints ${objectType}#${objectId}`, async () => {
      await this.db(this.table)
        .insert(changed.map(([field, hash]) => ({ object_type: objectType, object_id: objectId, field, hash, updated_at: now })))
        .onConflict(['object_type', 'object_id', 'field'])
        .merge(['hash', 'updated_at']);
    });
  }

  async deleteObject(objectType: string, objectId: number): Promise<number> {
    return dbCall(`delete fingerprints ${objectType}#${objectId}`, async () =>
      this.db(this.table).where({ object_type: objectType, object_id: objectId }).delete(),
    );
  }
}
