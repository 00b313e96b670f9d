/**
 * Tables of the local stand-in for WordPress (demo and tests): posts, terms,
 * term relationships and attachments. Created by ensureSchema(), never by the
 * migrations, so a WordPress database never gets them.
 */
import type { Knex } from 'knex';
import { ensureTable } from '../../migrations/support/schema-toolkit';
import {
  FoundOrCreated,
  LOCAL_CONTENT_SCHEMA,
  LocalAttachmentRow,
  LocalContentCounts,
  LocalPostRow,
  LocalPostUpdate,
  LocalTermRow,
  NewLocalAttachment,
  NewLocalPost,
} from './local-content.schema';
import { idsByKey, insertLocalPosts, insertLocalTerms, localPostRow, setLocalSlugs } from './local-content-batch';
import { Db, dbCall, isUniqueViolation, latest, normalizeRow } from './repository-support';
import { tableName } from './table-names';

export type {
  FoundOrCreated,
  LocalAttachmentRow,
  LocalContentCounts,
  LocalPostRow,
  LocalPostUpdate,
  LocalTermRow,
  NewLocalAttachment,
  NewLocalPost,
} from './local-content.schema';

export class LocalContentRepository {
  readonly tables: { posts: string; terms: string; relationships: string; termMeta: string; attachments: string };

  constructor(
    private readonly db: Db,
    private readonly prefix: string,
  ) {
    this.tables = {
      posts: tableName(prefix, 'tmu_local_posts'),
      terms: tableName(prefix, 'tmu_local_terms'),
      relationships: tableName(prefix, 'tmu_local_term_relationships'),
      termMeta: tableName(prefix, 'tmu_local_term_meta'),
      attachments: tableName(prefix, 'tmu_local_attachments'),
    };
  }

  /**
   * The same repository bound to a transaction (the tables must already exist). Without one
   * (a sync's content calls, made before its rows' transaction) it writes on its own.
   */
  forTransaction(trx: Knex.Transaction | null | undefined): LocalContentRepository {
    return trx ? new LocalContentRepository(trx, this.prefix) : this;
  }

  /** Creates (or completes) the local tables. Idempotent. */
  async ensureSchema(): Promise<void> {
    await dbCall('create local content tables', async () => {
      for (const spec of LOCAL_CONTENT_SCHEMA) await ensureTable(this.db, this.prefix, spec);
    });
  }

  async findPostId(type: string, naturalKey: string, current = false): Promise<number | null> {
    return dbCall('find local post', async () => {
      const q = this.db(this.tables.posts).select('id').where({ type, natural_key: naturalKey }).first();
      const row = await (current ? latest(this.db, q) : q);
      return row ? Number(row.id) : null;
    });
  }

  /** Many posts of one type by natural key, in one read per 500 keys. */
  async findPostIds(type: string, naturalKeys: readonly string[]): Promise<Map<string, number>> {
    return idsByKey(this.db, this.tables.posts, 'natural_key', naturalKeys, { type });
  }

  /** insertPost for many new posts of one type (then setSlugs); null after a race: go one by one. */
  async insertPosts(type: string, posts: readonly NewLocalPost[], now = new Date()): Promise<Map<string, number> | null> {
    return insertLocalPosts(this.db, this.tables.posts, type, posts, now);
  }

  async setSlugs(slugs: ReadonlyMap<number, string>, now = new Date()): Promise<void> {
    await setLocalSlugs(this.db, this.tables.posts, slugs, now);
  }

  async getPost(id: number): Promise<LocalPostRow | null> {
    return dbCall(`read local post #${id}`, async () => {
      const read = () => this.db(this.tables.posts).where('id', id).first();
      // Not in this transaction's snapshot (MySQL): another title's job may have created it since. Read the committed row.
      const row = normalizeRow<LocalPostRow>((await read()) ?? (await latest(this.db, read())));
      if (!row) return null;
      for (const k of ['id', 'parent_id', 'tmdb_id', 'featured_image_id'] as const) {
        if (row[k] !== null && row[k] !== undefined) (row as unknown as Record<string, number>)[k] = Number(row[k]);
      }
      return row;
    });
  }

