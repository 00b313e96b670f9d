import os from 'node:os';
import path from 'node:path';
import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import type { ImageDraft } from '../../mappers/mapping.types';
import type { ContentStore, ImageInput, ImageSizeSpec, ImageUploader } from '../../domain/content-store';
import { describeError, WordPressError } from '../../errors';
import { disableEncoderCache, encodeImage, mimeOf, toJpeg } from './image-encoder';

export interface ImageDownloader {
  downloadImage(size: string, filePath: string): Promise<Buffer>;
}

export interface ImageSettings {
  format: 'webp' | 'jpeg';
  quality: number;
  /** IMAGE_WEBP_EFFORT (0–6); unset: sharp's default, 4. */
  webpEffort?: number;
  maxWidth: number;
  /** Images re-encoded at once (IMAGE_ENCODE_CONCURRENCY); unset: defaultEncodeConcurrency(). */
  encodeConcurrency?: number;
  /** IMAGES: `upload` (default) downloads and uploads files; `hotlink` points attachments at TMDb's CDN. */
  mode?: 'upload' | 'hotlink';
  /** TMDb's image base (TMDB_IMAGE_BASE_URL, no trailing slash): hotlinked URLs start with it. */
  imageBaseUrl?: string;
}

/** Told about an image WordPress refused (413, 415, a full disk, any upload error): skipped, tried again at the next sync. */
export type ImageSkipped = (filePath: string, reason: string) => void;

export interface PreparedImage {
  draft: ImageDraft;
  /** Set when the attachment already exists: nothing was downloaded. */
  existingId: number | null;
  input: ImageInput | null;
}

/**
 * Named after the title and role when the sync named it ("fight-club-1999-poster"), else TMDb's hash and
 * the kind. TMDb's name keeps letters and digits only: a path such as "/.htaccess", "/.." or "/x:y.jpg"
 * must not become a hidden, dot-led or drive-like file name.
 */
function fileStemOf(draft: ImageDraft): string {
  if (draft.fileStem) return draft.fileStem;
  const tmdbName = path
    .basename(draft.filePath, path.extname(draft.filePath))
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return tmdbName ? `${tmdbName}-${draft.kind}` : draft.kind;
}

/**
 * Downloads TMDb images at a chosen size (never `original`), caps the
 * dimensions, strips metadata and re-encodes (WebP by default), with the
 * sub-sizes the store asks for. An image whose TMDb path is already an
 * attachment is not downloaded again. With IMAGES=hotlink nothing is
 * downloaded: a store that takes hotlinks gets the CDN URL instead.
 */
export class ImageService {
  /** Images decoded and re-encoded at once (IMAGE_ENCODE_CONCURRENCY): more than the cores only fight over them. */
  private readonly encodes: Bottleneck;
  private warnedNoHotlink = false;

  constructor(
    private readonly downloader: ImageDownloader,
    private readonly settings: ImageSettings,
    private readonly logger: Logger,
  ) {
    this.encodes = new Bottleneck({ maxConcurrent: settings.encodeConcurrency ?? defaultEncodeConcurrency() });
    disableEncoderCache();
  }

  async prepare(drafts: ImageDraft[], alt: string, store: ContentStore): Promise<PreparedImage[]> {
    return this.prepareEach(
      drafts.map((draft) => ({ draft, alt })),
      store,
    );
  }

  /** Many images, each with its own alt text, looked up in one go. */
  async prepareEach(items: Array<{ draft: ImageDraft; alt: string }>, store: ContentStore): Promise<PreparedImage[]> {
    const unique = [...new Map(items.map((i) => [i.draft.filePath, i])).values()];
    const existing = await store.findAttachments(unique.map((i) => i.draft.filePath));
    const missing = unique.filter((i) => !existing.has(i.draft.filePath));
    if (missing.length === 0) return unique.map(({ draft }) => ({ draft, existingId: existing.get(draft.filePath)!, input: null }));
    if (this.settings.mode === 'hotlink') return this.prepareHotlinks(unique, existing, store);
    const sizes = (await store.imageSizes?.()) ?? null;
    return Promise.all(
      unique.map(async ({ draft, alt }) => {
        const existingId = existing.get(draft.filePath) ?? null;
        if (existingId !== null) return { draft, existingId, input: null };
        const original = await this.downloader.downloadImage(draft.size, draft.filePath);
        return { draft, existingId: null, input: await this.encodes.schedule(() => this.process(draft, original, alt, sizes)) };
      }),
    );
  }

