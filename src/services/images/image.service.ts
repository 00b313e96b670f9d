import path from 'node:path';
import sharp from 'sharp';
import type { Logger } from 'pino';
import type { ImageDraft } from '../../mappers/mapping.types';
import type { ContentStore, ImageInput } from '../content-store/content-store';
import { WordPressError } from '../../errors';

export interface ImageDownloader {
  downloadImage(size: string, filePath: string): Promise<Buffer>;
}

export interface ImageSettings {
  format: 'webp' | 'jpeg';
  quality: number;
  maxWidth: number;
}

export interface PreparedImage {
  draft: ImageDraft;
  /** Set when the attachment already exists: nothing was downloaded. */
  existingId: number | null;
  input: ImageInput | null;
}

/**
 * Downloads TMDb images at a chosen size (never `original`), caps the
 * dimensions, strips metadata and re-encodes (WebP by default). An image
 * whose TMDb path is already an attachment is not downloaded again.
 */
export class ImageService {
  constructor(
    private readonly downloader: ImageDownloader,
    private readonly settings: ImageSettings,
    private readonly logger: Logger,
  ) {}

  async prepare(drafts: ImageDraft[], alt: string, store: ContentStore): Promise<PreparedImage[]> {
    const unique = [...new Map(drafts.map((d) => [d.filePath, d])).values()];
    return Promise.all(
      unique.map(async (draft) => {
        const existingId = await store.findAttachment(draft.filePath);
        if (existingId !== null) return { draft, existingId, input: null };
        const original = await this.downloader.downloadImage(draft.size, draft.filePath);
        return { draft, existingId: null, input: await this.process(draft, original, alt) };
      }),
    );
  }

  async process(draft: ImageDraft, original: Buffer, alt: string): Promise<ImageInput> {
    // sharp drops EXIF/ICC metadata unless asked to keep it.
    const pipeline = sharp(original).rotate().resize({ width: this.settings.maxWidth, withoutEnlargement: true });
    const encoded =
      this.settings.format === 'webp'
        ? pipeline.webp({ quality: this.settings.quality })
        : pipeline.jpeg({ quality: this.settings.quality, mozjpeg: true });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const base = path.basename(draft.filePath, path.extname(draft.filePath));
    const extension = this.settings.format === 'webp' ? 'webp' : 'jpg';
    this.logger.debug({ filePath: draft.filePath, bytes: data.length }, 'image processed');
    return {
      filePath: draft.filePath,
      data,
      mimeType: this.settings.format === 'webp' ? 'image/webp' : 'image/jpeg',
      fileName: `${base}-${draft.kind}.${extension}`,
      alt,
      width: info.width,
      height: info.height,
    };
  }

  /** Uploads what `prepare` left to upload; returns attachment ids in draft order. */
  async store(prepared: PreparedImage[], postId: number, store: ContentStore): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const image of prepared) {
      let id = image.existingId ?? (await store.findAttachment(image.draft.filePath));
      if (id === null && image.input) id = await this.upload(store, postId, image.input);
      if (id !== null) ids.set(image.draft.filePath, id);
    }
    return ids;
  }

  /** A site that refuses WebP (an old image library) gets the JPEG fallback. */
  private async upload(store: ContentStore, postId: number, input: ImageInput): Promise<number> {
    try {
      return await store.uploadImage(postId, input);
    } catch (error) {
      const refused = error instanceof WordPressError && (error.status ?? 500) < 500;
      if (!refused || input.mimeType !== 'image/webp') throw error;
      this.logger.warn({ filePath: input.filePath }, 'WordPress refused a WebP upload; sending JPEG');
      const data = await sharp(input.data).jpeg({ quality: this.settings.quality, mozjpeg: true }).toBuffer();
      return store.uploadImage(postId, { ...input, data, mimeType: 'image/jpeg', fileName: input.fileName.replace(/\.webp$/, '.jpg') });
    }
  }
}
