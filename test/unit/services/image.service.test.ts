import os from 'node:os';
import sharp from 'sharp';
import { createLogger } from '../../../src/config/logger';
import { WordPressError } from '../../../src/errors';
import type { ImageDraft } from '../../../src/mappers/mapping.types';
import type { ContentStore, ImageInput, ImageSizeSpec } from '../../../src/domain/content-store';
import { photoPixels } from '../../../tools/tmdb-standin/photo-pixels';
import { defaultEncodeConcurrency, hotlinkDimensions, ImageService } from '../../../src/services/images/image.service';

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
    findAttachments: async (filePaths: string[]) => new Map(filePaths.filter((p) => options.existing?.[p] !== undefined).map((p) => [p, options.existing![p]])),
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

/** The store as a plugin that registers these image sizes answers. */
const storeWithSizes = (store: ContentStore, sizes: ImageSizeSpec[]) => Object.assign(Object.create(store), { imageSizes: async () => sizes }) as ContentStore;

describe('ImageService', () => {
  it("keeps no decoded pixels in libvips's operation cache (each image is decoded once)", () => {
    sharp.cache(true);
    expect(sharp.cache().memory.max).toBeGreaterThan(0);
    new ImageService({ downloadImage: async () => Buffer.alloc(0) }, { format: 'webp', quality: 70, maxWidth: 780 }, logger);
    expect(sharp.cache()).toMatchObject({ memory: { max: 0 }, items: { max: 0 } });
  });

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
    const service = new ImageService({ downloadImage: async () => Promise.reject(new Error('should not download')) }, { format: 'webp', quality: 70, maxWidth: 780 }, logger);
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
    [
      'a full disk (a 500 upload error)',
      new WordPressError('rest_upload_unknown_error: No space left on device', { status: 500, retryable: true, cause: { code: 'rest_upload_unknown_error', status: 500 } }),
    ],
    [
      'a full disk behind the media route',
      new WordPressError('WordPress POST /tmu/v1/media refused /big.jpg (500): tmu_media_store_failed', {
        status: 500,
        retryable: true,
        cause: { code: 'tmu_media_store_failed', status: 500 },
      }),
    ],
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
    const prepared = await service.prepare(
      ['/1.jpg', '/2.jpg', '/3.jpg', '/4.jpg', '/5.jpg', '/6.jpg'].map((p) => poster(p)),
      'x',
      store,
    );
    expect(prepared.every((p) => p.input !== null)).toBe(true);
    expect(most).toBe(2);
  });

  it('re-encodes as many images at once as there are cores (at least two) when encodeConcurrency is unset', async () => {
    const original = await jpegWithExif(200, 300);
    let running = 0;
    let most = 0;
    class CountingImageService extends ImageService {
      override async process(...args: Parameters<ImageService['process']>) {
        running += 1;
        most = Math.max(most, running);
        try {
          // Long enough that an uncapped service would have every image in here at once.
          await new Promise((r) => setTimeout(r, 20));
          return await super.process(...args);
        } finally {
          running -= 1;
        }
      }
    }
    const cap = defaultEncodeConcurrency();
    expect(cap).toBe(Math.max(2, os.availableParallelism()));
    const service = new CountingImageService({ downloadImage: async () => original }, { format: 'webp', quality: 70, maxWidth: 200 }, logger);
    const { store } = fakeStore();
    const paths = Array.from({ length: cap + 3 }, (_, i) => `/${i}.jpg`);
    const prepared = await service.prepare(
      paths.map((p) => poster(p)),
      'x',
      store,
    );
    expect(prepared.every((p) => p.input !== null)).toBe(true);
    expect(most).toBe(cap);
  });

  describe('sizes made before upload', () => {
    const registered = [
      { name: 'thumbnail', width: 150, height: 150, crop: true },
      { name: 'medium', width: 300, height: 300, crop: false },
      { name: 'medium_large', width: 768, height: 0, crop: false },
      { name: 'large', width: 1024, height: 1024, crop: false },
    ];
    const withSizes = (store: ContentStore, sizes = registered) => storeWithSizes(store, sizes);

    it('makes every size WordPress would make of the capped image, named like WordPress names them', async () => {
      const original = await jpegWithExif(2000, 3000);
      const service = new ImageService({ downloadImage: async () => original }, { format: 'webp', quality: 70, maxWidth: 780 }, logger);
      const [prepared] = await service.prepare([poster()], 'Fight Club', withSizes(fakeStore().store));
      const input = prepared.input!;
      expect(input).toMatchObject({ width: 780, height: 1170, fileName: 'poster-poster.webp' });
      expect(input.sizes!.map((s) => [s.name, s.fileName, s.width, s.height, s.mimeType])).toEqual([
        ['thumbnail', 'poster-poster-150x150.webp', 150, 150, 'image/webp'],
        ['medium', 'poster-poster-200x300.webp', 200, 300, 'image/webp'],
        ['medium_large', 'poster-poster-768x1152.webp', 768, 1152, 'image/webp'],
        ['large', 'poster-poster-683x1024.webp', 683, 1024, 'image/webp'],
      ]);
      for (const size of input.sizes!) {
        expect(await sharp(size.data).metadata()).toMatchObject({ format: 'webp', width: size.width, height: size.height });
      }
    });

    it('makes none when the store asks for none, and none larger than the image', async () => {
      const original = await jpegWithExif(200, 300);
      const service = new ImageService({ downloadImage: async () => original }, { format: 'webp', quality: 70, maxWidth: 780 }, logger);
      const [plain] = await service.prepare([poster()], 'x', fakeStore().store);
      expect(plain.input!.sizes).toBeUndefined();
      const [small] = await service.prepare([poster()], 'x', withSizes(fakeStore().store));
      expect(small.input!.sizes!.map((s) => s.name)).toEqual(['thumbnail']);
    });

    it('sends the sizes as JPEG too when WordPress refuses WebP', async () => {
      const original = await jpegWithExif(600, 900);
      const service = new ImageService({ downloadImage: async () => original }, { format: 'webp', quality: 70, maxWidth: 500 }, logger);
      const { store, uploads } = fakeStore({ refuseWebp: true });
      const sized = withSizes(store);
      await service.store(await service.prepare([poster()], 'x', sized), 7, sized);
      expect(uploads[0].sizes!.map((s) => [s.fileName, s.mimeType])).toEqual([
        ['poster-poster-150x150.jpg', 'image/jpeg'],
        ['poster-poster-200x300.jpg', 'image/jpeg'],
      ]);
      expect((await sharp(uploads[0].sizes![0].data).metadata()).format).toBe('jpeg');
    });
  });

  describe('IMAGES=hotlink', () => {
    const settings = { format: 'webp' as const, quality: 70, maxWidth: 780, mode: 'hotlink' as const, imageBaseUrl: 'https://cdn.example.test/t/p' };
    const noDownload = { downloadImage: async () => Promise.reject(new Error('a hotlink downloads nothing')) };

    it('hands the store the CDN URL instead of a file', async () => {
      const { store, uploads } = fakeStore();
      const hotlinking = Object.assign(Object.create(store), { acceptsHotlinks: async () => true }) as ContentStore;
      const service = new ImageService(noDownload, settings, logger);
      const ids = await service.store(await service.prepare([poster('/abc.jpg')], 'Fight Club', hotlinking), 7, hotlinking);
      expect(ids.get('/abc.jpg')).toBe(101);
      expect(uploads[0]).toMatchObject({
        filePath: '/abc.jpg',
        alt: 'Fight Club',
        width: 500,
        height: 750,
        mimeType: 'image/jpeg',
        hotlink: { url: 'https://cdn.example.test/t/p/w500/abc.jpg', base: 'https://cdn.example.test/t/p/' },
      });
      expect(uploads[0].data).toHaveLength(0);
    });

    it('asks the CDN for the original when the size is a height (h632), with the kind’s usual shape', () => {
      expect(hotlinkDimensions({ filePath: '/p.jpg', kind: 'profile', size: 'h632' })).toEqual({ width: 421, height: 632 });
      expect(hotlinkDimensions({ filePath: '/b.jpg', kind: 'backdrop', size: 'w1280' })).toEqual({ width: 1280, height: 720 });
    });

    it('stores nothing new in a store without hotlinks (the local one), keeping the attachments it has', async () => {
      const { store, uploads } = fakeStore({ existing: { '/known.jpg': 42 } });
      const service = new ImageService(noDownload, settings, logger);
      const ids = await service.store(await service.prepare([poster('/new.jpg'), poster('/known.jpg')], 'x', store), 7, store);
      expect(ids).toEqual(new Map([['/known.jpg', 42]]));
      expect(uploads).toHaveLength(0);
    });
  });
});

