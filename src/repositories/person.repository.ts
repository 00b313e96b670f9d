/** People: tmu_people (ID = people post ID). */
import type { PersonRow } from '../domain/rows';
import { Db, UpsertResult, chunk, dbCall, ids, normalizeRow, readManyById, toDate, upsertById, upsertManyById } from './repository-support';
import { TITLE_TABLES, tableName } from './table-names';

export type PersonRowInput = Partial<PersonRow> & { ID: number };
export type StoredPersonRow = PersonRow & Record<string, unknown>;

export interface PersonSyncInfo {
  postId: number;
  /** When the sidecar last synced this person; null for a legacy row never synced by us. */
  syncedAt: Date | null;
}

export class PersonRepository {
  constructor(
    private readonly db: Db,
    private readonly prefix: string,
  ) {}

  get tableName(): string {
    return tableName(this.prefix, 'tmu_people');
  }

  async findPostIdByTmdbId(tmdbId: number): Promise<number | null> {
    return dbCall('find tmu_people by tmdb_id', async () => {
      const row = await this.db(this.tableName).select('ID').where('tmdb_id', tmdbId).orderBy('ID').first();
      return row ? Number(row.ID) : null;
    });
  }

  /** For many TMDb ids at once (a cast list): which people exist, and when they were last synced. */
  async findSyncedAt(tmdbIds: readonly number[]): Promise<Map<number, PersonSyncInfo>> {
    const result = new Map<number, PersonSyncInfo>();
    const unique = [...new Set(tmdbIds)];
    return dbCall('find tmu_people sync times', async () => {
      for (const part of chunk(unique)) {
        const rows: Array<{ ID: unknown; tmdb_id: unknown; synced_at: unknown }> = await this.db(this.tableName)
          .select('ID', 'tmdb_id', 'synced_at')
          .whereIn('tmdb_id', part)
          .orderBy('ID');
        for (const row of rows) {
          const tmdbId = Number(row.tmdb_id);
          if (!result.has(tmdbId)) result.set(tmdbId, { postId: Number(row.ID), syncedAt: toDate(row.synced_at) });
        }
      }
      return result;
    });
  }

  async getRow(postId: number): Promise<StoredPersonRow | null> {
    return dbCall(`read tmu_people#${postId}`, async () => normalizeRow<StoredPersonRow>(await this.db(this.tableName).where('ID', postId).first()));
  }

  async upsertRow(row: PersonRowInput): Promise<UpsertResult> {
    return upsertById(this.db, this.tableName, row);
  }

  /** Writes known_for alone (the title just added to a star's list): no read of the whole row first. */
  async updateKnownFor(postId: number, knownFor: string | null): Promise<void> {
    await dbCall(`update tmu_people#${postId}.known_for`, async () => {
      await this.db(this.tableName).where('ID', postId).update({ known_for: knownFor });
    });
  }

  /** Many rows in one read (the given columns, or all). */
  async getRows(postIds: readonly number[], columns?: string[]): Promise<Map<number, StoredPersonRow>> {
    return dbCall(`read ${postIds.length} tmu_people rows`, async () => {
      const rows = await readManyById(this.db, this.tableName, postIds, columns);
      return new Map([...rows].map(([id, row]) => [id, normalizeRow<StoredPersonRow>(row)!]));
    });
  }

  /** Many rows in a few statements: one read, multi-row inserts, updates only where a value changed. */
  async upsertRows(rows: readonly PersonRowInput[]): Promise<UpsertResult[]> {
    return upsertManyById(this.db, this.tableName, rows);
  }

  /** Video posts attached to this person (tmu_videos.post_id). */
  async dependentPostIds(postId: number): Promise<number[]> {
    return dbCall(`list posts of tmu_people#${postId}`, async () => ids(await this.db(tableName(this.prefix, 'tmu_videos')).select('ID').where('post_id', postId)));
  }

  /** Removes the person row, their cast/crew rows in every title table and their videos rows. Returns rows removed. */
  async deleteByPost(postId: number): Promise<number> {
    return dbCall(`delete tmu_people#${postId}`, async () => {
      let rows = 0;
      for (const t of Object.values(TITLE_TABLES)) {
        rows += await this.db(tableName(this.prefix, t.cast)).where('person', postId).delete();
        rows += await this.db(tableName(this.prefix, t.crew)).where('person', postId).delete();
      }
      rows += await this.db(tableName(this.prefix, 'tmu_videos')).where('post_id', postId).delete();
      rows += await this.db(this.tableName).where('ID', postId).delete();
      return rows;
    });
  }
}