  /** A store without hotlinks (the local one, an older plugin) gets nothing new: nothing is downloaded in this mode. */
  private async prepareHotlinks(unique: Array<{ draft: ImageDraft; alt: string }>, existing: Map<string, number>, store: ContentStore): Promise<PreparedImage[]> {
    const accepts = (await store.acceptsHotlinks?.()) ?? false;
    if (!accepts && !this.warnedNoHotlink) {
      this.warnedNoHotlink = true;
      this.logger.warn('IMAGES=hotlink, but the content store takes no hotlinked images: new images are not stored');
    }
    return unique.map(({ draft, alt }) => {
      const existingId = existing.get(draft.filePath) ?? null;
      return { draft, existingId, input: existingId === null && accepts ? this.hotlinkInput(draft, alt) : null };
    });
  }

  /** The CDN copy at the size a download would have fetched (a width; `original` for a height such as h632). */
  private hotlinkInput(draft: ImageDraft, alt: string): ImageInput {
    const base = `${(this.settings.imageBaseUrl ?? 'https://image.tmdb.org/t/p').replace(/\/+$/, '')}/`;
    const extension = path.extname(draft.filePath).slice(1).toLowerCase() || 'jpg';
    const mimeType = extension === 'png' ? 'image/png' : extension === 'svg' ? 'image/svg+xml' : 'image/jpeg';
    const size = /^w\d{2,4}$/.test(draft.size) ? draft.size : 'original';
    return {
      filePath: draft.filePath,
      data: Buffer.alloc(0),
      mimeType,
      fileName: `${fileStemOf(draft)}.${extension}`,
      alt,
      ...hotlinkDimensions(draft),
      hotlink: { url: `${base}${size}${draft.filePath}`, base },
    };
  }

  async process(draft: ImageDraft, original: Buffer, alt: string, sizes: ImageSizeSpec[] | null = null): Promise<ImageInput> {
    const fileName = `${fileStemOf(draft)}.${this.settings.format === 'webp' ? 'webp' : 'jpg'}`;
    const encoded = await encodeImage(original, this.settings, sizes, fileName);
    this.logger.debug({ filePath: draft.filePath, bytes: encoded.data.length, sizes: encoded.sizes.length }, 'image processed');
    return {
      filePath: draft.filePath,
      data: encoded.data,
      mimeType: mimeOf(this.settings.format),
      fileName,
      alt,
      width: encoded.width,
      height: encoded.height,
      ...(encoded.sizes.length > 0 ? { sizes: encoded.sizes } : {}),
    };
  }

  /**
   * Uploads what `prepare` left to upload, under one guard for all their paths (one lookup, not one
   * per image); returns attachment ids in draft order. A caller that already holds a guard over
   * these paths passes its uploader (`guarded`) and no second guard is taken.
   */
  async store(
    prepared: PreparedImage[],
    postId: number,
    store: ContentStore,
    onStored?: (done: number, total: number) => void,
    onSkipped?: ImageSkipped,
    guarded?: ImageUploader,
  ): Promise<Map<string, number>> {
    const toUpload = prepared.filter((image) => image.existingId === null && image.input !== null).map((image) => image.draft.filePath);
    const uploadAll = (uploader: ImageUploader | null) => this.uploadAll(prepared, postId, store, uploader, onStored, onSkipped);
    const found = toUpload.length === 0 ? prepared.map((image) => image.existingId) : guarded ? await uploadAll(guarded) : await store.guardUploads(toUpload, uploadAll);
    const ids = new Map<string, number>();
    prepared.forEach((image, i) => {
      if (found[i] !== null) ids.set(image.draft.filePath, found[i]);
    });
    return ids;
  }

