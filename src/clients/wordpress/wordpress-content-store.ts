import type {
  ContentStore,
  ImageInput,
  ImageSizeSpec,
  ImageUploader,
  PostInput,
  PostRef,
  PostType,
  PrefetchHint,
  StoredPost,
  SyncMark,
  Taxonomy,
  TermInput,
} from '../../domain/content-store';
import { WordPressError } from '../../errors';
import type { WordPressObjects } from './wordpress-objects';
import { RESOLVE_CHUNK } from './wordpress-objects';
import type { ResolveAnswer, WpPost, WpPostState } from './wordpress.types';
import { toState } from './wordpress-post-body';
import { createPostsOnce, createPostsSerialized, MadePost, UPDATE_FIELDS } from './wordpress-post-creates';
import { groupBy, groupKeys, sameSet } from './wordpress-store-helpers';

const TITLE_TYPES: ReadonlySet<PostType> = new Set(['movie', 'tv', 'drama', 'people']);

interface Patch {
  type: PostType;
  body: Record<string, unknown>;
}

/**
 * The content store on a real WordPress. Reads go through the plugin's
 * `tmu/v1/resolve` (many keys per request); creates and updates through
 * `/batch/v1`. One instance is one sync's session: it remembers the posts it
 * read and defers post updates (text, terms, featured image, sync stamp) into
 * one write per post, sent by flush(). With `autoFlush` (the process-wide
 * store) every write goes out at once and nothing about posts is remembered.
 */
export class WordPressContentStore implements ContentStore {
  private readonly views = new Map<number, WpPostState>();
  private readonly keyIds = new Map<string, number>();
  /** `type:key`s this session looked up and did not find: created without asking again. */
  private readonly absentKeys = new Set<string>();
  private readonly statuses = new Map<number, string>();
  private readonly patches = new Map<number, Patch>();
  private readonly termPatches = new Map<string, Record<string, unknown>>();
  /** TMDb paths this session looked up (found or not): its image step does not ask for them again. */
  private readonly lookedUpMedia = new Set<string>();

  constructor(
    private readonly objects: WordPressObjects,
    private readonly options: { autoFlush?: boolean } = {},
  ) {}

  /** A fresh session sharing this process's caches. */
  session(): WordPressContentStore {
    return new WordPressContentStore(this.objects);
  }

  async prefetch(hint: PrefetchHint): Promise<void> {
    const session = !this.options.autoFlush;
    const posts = session ? (hint.posts ?? []).filter((id) => !this.views.has(id)) : [];
    const keys = session ? (hint.keys ?? []).filter((k) => !this.keyIds.has(`${k.type}:${k.key}`) && !this.absentKeys.has(`${k.type}:${k.key}`)) : [];
    const terms = (hint.terms ?? []).filter((t) => t.slug && this.objects.termId(t) === undefined);
    const media = [...new Set(hint.media ?? [])].filter((p) => this.objects.attachmentId(p) === undefined && !(session && this.lookedUpMedia.has(p)));
    const statuses = session ? [...new Set(hint.statuses ?? [])].filter((id) => !this.statuses.has(id) && !this.views.has(id)) : [];
    if (posts.length + keys.length + terms.length + media.length + statuses.length === 0) return;
    const grouped = groupKeys(keys);
    const answer = await this.objects.resolve({
      posts: posts.slice(0, RESOLVE_CHUNK),
      tmdbIds: grouped.filter((g) => TITLE_TYPES.has(g.type)),
      keys: grouped.filter((g) => !TITLE_TYPES.has(g.type)),
      terms: [...groupBy(terms, (t) => t.taxonomy, (t) => t.slug)].map(([taxonomy, slugs]) => ({ taxonomy, slugs })),
      media: media.slice(0, RESOLVE_CHUNK),
      ...(statuses.length > 0 ? { statuses: statuses.slice(0, RESOLVE_CHUNK) } : {}),
    });
    if (!session) return;
    for (const filePath of media.slice(0, RESOLVE_CHUNK)) this.lookedUpMedia.add(filePath);
    this.rememberStatuses(answer);
    for (const state of answer.posts ?? []) this.views.set(state.id, state);
    for (const group of grouped) {
      const found = (TITLE_TYPES.has(group.type) ? answer.tmdb_ids : answer.keys)?.[group.type] ?? {};
      for (const key of group.keys) this.rememberKey(group.type, key, found[key]);
    }
  }

  private rememberKey(type: PostType, key: string, id: number | undefined): void {
    this.forgetKey(type, key);
    if (id === undefined) this.absentKeys.add(`${type}:${key}`);
    else this.keyIds.set(`${type}:${key}`, Number(id));
  }

  async findPost(type: PostType, key: string): Promise<number | null> {
    return (await this.findPosts(type, [key])).get(key) ?? null;
  }

