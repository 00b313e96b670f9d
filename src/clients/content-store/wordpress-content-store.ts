// Two statements: one would be wrapped to a line per name.
import type { ContentStore, ImageInput, ImageSizeSpec, ImageUploader, PostInput, PostRef, PostType } from '../../domain/content-store';
import type { PrefetchHint, StoredPost, SyncMark, Taxonomy, TermInput } from '../../domain/content-store';
import type { WordPressSiteState } from '../wordpress/wordpress-site-state';
import { RESOLVE_CHUNK } from '../wordpress/wordpress-site-state';
import type { ResolveAnswer, WpPostState } from '../wordpress/wordpress.types';
import { syncedMeta, toState } from '../wordpress/wordpress-post-body';
import { createPostsOnce, createPostsSerialized, MadePost } from '../wordpress/wordpress-post-creates';
import { groupBy, groupKeys, mergePatch, patchRequests, PostPatch, sameSet } from '../wordpress/wordpress-store-helpers';

const TITLE_TYPES: ReadonlySet<PostType> = new Set(['movie', 'tv', 'drama', 'people']);

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
  private readonly patches = new Map<number, PostPatch>();
  private readonly termPatches = new Map<string, Record<string, unknown>>();
  /** TMDb paths this session looked up (found or not): its image step does not ask for them again. */
  private readonly lookedUpMedia = new Set<string>();

  constructor(
    private readonly objects: WordPressSiteState,
    private readonly options: { autoFlush?: boolean } = {},
  ) {}

  atPagePriority<T>(fn: () => Promise<T>): Promise<T> {
    return this.objects.priority.run('page', fn);
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
      terms: [
        ...groupBy(
          terms,
          (t) => t.taxonomy,
          (t) => t.slug,
        ),
      ].map(([taxonomy, slugs]) => ({ taxonomy, slugs })),
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

  /** Natural key → post id for many keys of one type (missing keys are absent). */
  private async findPosts(type: PostType, keys: string[]): Promise<Map<string, number>> {
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
    for (const [type, group] of groupBy(
      inputs,
      (i) => i.type,
      (i) => i,
    )) {
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
    // What the post has already (a post just created holds the text it was created with) is not sent again.
    const changed = Object.fromEntries(Object.entries(fields).filter(([field, value]) => value !== undefined && view?.[field as keyof typeof fields] !== value));
    if (Object.keys(changed).length === 0) return;
    if (view) Object.assign(view, changed);
    if (fields.status !== undefined && !this.options.autoFlush) this.statuses.set(id, fields.status);
    await this.patch(type, id, changed);
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

  /** The poster's upload (when the plugin takes it in a batch) sets it as the featured image itself. */
  planFeaturedImage(postId: number, filePath: string): void {
    this.objects.media.wantFeatured(postId, filePath);
  }

  async setFeaturedImage(type: PostType, postId: number, attachmentId: number, filePath?: string): Promise<void> {
    const setByUpload = filePath !== undefined && this.objects.media.takeFeatured(postId, filePath, attachmentId);
    const view = setByUpload ? this.views.get(postId) : await this.view(postId);
    if (setByUpload) {
      if (view) view.featured_media = attachmentId;
      return;
    }
    if (view?.featured_media === attachmentId) return;
    if (view) view.featured_media = attachmentId;
    await this.patch(type, postId, { featured_media: attachmentId });
  }

  async markSynced(type: PostType, postId: number, status: SyncMark): Promise<void> {
    // A failure keeps the last successful time: the editor shows both, never the failure as "synced".
    const meta = syncedMeta(status);
    // A post created with this stamp (its create's answer) has it already.
    const view = this.views.get(postId);
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- post meta values are scalars
    if (view && Object.entries(meta).every(([key, value]) => String(view.meta[key] ?? '') === value)) return;
    if (view) Object.assign(view.meta, meta);
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

  /** One PUT per changed post, in as few /batch/v1 requests as WordPress allows. */
  async flush(): Promise<void> {
    const patches = [...this.patches];
    const termPatches = [...this.termPatches];
    this.patches.clear();
    this.termPatches.clear();
    await this.objects.writer.writeAll(patchRequests(patches, termPatches));
  }

  private async patch(type: PostType, id: number, body: Record<string, unknown>): Promise<void> {
    this.patches.set(id, { type, body: mergePatch(this.patches.get(id)?.body ?? {}, body) });
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
