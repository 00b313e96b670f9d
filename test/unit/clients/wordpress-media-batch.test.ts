import pino from 'pino';
import { WordPressError } from '../../../src/errors';
import type { WordPressClient } from '../../../src/clients/wordpress/wordpress.client';
import { MediaBatcher, sizeSpecs } from '../../../src/clients/wordpress/wordpress-media-batch';
import { WordPressSiteState } from '../../../src/clients/wordpress/wordpress-site-state';
import type { MediaBatchItem, MediaBatchResult, ResolveAnswer, WpHostLimits } from '../../../src/clients/wordpress/wordpress.types';
import type { ImageInput } from '../../../src/domain/content-store';
import { uploadRefused } from '../../../src/services/images/image.service';

const logger = pino({ level: 'silent' });

function item(key: string, bytes = 100): MediaBatchItem {
  return {
    key,
    post: 7,
    alt: 'Fight Club',
    title: 'Fight Club',
    file: { data: Buffer.alloc(bytes), fileName: `${key.slice(1)}.webp`, mimeType: 'image/webp' },
    width: 780,
    height: 1170,
    mime: 'image/webp',
    sizes: [],
    hotlink: null,
  };
}

/** The plugin's media route, scripted: every item gets an id unless `answer` says otherwise. */
function fakeRoute(answer: (item: MediaBatchItem, index: number) => MediaBatchResult | null = () => null, fail?: (items: MediaBatchItem[]) => Error | null) {
  const requests: string[][] = [];
  let next = 100;
  const send = async (items: MediaBatchItem[]): Promise<MediaBatchResult[]> => {
    requests.push(items.map((i) => i.key));
    await new Promise((r) => setTimeout(r, 5));
    const error = fail?.(items);
    if (error) throw error;
    return items.map((i, n) => answer(i, n) ?? { key: i.key, id: (next += 1), existing: false });
  };
  return { requests, send };
}

const batcher = (
  send: (items: MediaBatchItem[]) => Promise<MediaBatchResult[]>,
  options: { limit?: number; concurrency?: number; maxBytes?: number; maxFiles?: number } = {},
) =>
  new MediaBatcher(send, logger, {
    maxItems: () => options.limit ?? 20,
    concurrency: options.concurrency ?? 1,
    maxBytes: () => options.maxBytes,
    maxFiles: () => options.maxFiles,
    windowMs: 10,
  });