  /** Find-or-create by (type, natural_key); an existing post is returned untouched. */
  async insertPost(post: NewLocalPost, now = new Date()): Promise<FoundOrCreated> {
    return this.findOrInsert(
      (current) => this.findPostId(post.type, post.natural_key, current),
      () => this.db(this.tables.posts).insert(localPostRow(post, now)),
      'insert local post',
    );
  }

  async updatePost(id: number, fields: LocalPostUpdate, now = new Date()): Promise<void> {
    const values = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (Object.keys(values).length === 0) return;
    await dbCall(`update local post #${id}`, async () => {
      await this.db(this.tables.posts)
        .where('id', id)
        .update({ ...values, updated_at: now });
    });
  }

  /** Post id → status for many posts, one read per 500 ids. */
  async findStatuses(ids: readonly number[]): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await dbCall('read local post statuses', () =>
        this.db(this.tables.posts)
          .select('id', 'status')
          .whereIn('id', unique.slice(i, i + 500)),
      );
      for (const row of rows as Array<{ id: number; status: string | null }>) found.set(Number(row.id), row.status ?? 'publish');
    }
    return found;
  }

  /** Deletes the post and its term relationships; its attachments stay (as in WordPress), detached. */
  async deletePost(id: number): Promise<void> {
    await dbCall(`delete local post #${id}`, async () => {
      await this.db(this.tables.relationships).where('post_id', id).delete();
      await this.db(this.tables.attachments).where('post_id', id).update({ post_id: null });
      await this.db(this.tables.posts).where('id', id).delete();
    });
  }

  async findTermId(taxonomy: string, slug: string, current = false): Promise<number | null> {
    return dbCall('find local term', async () => {
      const q = this.db(this.tables.terms).select('id').where({ taxonomy, slug }).first();
      const row = await (current ? latest(this.db, q) : q);
      return row ? Number(row.id) : null;
    });
  }

  /** Many terms of one taxonomy by slug, in one read. */
  async findTermIds(taxonomy: string, slugs: readonly string[]): Promise<Map<string, number>> {
    return idsByKey(this.db, this.tables.terms, 'slug', slugs, { taxonomy });
  }

  /** Find-or-create a term by (taxonomy, slug); an existing term keeps its name. */
  async insertTerm(taxonomy: string, slug: string, name: string): Promise<FoundOrCreated> {
    return this.findOrInsert(
      (current) => this.findTermId(taxonomy, slug, current),
      () => this.db(this.tables.terms).insert({ taxonomy, slug, name }),
      'insert local term',
    );
  }

  /** Find-or-create many terms of one taxonomy (slug → name) in slug order; slug → id. */
  async insertTerms(taxonomy: string, terms: ReadonlyMap<string, string>): Promise<Map<string, number>> {
    return insertLocalTerms(this.db, this.tables.terms, taxonomy, terms);
  }

  /** One value per (term, key), like single term meta in WordPress. */
  async setTermMeta(termId: number, key: string, value: string): Promise<void> {
    await dbCall('write local term meta', async () => {
      const updated = await this.db(this.tables.termMeta).where({ term_id: termId, meta_key: key }).update({ meta_value: value });
      if (updated === 0) await this.db(this.tables.termMeta).insert({ term_id: termId, meta_key: key, meta_value: value });
    });
  }

  async getTermMeta(termId: number, key: string): Promise<string | null> {
    return dbCall('read local term meta', async () => {
      const row = await this.db(this.tables.termMeta).select('meta_value').where({ term_id: termId, meta_key: key }).first();
      return row ? String(row.meta_value) : null;
    });
  }

  async listPostTerms(postId: number, taxonomy?: string): Promise<LocalTermRow[]> {
    return dbCall('list local post terms', async () => {
      const q = this.db(`${this.tables.relationships} as r`)
        .join(`${this.tables.terms} as t`, 't.id', 'r.term_id')
        .select('t.id', 't.taxonomy', 't.slug', 't.name')
        .where('r.post_id', postId)
        .orderBy('r.id');
      if (taxonomy) q.andWhere('t.taxonomy', taxonomy);
      const rows: LocalTermRow[] = await q;
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    });
  }

  /** Makes the post's terms in one taxonomy exactly `termIds` (keeps existing links, adds and removes the difference). */
  async replacePostTerms(postId: number, taxonomy: string, termIds: number[]): Promise<void> {
    const wanted = new Set(termIds);
    const current = (await this.listPostTerms(postId, taxonomy)).map((t) => t.id);
    const stale = current.filter((id) => !wanted.has(id));
    const missing = [...wanted].filter((id) => !current.includes(id));
    await dbCall('replace local post terms', async () => {
      if (stale.length > 0) await this.db(this.tables.relationships).where('post_id', postId).whereIn('term_id', stale).delete();
      if (missing.length > 0) {
        // A concurrent writer may have linked the same term: that is the wanted state.
        await this.db(this.tables.relationships)
          .insert(missing.map((term_id) => ({ post_id: postId, term_id })))
          .onConflict(['post_id', 'term_id'])
          .ignore();
      }
    });
  }

  async findAttachment(filePath: string, current = false): Promise<LocalAttachmentRow | null> {
    return dbCall('find local attachment', async () => {
      const q = this.db(this.tables.attachments).where('file_path', filePath).first();
      const row = await (current ? latest(this.db, q) : q);
      return row ? toAttachment(row) : null;
    });
  }

  /** Attachment ids of many TMDb file paths, in one read. */
  async findAttachmentIds(filePaths: readonly string[]): Promise<Map<string, number>> {
    return idsByKey(this.db, this.tables.attachments, 'file_path', filePaths);
  }

  async findAttachmentByStoredPath(storedPath: string): Promise<LocalAttachmentRow | null> {
    return dbCall('find local attachment', async () => {
      const row = await this.db(this.tables.attachments).where('stored_path', storedPath).first();
      return row ? toAttachment(row) : null;
    });
  }

  /** Find-or-create by file_path. */
  async insertAttachment(attachment: NewLocalAttachment, now = new Date()): Promise<FoundOrCreated> {
    return this.findOrInsert(
      async (current) => (await this.findAttachment(attachment.file_path, current))?.id ?? null,
      () => this.db(this.tables.attachments).insert({ ...attachment, created_at: now }),
      'insert local attachment',
    );
  }

  async countLocalContent(): Promise<LocalContentCounts> {
    return dbCall('count local content', async () => {
      const byType: Array<{ type: string; n: unknown }> = await this.db(this.tables.posts).select('type').count({ n: '*' }).groupBy('type');
      const terms = await this.db(this.tables.terms).count({ n: '*' }).first();
      const attachments = await this.db(this.tables.attachments).count({ n: '*' }).first();
      return {
        posts: Object.fromEntries(byType.map((r) => [r.type, Number(r.n)])),
        terms: Number(terms?.n ?? 0),
        attachments: Number(attachments?.n ?? 0),
      };
    });
  }

  private async findOrInsert(find: (current: boolean) => Promise<number | null>, insert: () => Promise<unknown>, operation: string): Promise<FoundOrCreated> {
    const found = await find(false);
    if (found !== null) return { id: found, created: false };
    try {
      await dbCall(operation, insert);
    } catch (error) {
      // Created concurrently by someone else: theirs wins.
      if (!isUniqueViolation((error as { cause?: unknown }).cause ?? error)) throw error;
      const winner = await find(true);
      if (winner !== null) return { id: winner, created: false };
      throw error;
    }
    const id = await find(false);
    if (id === null) throw new Error(`${operation}: row not found after insert`);
    return { id, created: true };
  }
}

/** Counts of the local stand-in's content: posts by type, terms, attachments. */
export async function countLocalContent(db: Db, prefix: string): Promise<LocalContentCounts> {
  return new LocalContentRepository(db, prefix).countLocalContent();
}

function toAttachment(row: Record<string, unknown>): LocalAttachmentRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(row.id),
    file_path: String(row.file_path),
    post_id: num(row.post_id),
    file_name: String(row.file_name),
    mime_type: String(row.mime_type),
    bytes: Number(row.bytes ?? 0),
    width: num(row.width),
    height: num(row.height),
    alt: row.alt === null || row.alt === undefined ? null : String(row.alt),
    stored_path: String(row.stored_path),
  };
}