  async findPosts(type: PostType, keys: string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    const missing = [...new Set(keys)].filter((k) => !this.keyIds.has(`${type}:${k}`));
    for (let i = 0; i < missing.length; i += RESOLVE_CHUNK) {
      const part = missing.slice(i, i + RESOLVE_CHUNK);
      const group = [{ type, keys: part }];
      const answer = await this.objects.resolve(TITLE_TYPES.has(type) ? { tmdbIds: group } : { keys: group });
      const ids = (TITLE_TYPES.has(type) ? answer.tmdb_ids : answer.keys)?.[type] ?? {};
      if (!this.options.autoFlush) this.rememberStatuses(answer);
      for (const key of part) if (ids[key] !== undefined) found.set(key, Number(ids[key]));
      if (!this.options.autoFlush) for (const key of part) if (ids[key] === undefined) this.absentKeys.add(`${type}:${key}`);
    }
    for (const key of keys) {
      const known = this.keyIds.get(`${type}:${key}`);
      if (known !== undefined) found.set(key, known);
    }
    if (!this.options.autoFlush) for (const [key, id] of found) this.keyIds.set(`${type}:${key}`, id);
    return found;
  }

  async findOrCreatePost(input: PostInput): Promise<PostRef> {
    return (await this.findOrCreatePosts([input]))[0];
  }

  /**
   * Finds every key in one read, then creates the missing posts in batches. With idempotent creates a
   * key this session looked up is not asked again and a create joins another sync's create of its key;
   * with an older plugin creates of a type are serialized (process and MySQL locks) and keys read again.
   */
  async findOrCreatePosts(inputs: PostInput[]): Promise<PostRef[]> {
    const refs = new Map<string, PostRef>();
    const shared = this.objects.idempotentCreates();
    for (const [type, group] of groupBy(inputs, (i) => i.type, (i) => i)) {
      const findAndCreate = async () => {
        if (!shared) for (const key of group.map((i) => i.key)) this.forgetKey(type, key);
        const keys = group.map((i) => i.key);
        const found = await this.findPosts(type, shared ? keys.filter((k) => !this.absentKeys.has(`${type}:${k}`)) : keys);
        const missing = [...new Map(group.filter((i) => !found.has(i.key)).map((i) => [i.key, i])).values()];
        const made = shared ? await createPostsOnce(this.objects, type, missing) : await createPostsSerialized(this.objects, type, missing);
        for (const [key, post] of made) this.rememberMade(type, key, post, refs);
        for (const [key, id] of found) refs.set(`${type}:${key}`, { id, created: false });
      };
      await (shared ? findAndCreate() : this.objects.once([`create:${type}`], findAndCreate));
    }
    return inputs.map((input) => refs.get(`${input.type}:${input.key}`)!);
  }

  private rememberMade(type: PostType, key: string, made: MadePost, refs: Map<string, PostRef>): void {
    refs.set(`${type}:${key}`, { id: made.id, created: made.created });
    if (this.options.autoFlush) return;
    if (made.post) {
      this.views.set(made.id, toState(type, made.post));
      this.statuses.set(made.id, made.post.status);
    }
    this.rememberKey(type, key, made.id);
  }

  private forgetKey(type: PostType, key: string): void {
    for (const set of [this.keyIds, this.absentKeys]) set.delete(`${type}:${key}`);
  }

  async loadPosts(ids: number[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.views.has(id));
    for (let i = 0; i < missing.length; i += RESOLVE_CHUNK) await this.prefetch({ posts: missing.slice(i, i + RESOLVE_CHUNK) });
  }

  async getPost(type: PostType, id: number): Promise<StoredPost | null> {
    const view = await this.view(id);
    if (!view) return null;
    return { id, type, title: view.title, content: view.content, status: view.status };
  }

  async updatePost(type: PostType, id: number, fields: { title?: string; content?: string; status?: 'publish' | 'draft' }): Promise<void> {
    const view = this.views.get(id);
    if (view) Object.assign(view, fields);
    if (fields.status !== undefined && !this.options.autoFlush) this.statuses.set(id, fields.status);
    await this.patch(type, id, fields);
  }

  async ensureTerms(terms: TermInput[]): Promise<void> {
    await this.objects.ensureTerms(terms);
  }

  async setTerms(type: PostType, postId: number, taxonomy: Taxonomy, terms: TermInput[]): Promise<number[]> {
    await this.objects.ensureTerms(terms);
    const ids = this.objects.termIdsOf(terms);
    const view = await this.view(postId);
    if (!view || !sameSet(view.terms[taxonomy] ?? [], ids)) {
      if (view) view.terms[taxonomy] = ids;
      await this.patch(type, postId, { [taxonomy]: ids });
    }
    return ids;
  }

  /** Term meta through the term's REST route (the plugin registers `logo` with show_in_rest); sent with flush(). */
  async setTermMeta(term: TermInput, key: string, value: number | string): Promise<void> {
    await this.objects.ensureTerms([term]);
    const [id] = this.objects.termIdsOf([term]);
    const path = `/wp/v2/${term.taxonomy}/${id}`;
    const current = this.termPatches.get(path) ?? {};
    this.termPatches.set(path, { ...current, [key]: value });
    if (this.options.autoFlush) await this.flush();
  }