describe('MediaBatcher: uploads share tmu/v1/media requests', () => {
  it('merges the uploads that arrive together into one request, each caller getting its own id', async () => {
    const route = fakeRoute();
    const media = batcher(route.send);
    const ids = await Promise.all(['/a.jpg', '/b.jpg', '/c.jpg'].map((key) => media.upload(item(key))));
    expect(route.requests).toEqual([['/a.jpg', '/b.jpg', '/c.jpg']]);
    expect(new Set(ids).size).toBe(3);
  });

  it('cuts requests at the plugin limit and the byte cap, and merges what waits while one is in flight', async () => {
    const route = fakeRoute();
    const media = batcher(route.send, { limit: 4 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => media.upload(item(`/${i}.jpg`))));
    expect(route.requests.map((r) => r.length)).toEqual([4, 4, 2]);

    const bytes = fakeRoute();
    // 1000 bytes plus the item's overhead: two fit under 90 % of 4000 (room for the form's text), three do not.
    const capped = batcher(bytes.send, { maxBytes: 4000 });
    await Promise.all(Array.from({ length: 5 }, (_, i) => capped.upload(item(`/${i}.jpg`, 1000))));
    expect(bytes.requests.map((r) => r.length)).toEqual([2, 2, 1]);
  });

  it('keeps a request within PHP’s max_file_uploads, counting each size as a file', async () => {
    const route = fakeRoute();
    const media = batcher(route.send, { maxFiles: 20 });
    const sized = (key: string): MediaBatchItem => ({
      ...item(key),
      sizes: ['thumbnail', 'medium', 'medium_large', 'large'].map((name) => ({
        name,
        data: Buffer.alloc(10),
        fileName: `${name}.webp`,
        mimeType: 'image/webp',
        width: 1,
        height: 1,
      })),
    });
    await Promise.all(Array.from({ length: 9 }, (_, i) => media.upload(sized(`/${i}.jpg`))));
    expect(route.requests.map((r) => r.length)).toEqual([4, 4, 1]);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const route = fakeRoute();
    const media = batcher(
      async (items) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          return await route.send(items);
        } finally {
          inFlight -= 1;
        }
      },
      { limit: 2, concurrency: 2 },
    );
    await Promise.all(Array.from({ length: 9 }, (_, i) => media.upload(item(`/${i}.jpg`))));
    expect(most).toBe(2);
    expect(route.requests.flat()).toHaveLength(9);
  });

  it('rejects only the item WordPress refused, with its status: 415 is skipped as refused, 500 is retryable', async () => {
    const route = fakeRoute((i) => {
      if (i.key === '/bad.jpg') return { key: i.key, error: { code: 'tmu_media_type', message: 'not an image', status: 415 } };
      if (i.key === '/disk.jpg') return { key: i.key, error: { code: 'tmu_media_move', message: 'could not move', status: 500 } };
      return null;
    });
    const media = batcher(route.send);
    const [good, bad, disk] = await Promise.allSettled(['/good.jpg', '/bad.jpg', '/disk.jpg'].map((key) => media.upload(item(key))));
    expect(route.requests).toHaveLength(1);
    expect(good.status).toBe('fulfilled');
    const badError = (bad as PromiseRejectedResult).reason as WordPressError;
    expect(badError).toBeInstanceOf(WordPressError);
    expect(badError).toMatchObject({ status: 415, retryable: false });
    expect(uploadRefused(badError)).toBe(true);
    expect((disk as PromiseRejectedResult).reason).toMatchObject({ status: 500, retryable: true });
  });

  it('sends a request that died retryably again as two halves, down to single items', async () => {
    // WordPress dies on any request of more than one item that holds /heavy.jpg.
    const route = fakeRoute(undefined, (items) =>
      items.length > 1 && items.some((i) => i.key === '/heavy.jpg') ? new WordPressError('WordPress POST /tmu/v1/media failed (503)', { status: 503, retryable: true }) : null,
    );
    const media = batcher(route.send);
    const results = await Promise.allSettled(['/a.jpg', '/b.jpg', '/heavy.jpg', '/d.jpg'].map((key) => media.upload(item(key))));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(route.requests).toEqual([['/a.jpg', '/b.jpg', '/heavy.jpg', '/d.jpg'], ['/a.jpg', '/b.jpg'], ['/heavy.jpg', '/d.jpg'], ['/heavy.jpg'], ['/d.jpg']]);
  });

  it('does not split a request WordPress refused for good', async () => {
    const route = fakeRoute(undefined, () => new WordPressError('WordPress POST /tmu/v1/media failed (400): tmu_media_too_many', { status: 400 }));
    const media = batcher(route.send);
    const results = await Promise.allSettled(['/a.jpg', '/b.jpg'].map((key) => media.upload(item(key))));
    expect(route.requests).toHaveLength(1);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('reads the plugin image sizes, dropping unbounded ones', () => {
    expect(
      sizeSpecs({ thumbnail: { width: 150, height: 150, crop: true }, medium_large: { width: 768, height: 0, crop: false }, odd: { width: 0, height: 0, crop: false } }),
    ).toEqual([
      { name: 'thumbnail', width: 150, height: 150, crop: true },
      { name: 'medium_large', width: 768, height: 0, crop: false },
    ]);
    expect(sizeSpecs(undefined)).toBeNull();
  });
});

describe('WordPressSiteState uploads', () => {
  function fakeWordPress(host: WpHostLimits) {
    const calls: string[] = [];
    let next = 500;
    const wp = {
      resolve: async (): Promise<ResolveAnswer> => {
        calls.push('resolve');
        return { tmdb_ids: {}, keys: {}, posts: [], terms: {}, media: {}, host };
      },
      uploadMedia: async (file: { fileName: string }) => {
        calls.push(`media ${file.fileName}`);
        return { id: (next += 1) };
      },
      uploadMediaBatch: async (items: MediaBatchItem[]) => {
        calls.push(`batch ${items.map((i) => i.key).join(' ')}`);
        return items.map((i) => ({ key: i.key, id: (next += 1), existing: false }));
      },
    };
    return { calls, wp: wp as unknown as WordPressClient };
  }
  const image = (filePath: string): ImageInput => ({ filePath, data: Buffer.from('x'), mimeType: 'image/webp', fileName: `${filePath.slice(1)}.webp`, alt: 'Alt' });
  const paths = ['/a.jpg', '/b.jpg', '/c.jpg'];

  it('sends a title’s images in one media request when the plugin has media_batch', async () => {
    const { calls, wp } = fakeWordPress({ features: ['media_batch'], media_batch_limit: 20 });
    const objects = new WordPressSiteState(wp, logger);
    const ids = await objects.guardMedia(paths, (upload) => Promise.all(paths.map((p) => upload(7, image(p)))));
    expect(calls.filter((c) => c !== 'resolve')).toEqual(['batch /a.jpg /b.jpg /c.jpg']);
    expect(ids.map((id) => objects.attachmentId(paths[ids.indexOf(id)]))).toEqual(ids);
  });

  it('falls back to one /wp/v2/media upload per image without it', async () => {
    const { calls, wp } = fakeWordPress({ features: ['idempotent_creates'] });
    const objects = new WordPressSiteState(wp, logger);
    await objects.guardMedia(paths, (upload) => Promise.all(paths.map((p) => upload(7, image(p)))));
    expect(calls.filter((c) => c !== 'resolve')).toEqual(['media a.jpg.webp', 'media b.jpg.webp', 'media c.jpg.webp']);
    expect(objects.media.imageSizes()).toBeNull();
  });
});
