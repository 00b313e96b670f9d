import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import type { ImageInput, ImageSizeSpec } from '../../domain/content-store';
import { WordPressError } from '../../errors';
import type { WordPressClient } from './wordpress.client';
import { MediaBatcher, sizeSpecs } from './wordpress-media-batch';
import type { RequestPriority } from './request-priority';
import type { MediaBatchItem, WpHostLimits } from './wordpress.types';

/**
 * How images reach one WordPress: through the plugin's `tmu/v1/media` (several
 * per request, sizes made by the sidecar, hotlinks) when its host report lists
 * `media_batch`, else one `/wp/v2/media` upload per image, WordPress resizing.
 */
export class WordPressMediaUploads {
  private readonly batcher: MediaBatcher;
  /** Single uploads at once without the batch route (IMAGE_UPLOAD_CONCURRENCY). */
  private readonly singles: Bottleneck;
  private host: WpHostLimits | undefined;
  /** `post:path` uploads asked to become their post's featured image in their own request. */
  private readonly featuredWanted = new Set<string>();
  /** Posts whose featured image an upload set, with that attachment (read once by setFeaturedImage). */
  private readonly featuredSet = new Map<number, number>();

  constructor(
    private readonly wp: WordPressClient,
    logger: Logger,
    concurrency: number,
    priority?: () => RequestPriority,
  ) {
    this.batcher = new MediaBatcher((items) => wp.uploadMediaBatch(items), logger, {
      concurrency,
      priority,
      maxItems: () => this.host?.media_batch_limit ?? 0,
      maxBytes: () => this.host?.media_max_bytes,
      maxFiles: () => this.host?.media_max_files,
    });
    this.singles = new Bottleneck({ maxConcurrent: concurrency });
  }

  /** The plugin's latest host report (each resolve answer carries it). */
  learnHost(host: WpHostLimits | undefined): void {
    if (host && typeof host === 'object') this.host = host;
  }

  hostKnown(): boolean {
    return this.host !== undefined;
  }

  private has(feature: string): boolean {
    return Array.isArray(this.host?.features) && this.host.features.includes(feature);
  }

  /** The sizes to make before upload: WordPress's registered ones when the plugin takes them ready-made; else none. */
  imageSizes(): ImageSizeSpec[] | null {
    return this.has('media_batch') ? sizeSpecs(this.host?.image_sizes) : null;
  }

  acceptsHotlinks(): boolean {
    return this.has('media_batch') && this.has('hotlink');
  }

  /** The next upload of this path under this post asks the plugin to make it the post's featured image as well. */
  wantFeatured(postId: number, filePath: string): void {
    this.featuredWanted.add(`${postId}:${filePath}`);
  }

  /** Whether an upload made this attachment the post's featured image; forgets both that and the wish. */
  takeFeatured(postId: number, filePath: string, attachmentId: number): boolean {
    this.featuredWanted.delete(`${postId}:${filePath}`);
    const set = this.featuredSet.get(postId);
    this.featuredSet.delete(postId);
    return set === attachmentId;
  }

  /** One image under its parent post: its attachment id. */
  async upload(postId: number, image: ImageInput): Promise<number> {
    if (this.has('media_batch')) {
      const featured = this.featuredWanted.delete(`${postId}:${image.filePath}`);
      const answer = await this.batcher.upload({ ...batchItem(postId, image), ...(featured ? { featured } : {}) });
      if (featured && answer.featured) this.featuredSet.set(postId, answer.id);
      return answer.id;
    }
    if (image.hotlink) throw new WordPressError(`WordPress's plugin takes no hotlinked images (update it): ${image.filePath}`, { status: 400 });
    const media = await this.singles.schedule(() =>
      this.wp.uploadMedia(
        { data: image.data, fileName: image.fileName, mimeType: image.mimeType },
        { post: postId, alt_text: image.alt, title: image.alt, meta: { tmdb_file_path: image.filePath } },
      ),
    );
    return media.id;
  }
}

function batchItem(postId: number, image: ImageInput): MediaBatchItem {
  const hotlink = image.hotlink ?? null;
  return {
    key: image.filePath,
    post: postId,
    alt: image.alt,
    title: image.alt,
    file: hotlink ? null : { data: image.data, fileName: image.fileName, mimeType: image.mimeType },
    width: image.width ?? 0,
    height: image.height ?? 0,
    mime: image.mimeType,
    sizes: hotlink ? [] : (image.sizes ?? []).map((s) => ({ name: s.name, data: s.data, fileName: s.fileName, mimeType: s.mimeType, width: s.width, height: s.height })),
    hotlink,
  };
}
