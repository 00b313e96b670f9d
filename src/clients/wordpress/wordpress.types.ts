/** Shapes of the WordPress REST answers the sidecar reads. */
export interface WpPost {
  id: number;
  type: string;
  status: string;
  title: { raw?: string; rendered?: string };
  content: { raw?: string; rendered?: string };
  featured_media?: number;
  meta?: Record<string, unknown>;
  [taxonomy: string]: unknown;
}

export interface WpTerm {
  id: number;
  name: string;
  slug: string;
}

export interface WpMedia {
  id: number;
  source_url?: string;
  mime_type?: string;
  media_details?: { width?: number; height?: number; file?: string };
}

/** One write inside a `/batch/v1` request. */
export interface BatchRequest {
  method: 'POST' | 'PUT' | 'DELETE';
  /** A REST route such as `/wp/v2/people` or `/wp/v2/movie/12`. */
  path: string;
  body?: Record<string, unknown>;
}

export interface BatchResponse {
  status: number;
  body: unknown;
  /** The item's headers (a repeated keyed create carries `X-TMU-Existing`). */
  headers?: Record<string, string>;
}

/** What `tmu/v1/resolve` is asked: natural keys per type, post states, term slugs, TMDb file paths. */
export interface ResolveQuery {
  tmdbIds?: Array<{ type: string; keys: string[] }>;
  keys?: Array<{ type: string; keys: string[] }>;
  posts?: number[];
  terms?: Array<{ taxonomy: string; slugs: string[] }>;
  media?: string[];
  /** Posts whose status alone is wanted. */
  statuses?: number[];
}

/** The editable state of a post, as `tmu/v1/resolve` reports it. */
export interface WpPostState {
  id: number;
  type: string;
  status: string;
  title: string;
  content: string;
  featured_media: number;
  terms: Record<string, number[]>;
  meta: Record<string, unknown>;
}

export interface ResolveAnswer {
  tmdb_ids: Record<string, Record<string, number>>;
  keys: Record<string, Record<string, number>>;
  posts: WpPostState[];
  terms: Record<string, Record<string, number>>;
  media: Record<string, number>;
  /** Post id → status: the posts asked in `statuses` and those found by tmdb_ids or keys (absent from older plugins). */
  statuses?: Record<string, string>;
  /** WordPress's `$wpdb->prefix` (absent from older plugins). */
  table_prefix?: string;
  /** The PHP limits WordPress runs under, to size batches by (absent from older plugins). */
  host?: WpHostLimits;
}

/** `host` in a resolve answer: max_execution_time in seconds (0 = none), memory_limit in bytes (-1 = none). */
export interface WpHostLimits {
  max_execution_time?: number;
  memory_limit?: number;
  batch_limit?: number;
  /** What the plugin supports: `idempotent_creates`, `media_batch`, `hotlink`. */
  features?: string[];
  /** WordPress's registered image sizes (wp_get_registered_image_subsizes). */
  image_sizes?: Record<string, { width: number; height: number; crop: boolean }>;
  /** Originals wider or taller than this are scaled down by WordPress (0 = never). */
  big_image_threshold?: number;
  /** Most items one `tmu/v1/media` request takes. */
  media_batch_limit?: number;
  /** File parts one request may carry (PHP's max_file_uploads; 0 = no limit). */
  media_max_files?: number;
  /** Bytes one request may carry (PHP's post_max_size; 0 = no limit). */
  media_max_bytes?: number;
}

/** One image in a `tmu/v1/media` request: the main file and its sizes as multipart parts, or a hotlink. */
export interface MediaBatchItem {
  key: string;
  post: number;
  alt: string;
  title: string;
  file: { data: Buffer; fileName: string; mimeType: string } | null;
  width: number;
  height: number;
  mime: string;
  sizes: Array<{ name: string; data: Buffer; fileName: string; mimeType: string; width: number; height: number }>;
  hotlink: { url: string; base: string } | null;
  /** Make it its post's featured image in the same request (a plugin that does answers `featured`). */
  featured?: boolean;
}

/** The plugin's answer for one item: its attachment, or why it was refused. */
export type MediaBatchResult = { key: string; id: number; existing: boolean; featured?: boolean } | { key: string; error: { code: string; message: string; status: number } };

/** Counts every HTTP request made to WordPress, by method and route (ids folded to `:id`). */
export type WordPressRequestObserver = (method: string, route: string) => void;
