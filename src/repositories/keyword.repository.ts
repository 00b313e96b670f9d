import { Db, dbCall, toDate, toNumber } from './repository-support';

/** One row of tmu_keywords: a keyword name/slug and what TMDb said about it. */
export interface KeywordRecord {
  id: number;
  name: string;
  slug: string;
  /** null while unresolved or when TMDb does not know it. */
  tmdbKeywordId: number | null;
  /** Set when TMDb had no such keyword: do not ask again before this. */
  notFoundUntil: Date | null;
  /** When TMDb was last asked. */
  resolvedAt: Date | null;
}

type Row = Record<string, unknown>;

/** tmu_keywords: keyword name/slug → TMDb keyword id, with negative caching. */
export class KeywordRepository {
  private readonly table: string;

  constructor(
    private readonly db: Db,
    prefix: string,
  ) {
    this.table = `${prefix}tmu_keywords`;
  }

  async findBySlug(slug: string): Promise<KeywordRecord | null> {
    return dbCall(`read ${this.table} ${slug}`, async () => {
      const row = (await this.db(this.table).where({ slug }).first()) as Row | undefined;
      return row ? toRecord(row) : null;
    });
  }

  /** TMDb answered with this keyword id. */
  async saveResolved(input: { name: string; slug: string; tmdbKeywordId: number }, now: Date): Promise<KeywordRecord> {
    return this.upsert({ name: input.name, slug: input.slug, tmdb_keyword_id: input.tmdbKeywordId, not_found_until: null, resolved_at: now });
  }

  /** TMDb has no such keyword: remember it until `until`. */
  async saveNotFound(input: { name: string; slug: string }, until: Date, now: Date): Promise<KeywordRecord> {
    return this.upsert({ name: input.name, slug: input.slug, tmdb_keyword_id: null, not_found_until: until, resolved_at: now });
  }

  private async upsert(values: Row & { slug: string }): Promise<KeywordRecord> {
    return dbCall(`write ${this.table} ${values.slug}`, async () => {
      await this.db(this.table).insert(values).onConflict('slug').merge(['name', 'tmdb_keyword_id', 'not_found_until', 'resolved_at']);
      const row = (await this.db(this.table).where({ slug: values.slug }).first()) as Row;
      return toRecord(row);
    });
  }
}

function toRecord(row: Row): KeywordRecord {
  return {
    id: Number(row.id),
    name: String(row.name),
    slug: String(row.slug),
    tmdbKeywordId: toNumber(row.tmdb_keyword_id),
    notFoundUntil: toDate(row.not_found_until),
    resolvedAt: toDate(row.resolved_at),
  };
}
