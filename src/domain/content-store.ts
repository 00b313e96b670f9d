/**
 * What a sync needs from WordPress. Two adapters, side by side in
 * src/clients/content-store/: the WordPress REST one and a local one backed by
 * Knex tables (CONTENT_STORE=local: the demo, tests, a site without WordPress
 * yet); src/main.ts picks one from the config. Every create is find-or-create by a natural key, so a
 * re-run never makes a second post, term or attachment.
 */
export type PostType = 'movie' | 'tv' | 'drama' | 'people' | 'season' | 'episode' | 'drama-episode' | 'video';

export type Taxonomy = 'genre' | 'country' | 'language' | 'by-year' | 'keyword' | 'network' | 'channel' | 'nationality';

export interface PostInput {
  type: PostType;
  /** Natural key: TMDb id for titles and people, a composite string for seasons, episodes and videos. */
  key: string;
  title: string;
  content?: string;
  status?: 'publish' | 'draft';
  /** ISO date (Y-m-d) for post_date; only used on create. */
  date?: string;
  /** For season/episode/drama-episode: the parent series post, for the `{parentID}-{title}` slug. */
  parentId?: number;
  tmdbId?: number;
  /** Terms a new post is created with (the store makes the missing ones first); create only. */
  terms?: TermInput[];
  /** A new post carries this sync's success stamp (markSynced with the same time then sends nothing); create only. */
  syncedAt?: Date;
}

export interface PostRef {
  id: number;
  created: boolean;
}

export interface TermInput {
  taxonomy: Taxonomy;
  name: string;
  slug: string;
}

export interface ImageInput {
  /** TMDb file path, e.g. /abc.jpg: the idempotence key of an attachment. */
  filePath: string;
  /** Processed bytes ready to upload. */
  data: Buffer;
  mimeType: string;
  fileName: string;
  alt: string;
  width?: number;
  height?: number;
  /** Sub-sizes made by the sidecar (the store's imageSizes()), so WordPress resizes nothing. */
  sizes?: ImageSizeFile[];
  /** Set instead of bytes (IMAGES=hotlink): the attachment points at TMDb's CDN; `data` is empty. */
  hotlink?: { url: string; base: string };
}

/** A registered image size, as `wp_get_registered_image_subsizes()` reports it (0 = unbounded). */
export interface ImageSizeSpec {
  name: string;
  width: number;
  height: number;
  crop: boolean;
}

/** One sub-size file of an image, named `<base>-<w>x<h>.<ext>` like WordPress names its own. */
export interface ImageSizeFile {
  /** The registered size name (thumbnail, medium, ...). */
  name: string;
  data: Buffer;
  mimeType: string;
  fileName: string;
  width: number;
  height: number;
}

/** Stores one image whose TMDb path the caller already guards (see ContentStore.guardUploads). */
export type ImageUploader = (postId: number, image: ImageInput) => Promise<number>;

export interface StoredPost {
  id: number;
  type: PostType;
  title: string;
  content: string;
  status: string;
}

export interface PrefetchHint {
  posts?: number[];
  keys?: Array<{ type: PostType; key: string }>;
  terms?: TermInput[];
  media?: string[];
  /** Posts whose status alone is wanted (a title's people). */
  statuses?: number[];
}

/** A sync's outcome on its post. */
export interface SyncMark {
  at: Date;
  error: string | null;
  /** TMDb paths of the images WordPress refused; left as they were when unset. */
  skippedImages?: string[];
}

export interface ContentStore {
  /** Find a post by type + natural key, or create it. Never touches title/content of an existing post. */
  findOrCreatePost(input: PostInput): Promise<PostRef>;
  getPost(type: PostType, id: number): Promise<StoredPost | null>;
  updatePost(type: PostType, id: number, fields: { title?: string; content?: string; status?: 'publish' | 'draft' }): Promise<void>;
  /** Replace the post's terms in one taxonomy; missing terms are created by slug. Returns term ids. */
  setTerms(type: PostType, postId: number, taxonomy: Taxonomy, terms: TermInput[]): Promise<number[]>;
  /** Set one term meta value (e.g. a network's `logo` attachment id); the term is found or created by slug. */
  setTermMeta(term: TermInput, key: string, value: number | string): Promise<void>;
  /** Upload an image once per TMDb file path; returns the attachment id. */
  uploadImage(postId: number, image: ImageInput): Promise<number>;
  /**
   * Runs fn while no other sync may upload these TMDb paths, with an uploader that trusts what the
   * guard looked up for all of them at once (one lookup instead of one per image). A store that
   * needs no guard calls fn with null, and uploadImage is used.
   */
  guardUploads<T>(filePaths: string[], fn: (upload: ImageUploader | null) => Promise<T>): Promise<T>;
  /** `filePath`: the image's TMDb path, when planFeaturedImage may have let its upload set it already. */
  setFeaturedImage(type: PostType, postId: number, attachmentId: number, filePath?: string): Promise<void>;
  /** Asks that this path's upload under the post make it the featured image in the same request, where the store can. */
  planFeaturedImage?(postId: number, filePath: string): void;
  /**
   * The sub-sizes the store wants made before upload (WordPress's registered sizes when its plugin
   * takes ready-made sizes); null: make none (the store, or WordPress itself, does without).
   */
  imageSizes?(): Promise<ImageSizeSpec[] | null>;
  /** Whether the store takes `hotlink` images (no file: the attachment points at TMDb's CDN). */
  acceptsHotlinks?(): Promise<boolean>;
  /**
   * Sync status shown in the editor: a success sets tmu_last_synced_at and clears the error; a
   * failure sets tmu_last_error and tmu_last_failed_at and keeps tmu_last_synced_at. A success also
   * lists the images WordPress refused (tmu_skipped_images; empty clears it).
   */
  markSynced(type: PostType, postId: number, status: SyncMark): Promise<void>;
  /** Post id → status for many posts (missing posts are absent); what a session already read costs nothing. */
  postStatuses(ids: number[]): Promise<Map<number, string>>;

  // Many objects at once. A store that talks to WordPress answers each of these in a few requests.
  /** findOrCreatePost for many posts; refs in input order. */
  findOrCreatePosts(inputs: PostInput[]): Promise<PostRef[]>;
  /** Reads many posts ahead of getPost (a hint: a store may ignore it). */
  loadPosts(ids: number[]): Promise<void>;
  /** Creates the missing terms among these ahead of setTerms (a hint: a store may ignore it). */
  ensureTerms(terms: TermInput[]): Promise<void>;
  /** TMDb file path → attachment id for many paths (missing paths are absent). */
  findAttachments(filePaths: string[]): Promise<Map<string, number>>;
  /** Reads ahead, in one go, what the next calls will ask for (a hint: a store may ignore it). */
  prefetch(hint: PrefetchHint): Promise<void>;
  /** Sends the writes the store deferred (title, terms, featured image, sync stamp). */
  flush(): Promise<void>;
  /** Runs fn with its requests ahead of background work in shared queues (a page-stage sync); a store without any just runs it. */
  atPagePriority?<T>(fn: () => Promise<T>): Promise<T>;
}
