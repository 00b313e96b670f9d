import sharp from 'sharp';
import { createLogger } from '../../../src/config/logger';
import { WordPressError } from '../../../src/errors';
import type { ImageDraft } from '../../../src/mappers/mapping.types';
import type { ContentStore, ImageInput } from '../../../src/domain/content-store';
import { ImageService } from '../../../src/services/images/image.service';

const logger = createLogger({ level: 'silent' });
const poster = (filePath = '/poster.jpg'): ImageDraft => ({ filePath, kind: 'poster', size: 'w500' });

async function jpegWithExif(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .withMetadata({ exif: { IFD0: { Copyright: 'someone' } } })
    .jpeg()
    .toBuffer();
}

/** A content store that records uploads; `refuseWebp` makes it answer like a WordPress without WebP support. */
function fakeStore(options: { refuseWebp?: boolean; existing?: Record<string, number>; refuse?: (image: ImageInput) => WordPressError | null } = {}) {
  const uploads: ImageInput[] = [];
  const store = {
    findAttachments: async (filePaths: string[]) =>
      new Map(filePaths.filter((p) => options.existing?.[p] !== undefined).map((p) => [p, options.existing![p]])),
    guardUploads: (_paths: string[], fn: (upload: null) => Promise<unknown>) => fn(null),
    uploadImage: async (_postId: number, image: ImageInput) => {
      if (options.refuseWebp && image.mimeType === 'image/webp') {
        throw new WordPressError('rest_upload_sideload_error: Sorry, this file type is not permitted', { status: 400 });
      }
      const refused = options.refuse?.(image);
      if (refused) throw refused;
      uploads.push(image);
      return 100 + uploads.length;
    },
  } as unknown as ContentStore;
  return { store, uploads };
}

