/**
 * The local stand-in for WordPress (demo, tests): posts, terms and attachments
 * in `${prefix}tmu_local_*` tables, uploaded bytes in `uploadsDir`. Every create
 * is find-or-create by a natural key, so a re-run never makes a second post,
 * term or attachment. Slugs follow the legacy TMU rule: `{ID}-{title}`, and
 * `{parentID}-{title}` for seasons, episodes and drama episodes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import { NotFoundError, ValidationError } from '../../errors';
import { textSlug } from '../../mappers/tmdb-text.mapper';
import type { LocalContentCounts, LocalContentRepository } from '../../repositories/local-content.repository';
import type { ContentStore, ImageInput, ImageUploader, PostInput, PostRef, PostType, StoredPost, SyncMark, Taxonomy, TermInput } from '../../domain/content-store';

/** Post types whose slug starts with the parent series/drama ID instead of their own. */
const CHILD_TYPES: ReadonlySet<PostType> = new Set(['season', 'episode', 'drama-episode']);

/** The legacy TMU slug of a post. */
export function legacySlug(type: PostType, id: number, title: string, parentId?: number | null): string {
  const base = CHILD_TYPES.has(type) && parentId ? parentId : id;
  const rest = textSlug(title);
  return rest ? `${base}-${rest}` : String(base);
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

export class LocalContentStore implements ContentStore {
  constructor(
    private readonly repo: LocalContentRepository,
    readonly uploadsDir: string,
  ) {}

  /** The same store writing through a transaction (rolled back with it; files already written stay and are reused). */
  forTransaction(trx: Knex.Transaction): LocalContentStore {
    return new LocalContentStore(this.repo.forTransaction(trx), this.uploadsDir);
  }

  async findOrCreatePost(input: PostInput): Promise<PostRef> {
    if (!input.key) throw new ValidationError('A post needs a natural key', { field: 'key' });
    const ref = await this.repo.insertPost(this.newPost(input));
    if (ref.created) {
      await this.repo.updatePost(ref.id, { slug: legacySlug(input.type, ref.id, input.title, input.parentId) });
    }
    return ref;
  }

  async getPost(_type: PostType, id: number): Promise<StoredPost | null> {
    const row = await this.repo.getPost(id);
    if (!row) return null;
    return { id: row.id, type: row.type as PostType, title: row.title ?? '', content: row.content ?? '', status: row.status ?? 'publish' };
  }

  /** Like WordPress's legacy save_post hook: a new title re-derives the slug. */
  async updatePost(_type: PostType, id: number, fields: { title?: string; content?: string; status?: 'publish' | 'draft' }): Promise<void> {
    const row = await this.repo.getPost(id);
    // Retryable: a post created by a concurrent job is the one way this happens in a sync.
    if (!row) throw new NotFoundError(`Local post ${id} does not exist`, { retryable: true });
    const changes: { title?: string; content?: string; status?: string; slug?: string } = {};
    if (fields.title !== undefined && fields.title !== row.title) {
      changes.title = fields.title;
      changes.slug = legacySlug(row.type as PostType, id, fields.title, row.parent_id);
    }
    if (fields.content !== undefined && fields.content !== row.content) changes.content = fields.content;
    if (fields.status !== undefined && fields.status !== row.status) changes.status = fields.status;
    await this.repo.updatePost(id, changes);
  }

  async setTerms(_type: PostType, postId: number, taxonomy: Taxonomy, terms: TermInput[]): Promise<number[]> {
    const wanted = new Map<string, string>();
    for (const term of terms) {
      const slug = term.slug || textSlug(term.name);
      if (slug && !wanted.has(slug)) wanted.set(slug, term.name);
    }
    // One read for the terms that exist; the new ones in one insert, in slug order (no deadlock between titles).
    const found = await this.repo.findTermIds(taxonomy, [...wanted.keys()]);
    const created = await this.repo.insertTerms(taxonomy, new Map([...wanted].filter(([slug]) => !found.has(slug))));
    const ids = [...wanted.keys()].map((slug) => found.get(slug) ?? created.get(slug));
    if (ids.some((id) => id === undefined)) throw new NotFoundError(`Local ${taxonomy} terms not found after their insert`, { retryable: true });
    await this.repo.replacePostTerms(postId, taxonomy, ids as number[]);
    return ids as number[];
  }

  async setTermMeta(term: TermInput, key: string, value: number | string): Promise<void> {
    const slug = term.slug || textSlug(term.name);
    if (!slug) throw new ValidationError('A term needs a slug or a name', { field: 'slug' });
    const { id } = await this.repo.insertTerm(term.taxonomy, slug, term.name);
    await this.repo.setTermMeta(id, key, String(value));
  }

  /** A term meta value, or null. Not part of ContentStore: for the demo and tests. */
  async getTermMeta(taxonomy: Taxonomy, slug: string, key: string): Promise<string | null> {
    const id = await this.repo.findTermId(taxonomy, slug);
    return id === null ? null : this.repo.getTermMeta(id, key);
  }

  /** The post's terms (all taxonomies, or one). Not part of ContentStore: for the demo and tests. */
  async getTerms(postId: number, taxonomy?: Taxonomy): Promise<Array<{ id: number; taxonomy: string; slug: string; name: string }>> {
    return this.repo.listPostTerms(postId, taxonomy);
  }

  /** One path's attachment, or null. Not part of ContentStore (findAttachments is): for tests. */
  async findAttachment(filePath: string): Promise<number | null> {
    return (await this.repo.findAttachment(filePath))?.id ?? null;
  }

  /** Once per TMDb file path: an image already stored returns its attachment, and no file is written. */
  async uploadImage(postId: number, image: ImageInput): Promise<number> {
    if (!image.filePath) throw new ValidationError('An image needs its TMDb file path', { field: 'filePath' });
    const existing = await this.repo.findAttachment(image.filePath);
    if (existing) return existing.id;
    const storedPath = await this.storedName(image);
    await this.writeFileAtomically(storedPath, image.data);
    const ref = await this.repo.insertAttachment({
      file_path: image.filePath,
      post_id: postId,
      file_name: image.fileName || path.basename(image.filePath),
      mime_type: image.mimeType,
      bytes: image.data.length,
      width: image.width ?? null,
      height: image.height ?? null,
      alt: image.alt ?? null,
      stored_path: storedPath,
    });
    return ref.id;
  }

  async setFeaturedImage(_type: PostType, postId: number, attachmentId: number): Promise<void> {
    await this.repo.updatePost(postId, { featured_image_id: attachmentId });
  }

  async markSynced(_type: PostType, postId: number, status: SyncMark): Promise<void> {
    // A failure leaves synced_at at the last success.
    await this.repo.updatePost(postId, status.error === null ? { synced_at: status.at, sync_error: null } : { sync_error: status.error });
  }

  async postStatuses(ids: number[]): Promise<Map<number, string>> {
    return this.repo.findStatuses(ids);
  }

  /** Reads all of them at once and creates the missing ones in one insert; one by one only after a race. */
  async findOrCreatePosts(inputs: PostInput[]): Promise<PostRef[]> {
    const refs = new Map<string, PostRef>();
    for (const [type, group] of groupBy(inputs, (i) => i.type)) {
      const keyed = group.filter((i) => i.key);
      const found = await this.repo.findPostIds(
        type,
        keyed.map((i) => i.key),
      );
      for (const [key, id] of found) refs.set(`${type}\u0000${key}`, { id, created: false });
      const missing = [...new Map(keyed.filter((i) => !found.has(i.key)).map((i) => [i.key, i])).values()];
      const created = await this.repo.insertPosts(
        type,
        missing.map((input) => this.newPost(input)),
      );
      if (created === null) continue; // raced: the loop below finds or creates each
      const slugs = new Map<number, string>();
      for (const input of missing) {
        const id = created.get(input.key);
        if (id === undefined) continue;
        refs.set(`${type}\u0000${input.key}`, { id, created: true });
        slugs.set(id, legacySlug(input.type, id, input.title, input.parentId));
      }
      await this.repo.setSlugs(slugs);
    }
    const out: PostRef[] = [];
    const given = new Set<string>();
    for (const input of inputs) {
      const k = `${input.type}\u0000${input.key}`;
      const ref = refs.get(k);
      // A key listed twice is created once: the second mention finds it.
      out.push(ref ? (given.has(k) ? { id: ref.id, created: false } : ref) : await this.findOrCreatePost(input));
      given.add(k);
    }
    return out;
  }

  async findAttachments(filePaths: string[]): Promise<Map<string, number>> {
    return this.repo.findAttachmentIds(filePaths);
  }

  /** Nothing to guard: uploadImage looks each path up inside the sync's transaction. */
  guardUploads<T>(_filePaths: string[], fn: (upload: ImageUploader | null) => Promise<T>): Promise<T> {
    return fn(null);
  }

  // Local writes are immediate: nothing to read ahead or to flush.
  async loadPosts(): Promise<void> {}

  async ensureTerms(): Promise<void> {}

  async prefetch(): Promise<void> {}

  async flush(): Promise<void> {}

  async countLocalContent(): Promise<LocalContentCounts> {
    return this.repo.countLocalContent();
  }

  private newPost(input: PostInput) {
    return {
      type: input.type,
      natural_key: input.key,
      title: input.title,
      content: input.content ?? '',
      status: input.status ?? 'publish',
      post_date: input.date ?? new Date().toISOString().slice(0, 10),
      parent_id: input.parentId ?? null,
      tmdb_id: input.tmdbId ?? null,
    };
  }

  /** Absolute path of a stored attachment file. */
  resolveUpload(storedPath: string): string {
    return path.join(this.uploadsDir, storedPath);
  }

  /**
   * A file name derived only from the image (so a retry after a rollback
   * rewrites the same file), made unique against other file paths.
   */
  private async storedName(image: ImageInput): Promise<string> {
    const raw = image.fileName || path.basename(image.filePath);
    const ext = path
      .extname(raw)
      .toLowerCase()
      .replace(/[^.a-z0-9]/g, '');
    const stem = path
      .basename(raw, path.extname(raw))
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '');
    const hash = createHash('sha1').update(image.filePath).digest('hex').slice(0, 8);
    const name = `${stem || hash}${ext}`;
    const taken = await this.repo.findAttachmentByStoredPath(name);
    return taken && taken.file_path !== image.filePath ? `${stem || 'image'}-${hash}${ext}` : name;
  }

  private async writeFileAtomically(storedPath: string, data: Buffer): Promise<void> {
    const target = this.resolveUpload(storedPath);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, data);
      await rename(tmp, target);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }
}