  private uploadAll(
    prepared: PreparedImage[],
    postId: number,
    store: ContentStore,
    guarded: ImageUploader | null,
    onStored?: (done: number, total: number) => void,
    onSkipped?: ImageSkipped,
  ): Promise<Array<number | null>> {
    const uploader: ImageUploader = guarded ?? ((id, input) => store.uploadImage(id, input));
    let done = 0;
    return Promise.all(
      prepared.map(async (image) => {
        if (image.existingId !== null) return image.existingId;
        const input = image.input;
        // Not throttled here: the store bounds its own requests (WordPress merges uploads into few requests).
        const id = input ? await this.uploadOrSkip(uploader, postId, input, onSkipped) : null;
        onStored?.((done += 1), prepared.length);
        return id;
      }),
    );
  }

  /** An image WordPress refuses costs that image, not the title: null, with a warning. */
  private async uploadOrSkip(uploader: ImageUploader, postId: number, input: ImageInput, onSkipped?: ImageSkipped): Promise<number | null> {
    try {
      return await this.upload(uploader, postId, input);
    } catch (error) {
      if (!uploadRefused(error)) throw error;
      const reason = describeError(error);
      this.logger.warn({ filePath: input.filePath, postId, err: reason }, 'WordPress refused an image: skipped, tried again at the next sync');
      onSkipped?.(input.filePath, reason);
      return null;
    }
  }

  /** A site that refuses WebP (an old image library) gets the JPEG fallback. */
  private async upload(uploader: ImageUploader, postId: number, input: ImageInput): Promise<number> {
    try {
      return await uploader(postId, input);
    } catch (error) {
      const refused = error instanceof WordPressError && (error.status ?? 500) < 500;
      if (!refused || input.mimeType !== 'image/webp') throw error;
      this.logger.warn({ filePath: input.filePath }, 'WordPress refused a WebP upload; sending JPEG');
      const jpeg = await toJpeg(input.data, input.sizes ?? [], this.settings.quality);
      const sizes = input.sizes ? { sizes: jpeg.sizes } : {};
      return uploader(postId, { ...input, data: jpeg.data, mimeType: 'image/jpeg', fileName: input.fileName.replace(/\.webp$/, '.jpg'), ...sizes });
    }
  }
}

/**
 * As many encodes as cores, at least two: each encode holds its decoded pixels until its last sub-size
 * is made, so uncapped encodes (a page stage's or a people round's dozens) only add to the peak memory,
 * and more encodes than cores fight over them instead of finishing sooner.
 */
export function defaultEncodeConcurrency(): number {
  return Math.max(2, os.availableParallelism());
}

/** Width / height of each kind on TMDb (posters and profiles 2:3, backdrops and stills 16:9; logos vary, 2:1 assumed). */
const KIND_RATIO: Record<ImageDraft['kind'], number> = { poster: 1.5, profile: 1.5, backdrop: 0.5625, still: 0.5625, logo: 0.5 };

/**
 * A hotlinked image's size without downloading it: the TMDb size asked for (w500, h632) and the
 * kind's usual ratio. WordPress needs one for its markup; the CDN serves the real image.
 */
export function hotlinkDimensions(draft: ImageDraft): { width: number; height: number } {
  const ratio = KIND_RATIO[draft.kind] ?? 1;
  const bound = /^([wh])(\d+)$/.exec(draft.size);
  if (bound?.[1] === 'h') return { width: Math.max(1, Math.round(Number(bound[2]) / ratio)), height: Number(bound[2]) };
  const width = bound ? Number(bound[2]) : 1280;
  return { width, height: Math.max(1, Math.round(width * ratio)) };
}

/**
 * WordPress refused the file itself: any answer but a retryable one (413 from the web server, 415,
 * 400), or an upload error WordPress reports as a 500 (`rest_upload_*`, or the media route's
 * `tmu_media_store_failed`: a full disk, a failed move).
 */
export function uploadRefused(error: unknown): boolean {
  if (!(error instanceof WordPressError)) return false;
  const code = (error.cause as { code?: string } | undefined)?.code ?? '';
  return !error.retryable || /^rest_upload_|^tmu_media_store_failed$/.test(code);
}