describe('ImageService', () => {
  it('caps the width, strips metadata and encodes WebP', async () => {
    const original = await jpegWithExif(2000, 3000);
    const downloads: string[] = [];
    const service = new ImageService(
      { downloadImage: async (size, path) => (downloads.push(`${size}${path}`), original) },
      { format: 'webp', quality: 70, maxWidth: 780 },
      logger,
    );
    const { store } = fakeStore();
    const [prepared] = await service.prepare([poster()], 'Fight Club', store);
    const meta = await sharp(prepared.input!.data).metadata();
    expect(downloads).toEqual(['w500/poster.jpg']);
    expect(meta).toMatchObject({ format: 'webp', width: 780, height: 1170 });
    expect(meta.exif).toBeUndefined();
    expect(prepared.input).toMatchObject({ mimeType: 'image/webp', alt: 'Fight Club', fileName: 'poster-poster.webp' });
  });

  it('never downloads an image that is already an attachment', async () => {
    const service = new ImageService(
      { downloadImage: async () => Promise.reject(new Error('should not download')) },
      { format: 'webp', quality: 70, maxWidth: 780 },
      logger,
    );
    const { store, uploads } = fakeStore({ existing: { '/poster.jpg': 42 } });
    const prepared = await service.prepare([poster()], 'x', store);
    expect(await service.store(prepared, 1, store)).toEqual(new Map([['/poster.jpg', 42]]));
    expect(uploads).toHaveLength(0);
  });

  it('falls back to JPEG when WordPress refuses WebP', async () => {
    const original = await jpegWithExif(600, 900);
    const service = new ImageService({ downloadImage: async () => original }, { format: 'webp', quality: 70, maxWidth: 500 }, logger);
    const { store, uploads } = fakeStore({ refuseWebp: true });
    const ids = await service.store(await service.prepare([poster()], 'x', store), 7, store);
    expect(ids.get('/poster.jpg')).toBe(101);
    expect(uploads[0]).toMatchObject({ mimeType: 'image/jpeg', fileName: 'poster-poster.jpg' });
    expect((await sharp(uploads[0].data).metadata()).format).toBe('jpeg');
  });
  it.each([
    ['a 413 from the web server', new WordPressError('WordPress POST /wp/v2/media failed (413): Request Entity Too Large', { status: 413 })],
    ['a 415', new WordPressError('WordPress POST /wp/v2/media failed (415)', { status: 415 })],
    ['a full disk (a 500 upload error)', new WordPressError('rest_upload_unknown_error: No space left on device', { status: 500, retryable: true, cause: { code: 'rest_upload_unknown_error', status: 500 } })],
  ])('skips an image WordPress refuses with %s, tells which, and uploads the others', async (_name, refusal) => {
    const original = await jpegWithExif(600, 900);
    const service = new ImageService({ downloadImage: async () => original }, { format: 'jpeg', quality: 70, maxWidth: 500 }, logger);
    const { store, uploads } = fakeStore({ refuse: (image) => (image.filePath === '/big.jpg' ? refusal : null) });
    const skipped: Array<[string, string]> = [];
    const prepared = await service.prepare([poster(), poster('/big.jpg')], 'x', store);
    const ids = await service.store(prepared, 7, store, undefined, (filePath, reason) => skipped.push([filePath, reason]));
    expect(ids).toEqual(new Map([['/poster.jpg', 101]]));
    expect(uploads.map((u) => u.filePath)).toEqual(['/poster.jpg']);
    expect(skipped).toEqual([['/big.jpg', expect.stringContaining(refusal.message)]]);
  });

  it('still fails on an outage (retried with the title), not skipping the image', async () => {
    const original = await jpegWithExif(600, 900);
    const service = new ImageService({ downloadImage: async () => original }, { format: 'jpeg', quality: 70, maxWidth: 500 }, logger);
    const outage = new WordPressError('WordPress is unreachable (POST /wp/v2/media): ECONNRESET', { status: 502, retryable: true, cause: { code: 'ECONNRESET' } });
    const { store } = fakeStore({ refuse: () => outage });
    await expect(service.store(await service.prepare([poster()], 'x', store), 7, store, undefined, () => undefined)).rejects.toBe(outage);
  });

  it('uploads the new images of a title under one guard for all their paths, through the uploader it hands over', async () => {
    const original = await jpegWithExif(300, 450);
    const service = new ImageService({ downloadImage: async () => original }, { format: 'webp', quality: 70, maxWidth: 300 }, logger);
    const { store } = fakeStore({ existing: { '/known.jpg': 7 } });
    const guards: string[][] = [];
    const guarded: string[] = [];
    const guarding = Object.assign(Object.create(store), {
      guardUploads: (paths: string[], fn: (upload: (postId: number, image: ImageInput) => Promise<number>) => Promise<unknown>) => {
        guards.push(paths);
        return fn(async (_postId, image) => (guarded.push(image.filePath), 200 + guarded.length));
      },
      uploadImage: async () => Promise.reject(new Error('an unguarded upload')),
    }) as ContentStore;
    const drafts = ['/a.jpg', '/known.jpg', '/b.jpg', '/c.jpg'].map((p) => poster(p));
    const ids = await service.store(await service.prepare(drafts, 'x', guarding), 1, guarding);
    expect(guards).toEqual([['/a.jpg', '/b.jpg', '/c.jpg']]);
    expect([...guarded].sort()).toEqual(['/a.jpg', '/b.jpg', '/c.jpg']);
    expect(ids.get('/known.jpg')).toBe(7);
    expect(ids.size).toBe(4);
  });
  it('re-encodes at most encodeConcurrency images at once', async () => {
    const original = await jpegWithExif(200, 300);
    let running = 0;
    let most = 0;
    class CountingImageService extends ImageService {
      override async process(...args: Parameters<ImageService['process']>) {
        running += 1;
        most = Math.max(most, running);
        try {
          return await super.process(...args);
        } finally {
          running -= 1;
        }
      }
    }
    const service = new CountingImageService({ downloadImage: async () => original }, { format: 'webp', quality: 70, maxWidth: 200, encodeConcurrency: 2 }, logger);
    const { store } = fakeStore();
    const prepared = await service.prepare(['/1.jpg', '/2.jpg', '/3.jpg', '/4.jpg', '/5.jpg', '/6.jpg'].map((p) => poster(p)), 'x', store);
    expect(prepared.every((p) => p.input !== null)).toBe(true);
    expect(most).toBe(2);
  });
});