describe('ImageService WebP effort', () => {
  async function encodedWith(effort: number | undefined, original: Buffer) {
    const settings = { format: 'webp' as const, quality: 80, maxWidth: 500, ...(effort === undefined ? {} : { webpEffort: effort }) };
    const service = new ImageService({ downloadImage: async () => original }, settings, logger);
    const store = storeWithSizes(fakeStore().store, [{ name: 'medium', width: 200, height: 300, crop: false }]);
    const [prepared] = await service.prepare([poster()], 'Fight Club', store);
    return prepared.input!;
  }

  it('hands IMAGE_WEBP_EFFORT to libwebp for the image and its sizes (unset: sharp default of 4)', async () => {
    // The stand-in's photo-like pixels (soft shapes under grain): libwebp's effort shows in the size.
    const original = await sharp(await photoPixels(500, 750, 42), { raw: { width: 500, height: 750, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer();
    const [fastest, standard, unset, smallest] = await Promise.all([0, 4, undefined, 6].map((effort) => encodedWith(effort, original)));
    expect(fastest.data.length).toBeGreaterThan(smallest.data.length);
    expect(fastest.sizes![0].data.length).toBeGreaterThan(smallest.sizes![0].data.length);
    expect(unset.data.equals(standard.data)).toBe(true);
    expect(fastest.data.equals(standard.data)).toBe(false);
    expect(await sharp(fastest.data).metadata()).toMatchObject({ format: 'webp', width: 500, height: 750 });
  });
});
