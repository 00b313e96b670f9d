import type { Logger } from 'pino';
import type {
  ContentStore,
  ImageInput,
  PostInput,
  PostRef,
  PostType,
  StoredPost,
  Taxonomy,
  TermInput,
} from '../../services/content-store/content-store';
import { WordPressError } from '../../errors';
import type { WordPressClient, WpPost } from './wordpress.client';
import type { ObjectRunner } from '../../services/sync/sync-deps';

const TITLE_TYPES: ReadonlySet<PostType> = new Set(['movie', 'tv', 'drama', 'people']);

/**
 * The content store on a real WordPress, through the plugin's REST additions:
 * posts are found by meta `tmdb_id` (titles, people) or `tmu_key` (seasons,
 * episodes, videos), attachments by `tmdb_file_path`, terms by slug. Creates of
 * the same key are serialized, in this process and (with `crossProcess`, the
 * database's object locks) across sidecars, so two titles sharing an actor
 * never make two people posts.
 */
export class WordPressContentStore implements ContentStore {
  private readonly termIds = new Map<string, number>();
  private readonly attachmentIds = new Map<string, number>();
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    private readonly wp: WordPressClient,
    private readonly logger: Logger,
    private readonly crossProcess?: ObjectRunner,
  ) {}

  async findPost(type: PostType, key: string): Promise<number | null> {
    const params: Record<string, string | number> = TITLE_TYPES.has(type) ? { tmdb_id: Number(key) } : { tmu_key: key };
    const found = await this.wp.listPosts(type, { ...params, per_page: 2, orderby: 'id', order: 'asc' });
    if (found.length > 1) this.logger.warn({ type, key, ids: found.map((p) => p.id) }, 'more than one post has this key; using the oldest');
    return found[0]?.id ?? null;
  }

  findOrCreatePost(input: PostInput): Promise<PostRef> {
    return this.once(`post:${input.type}:${input.key}`, async () => {
      const existing = await this.findPost(input.type, input.key);
      if (existing !== null) return { id: existing, created: false };
      const meta: Record<string, unknown> = { tmu_key: input.key };
      if (input.tmdbId !== undefined) meta.tmdb_id = input.tmdbId;
      if (input.parentId !== undefined) meta.tmu_parent_id = input.parentId;
      const post = await this.wp.createPost(input.type, {
        title: input.title,
        content: input.content ?? '',
        status: input.status ?? 'publish',
        ...(input.date && input.date <= new Date().toISOString().slice(0, 10) ? { date: `${input.date}T12:00:00` } : {}),
        meta,
      });
      return { id: post.id, created: true };
    });
  }

  async getPost(type: PostType, id: number): Promise<StoredPost | null> {
    const post = await this.wp.getPost(type, id);
    return post ? toStoredPost(type, post) : null;
  }

  async updatePost(type: PostType, id: number, fields: { title?: string; content?: string; status?: 'publish' | 'draft' }): Promise<void> {
    await this.wp.updatePost(type, id, fields);
  }

  async setTerms(type: PostType, postId: number, taxonomy: Taxonomy, terms: TermInput[]): Promise<number[]> {
    const ids: number[] = [];
    for (const term of terms) ids.push(await this.termId(taxonomy, term));
    const post = await this.wp.getPost(type, postId);
    const current = Array.isArray(post?.[taxonomy]) ? (post![taxonomy] as number[]) : [];
    if (!sameSet(current, ids)) await this.wp.updatePost(type, postId, { [taxonomy]: ids });
    return ids;
  }

  /** Term meta through the term's REST route (the plugin registers `logo` with show_in_rest). */
  async setTermMeta(term: TermInput, key: string, value: number | string): Promise<void> {
    const id = await this.termId(term.taxonomy, term);
    await this.wp.updateTerm(term.taxonomy, id, { meta: { [key]: value } });
  }

  async findAttachment(filePath: string): Promise<number | null> {
    const cached = this.attachmentIds.get(filePath);
    if (cached !== undefined) return cached;
    const found = await this.wp.findMedia(filePath);
    if (found[0]) this.attachmentIds.set(filePath, found[0].id);
    return found[0]?.id ?? null;
  }

  uploadImage(postId: number, image: ImageInput): Promise<number> {
    return this.once(`media:${image.filePath}`, async () => {
      const existing = await this.findAttachment(image.filePath);
      if (existing !== null) return existing;
      const media = await this.wp.uploadMedia(
        { data: image.data, fileName: image.fileName, mimeType: image.mimeType },
        { post: postId, alt_text: image.alt, title: image.alt, meta: { tmdb_file_path: image.filePath } },
      );
      this.attachmentIds.set(image.filePath, media.id);
      return media.id;
    });
  }

  async setFeaturedImage(type: PostType, postId: number, attachmentId: number): Promise<void> {
    const post = await this.wp.getPost(type, postId);
    if (post?.featured_media !== attachmentId) await this.wp.updatePost(type, postId, { featured_media: attachmentId });
  }

  async markSynced(type: PostType, postId: number, status: { at: Date; error: string | null }): Promise<void> {
    await this.wp.updatePost(type, postId, {
      meta: { tmu_last_synced_at: status.at.toISOString(), tmu_last_error: status.error ?? '' },
    });
  }

  async deletePost(type: PostType, id: number): Promise<void> {
    await this.wp.deletePost(type, id);
  }

  private async termId(taxonomy: Taxonomy, term: TermInput): Promise<number> {
    const cacheKey = `${taxonomy}:${term.slug}`;
    const cached = this.termIds.get(cacheKey);
    if (cached !== undefined) return cached;
    return this.once(`term:${cacheKey}`, async () => {
      const found = (await this.wp.findTerms(taxonomy, term.slug)).find((t) => t.slug === term.slug);
      let id = found?.id;
      if (id === undefined) {
        try {
          id = (await this.wp.createTerm(taxonomy, term.name, term.slug)).id;
        } catch (error) {
          // Created meanwhile by someone else: WordPress answers term_exists with the id.
          const existing = (error as WordPressError).cause as { term_id?: number } | undefined;
          if (!existing?.term_id) throw error;
          id = existing.term_id;
        }
      }
      this.termIds.set(cacheKey, id);
      return id;
    });
  }

  /** Runs `fn` once at a time per key: in this process, and across processes when crossProcess is set. */
  private once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.pending.get(key) ?? Promise.resolve();
    const locked = this.crossProcess ? () => this.crossProcess!.run(key, fn) : fn;
    const next = previous.catch(() => undefined).then(locked);
    this.pending.set(key, next);
    void next.finally(() => {
      if (this.pending.get(key) === next) this.pending.delete(key);
    }).catch(() => undefined);
    return next;
  }
}

function toStoredPost(type: PostType, post: WpPost): StoredPost {
  return {
    id: post.id,
    type,
    title: post.title.raw ?? post.title.rendered ?? '',
    content: post.content.raw ?? post.content.rendered ?? '',
    status: post.status,
  };
}

function sameSet(a: number[], b: number[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}