  async findAttachments(filePaths: string[]): Promise<Map<string, number>> {
    await this.prefetch({ media: filePaths });
    const found = new Map<string, number>();
    for (const filePath of filePaths) {
      const id = this.objects.attachmentId(filePath);
      if (id !== undefined) found.set(filePath, id);
    }
    return found;
  }

  uploadImage(postId: number, image: ImageInput): Promise<number> {
    return this.objects.guardMedia([image.filePath], (upload) => upload(postId, image));
  }

  guardUploads<T>(filePaths: string[], fn: (upload: ImageUploader | null) => Promise<T>): Promise<T> {
    return this.objects.guardMedia(filePaths, fn);
  }

  /** The sizes the plugin takes ready-made (its host report; one lookup when none was read yet), or null. */
  async imageSizes(): Promise<ImageSizeSpec[] | null> {
    if (!this.objects.media.hostKnown()) await this.objects.resolve({});
    return this.objects.media.imageSizes();
  }

  async acceptsHotlinks(): Promise<boolean> {
    if (!this.objects.media.hostKnown()) await this.objects.resolve({});
    return this.objects.media.acceptsHotlinks();
  }

  async setFeaturedImage(type: PostType, postId: number, attachmentId: number): Promise<void> {
    const view = await this.view(postId);
    if (view?.featured_media === attachmentId) return;
    if (view) view.featured_media = attachmentId;
    await this.patch(type, postId, { featured_media: attachmentId });
  }

  async markSynced(type: PostType, postId: number, status: SyncMark): Promise<void> {
    const at = status.at.toISOString();
    // A failure keeps the last successful time: the editor shows both, never the failure as "synced".
    const meta: Record<string, string> =
      status.error === null ? { tmu_last_synced_at: at, tmu_last_error: '', tmu_last_failed_at: '' } : { tmu_last_error: status.error, tmu_last_failed_at: at };
    if (status.skippedImages) meta.tmu_skipped_images = status.skippedImages.join(' ');
    await this.patch(type, postId, { meta });
  }

  /** Statuses this session read with other lookups are free; the rest come in one resolve request per RESOLVE_CHUNK posts. */
  async postStatuses(ids: number[]): Promise<Map<number, string>> {
    const known = (id: number) => this.views.get(id)?.status ?? this.statuses.get(id);
    const found = new Map<number, string>();
    const missing = [...new Set(ids)].filter((id) => known(id) === undefined);
    for (let i = 0; i < missing.length; i += RESOLVE_CHUNK) {
      const answer = await this.objects.resolve({ statuses: missing.slice(i, i + RESOLVE_CHUNK) });
      for (const [id, status] of Object.entries(answer.statuses ?? {})) found.set(Number(id), status);
      if (!this.options.autoFlush) this.rememberStatuses(answer);
    }
    for (const id of ids) {
      const status = known(id);
      if (status !== undefined) found.set(id, status);
    }
    return found;
  }

  async deletePost(type: PostType, id: number): Promise<void> {
    this.patches.delete(id);
    this.views.delete(id);
    await this.objects.wp.deletePost(type, id);
  }

  /** One PUT per changed post, in as few /batch/v1 requests as WordPress allows. */
  async flush(): Promise<void> {
    const patches = [...this.patches];
    const termPatches = [...this.termPatches];
    this.patches.clear();
    this.termPatches.clear();
    await this.objects.writer.writeAll([
      ...patches.map(([id, p]) => ({ method: 'PUT' as const, path: `/wp/v2/${p.type}/${id}`, body: { ...p.body, _fields: UPDATE_FIELDS } })),
      ...termPatches.map(([path, meta]) => ({ method: 'PUT' as const, path, body: { meta, _fields: UPDATE_FIELDS } })),
    ]);
  }

  private async patch(type: PostType, id: number, body: Record<string, unknown>): Promise<void> {
    const current = this.patches.get(id)?.body ?? {};
    const meta = { ...(current.meta as object | undefined), ...(body.meta as object | undefined) };
    this.patches.set(id, { type, body: { ...current, ...body, ...(Object.keys(meta).length > 0 ? { meta } : {}) } });
    if (this.options.autoFlush) await this.flush();
  }

  private rememberStatuses(answer: ResolveAnswer): void {
    for (const [id, status] of Object.entries(answer.statuses ?? {})) this.statuses.set(Number(id), status);
  }

  private async view(id: number): Promise<WpPostState | null> {
    if (!this.views.has(id)) {
      const answer = await this.objects.resolve({ posts: [id] });
      const state = answer.posts?.[0];
      if (!state) return null;
      if (this.options.autoFlush) return state;
      this.views.set(id, state);
    }
    return this.views.get(id) ?? null;
  }
}
