import type { Knex } from 'knex';
import { dbCall } from './repository-support';

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
