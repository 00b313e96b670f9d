/**
 * Movies, TV series and dramas: the title row (tmu_movies / tmu_tv_series /
 * tmu_dramas, ID = post ID) and its cast/crew link tables.
 */
import type { CastRow, CrewRow, DramaRow, MovieRow, TvRow } from '../domain/rows';
import { Db, UpsertResult, chunk, dbCall, fitRow, ids, normalizeRow, upsertById } from './repository-support';
import { SERIES_TABLES, TITLE_TABLES, TitleKind, TitleTables, tableName } from './table-names';
import { CreditRecord, planCreditDiff } from './credit-diff';

interface TitleRowMap {
  movie: MovieRow;
  tv: TvRow;
  drama: DramaRow;
}

/** The columns to write: ID plus any subset of the row; omitted keys are left as stored. */
export type TitleRowInput<K extends TitleKind> = Partial<TitleRowMap[K]> & { ID: number };

/** A stored title row: the typed columns plus whatever else the table holds (legacy columns). */
export type StoredTitleRow<K extends TitleKind> = TitleRowMap[K] & Record<string, unknown>;

export type StoredCastRow = CastRow & { ID: number };
export type StoredCrewRow = CrewRow & { ID: number };

export interface CreditDiff {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export class TitleRepository<K extends TitleKind = TitleKind> {
  private readonly t: TitleTables;

  constructor(
    private readonly db: Db,
    private readonly prefix: string,
    readonly kind: K,
  ) {
    this.t = TITLE_TABLES[kind];
  }

  get tableName(): string {
    return tableName(this.prefix, this.t.title);
  }

  /** The post holding this TMDb id (lowest ID when a legacy site has duplicates). */
  async findPostIdByTmdbId(tmdbId: number): Promise<number | null> {
    return dbCall(`find ${this.t.title} by tmdb_id`, async () => {
      const row = await this.db(this.tableName).select('ID').where('tmdb_id', tmdbId).orderBy('ID').first();
      return row ? Number(row.ID) : null;
    });
  }

  async getRow(postId: number): Promise<StoredTitleRow<K> | null> {
    return dbCall(`read ${this.t.title}#${postId}`, async () => normalizeRow<StoredTitleRow<K>>(await this.db(this.tableName).where('ID', postId).first()));
  }

  async upsertRow(row: TitleRowInput<K>): Promise<UpsertResult> {
    return upsertById(this.db, this.tableName, row);
  }

  async listCast(postId: number): Promise<StoredCastRow[]> {
    return (await this.listCredits('cast', postId)) as unknown as StoredCastRow[];
  }

  async listCrew(postId: number): Promise<StoredCrewRow[]> {
    return (await this.listCredits('crew', postId)) as unknown as StoredCrewRow[];
  }

  /** Makes the title's cast rows equal `rows`, keeping identical rows (and their IDs). */
  async replaceCast(postId: number, rows: CastRow[]): Promise<CreditDiff> {
    return this.replaceCredits('cast', postId, rows);
  }

  /** Makes the title's crew rows equal `rows`, keeping identical rows (and their IDs). */
  async replaceCrew(postId: number, rows: CrewRow[]): Promise<CreditDiff> {
    return this.replaceCredits('crew', postId, rows);
  }

  /**
   * Posts that belong to this title in the tmu_* tables (season, episode and
   * video posts). Read it before deleteByPost to delete those posts as well.
   */
  async dependentPostIds(postId: number): Promise<number[]> {
    return dbCall(`list posts of ${this.t.title}#${postId}`, async () => {
      const out: number[] = [];
      if (this.kind !== 'movie') {
        const s = SERIES_TABLES[this.kind === 'tv' ? 'tv' : 'drama'];
        out.push(...ids(await this.db(tableName(this.prefix, s.seasons)).select('ID').where(s.seriesColumn, postId)));
        out.push(...ids(await this.db(tableName(this.prefix, s.episodes)).select('ID').where(s.seriesColumn, postId)));
      }
      out.push(...ids(await this.db(tableName(this.prefix, 'tmu_videos')).select('ID').where('post_id', postId)));
      return out;
    });
  }

  /**
   * Removes the title row, its cast/crew, its seasons/episodes (tv, drama) and
   * its videos rows — what the FK cascade does on a WordPress database, done
   * explicitly so SQLite and FK-less MySQL behave the same. Returns rows removed.
   */
  async deleteByPost(postId: number): Promise<number> {
    return dbCall(`delete ${this.t.title}#${postId}`, async () => {
      let rows = 0;
      if (this.kind !== 'movie') {
        const s = SERIES_TABLES[this.kind === 'tv' ? 'tv' : 'drama'];
        rows += await this.db(tableName(this.prefix, s.episodes)).where(s.seriesColumn, postId).delete();
        rows += await this.db(tableName(this.prefix, s.seasons)).where(s.seriesColumn, postId).delete();
      }
      rows += await this.db(tableName(this.prefix, 'tmu_videos')).where('post_id', postId).delete();
      rows += await this.db(tableName(this.prefix, this.t.cast)).where(this.t.contentColumn, postId).delete();
      rows += await this.db(tableName(this.prefix, this.t.crew)).where(this.t.contentColumn, postId).delete();
      rows += await this.db(this.tableName).where('ID', postId).delete();
      return rows;
    });
  }

  private creditColumns(which: 'cast' | 'crew'): string[] {
    const cols = ['person'];
    if (which === 'crew') cols.push('department');
    cols.push('job', 'release_year');
    if (this.t.hasCount) cols.push('count');
    return cols;
  }

  private async listCredits(which: 'cast' | 'crew', postId: number): Promise<CreditRecord[]> {
    const table = tableName(this.prefix, this.t[which]);
    return dbCall(`read ${this.t[which]} of #${postId}`, async () => {
      const rows: Array<Record<string, unknown>> = await this.db(table)
        .select(['ID', ...this.creditColumns(which)])
        .where(this.t.contentColumn, postId)
        .orderBy('ID');
      return rows.map((r) => ({ ...r, ID: Number(r.ID), person: Number(r.person) }));
    });
  }

  private async replaceCredits(which: 'cast' | 'crew', postId: number, wanted: CastRow[]): Promise<CreditDiff> {
    const table = tableName(this.prefix, this.t[which]);
    const columns = this.creditColumns(which);
    // Fitted before the diff, so a cut row compares equal to its stored copy on the next sync.
    const normalize = (row: object): CreditRecord => {
      const r = row as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const c of columns) out[c] = r[c] ?? null;
      const person = Number(out.person);
      out.person = person;
      return fitRow(this.db, table, out, `${table} of #${postId}, person #${person}`) as CreditRecord;
    };
    const existing = await this.listCredits(which, postId);
    const next = wanted.map(normalize);
    const { unchanged, stale, updates, inserts } = planCreditDiff(existing, next, columns, which);
    const diff: CreditDiff = { inserted: 0, updated: 0, deleted: 0, unchanged };

    return dbCall(`replace ${this.t[which]} of #${postId}`, async () => {
      for (const part of chunk(stale)) {
        diff.deleted += await this.db(table).whereIn('ID', part).delete();
      }
      for (const u of updates) {
        await this.db(table).where('ID', u.id).update(u.values);
        diff.updated += 1;
      }
      for (const part of chunk(inserts, 200)) {
        await this.db(table).insert(part.map((r) => ({ ...r, [this.t.contentColumn]: postId })));
        diff.inserted += part.length;
      }
      return diff;
    });
  }
}
