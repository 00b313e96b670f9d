import pino from 'pino';
import type { WordPressClient } from '../../../src/clients/wordpress/wordpress.client';
import { WordPressContentStore } from '../../../src/clients/content-store/wordpress-content-store';
import { WordPressSiteState } from '../../../src/clients/wordpress/wordpress-site-state';
import type { BatchRequest, BatchResponse, MediaBatchItem, MediaBatchResult, ResolveAnswer, WpHostLimits } from '../../../src/clients/wordpress/wordpress.types';
import type { ImageInput, PostInput } from '../../../src/domain/content-store';

const logger = pino({ level: 'silent' });
const HOST: WpHostLimits = { max_execution_time: 30, memory_limit: -1, batch_limit: 25, features: ['idempotent_creates', 'media_batch'], media_batch_limit: 20 };
const drama = { taxonomy: 'genre' as const, name: 'Drama', slug: 'drama' };
const thriller = { taxonomy: 'genre' as const, name: 'Thriller', slug: 'thriller' };

/**
 * A WordPress with the plugin, as far as a new title's page goes: a create answers the post as REST does
 * in the edit context (its raw text, its terms, its meta); the media route sets the featured image when
 * an item asks (`setsFeatured`, as the plugin now does) or ignores the flag (an older plugin).
 */
class PageWordPress {
  readonly writes: string[] = [];
  readonly bodies: Array<Record<string, unknown>> = [];
  readonly mediaItems: MediaBatchItem[] = [];
  private nextId = 100;
  constructor(private readonly setsFeatured: boolean) {}
  async batchLimit(): Promise<number> {
    return 25;
  }
  async resolve(): Promise<ResolveAnswer> {
    return { tmdb_ids: {}, keys: {}, posts: [], terms: {}, media: {}, statuses: {}, host: HOST };
  }
  async batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
    return requests.map((r) => this.single(r));
  }
  single(request: BatchRequest): BatchResponse {
    this.writes.push(`${request.method} ${request.path}`);
    const body = request.body as Record<string, unknown>;
    this.bodies.push(body);
    if (typeof body.slug === 'string') return { status: 201, body: { id: (this.nextId += 1) } };
    if (request.method === 'PUT') return { status: 200, body: { id: Number(request.path.split('/').pop()) } };
    const { title, content, meta, genre, status } = body as { title: string; content: string; meta: Record<string, unknown>; genre?: number[]; status: string };
    return { status: 201, body: { id: (this.nextId += 1), status, title: { raw: title }, content: { raw: content }, featured_media: 0, meta, genre: genre ?? [] } };
  }
  async uploadMediaBatch(items: MediaBatchItem[]): Promise<MediaBatchResult[]> {
    this.mediaItems.push(...items);
    return items.map((item) => ({ key: item.key, id: (this.nextId += 1), existing: false, ...(this.setsFeatured && item.featured ? { featured: true } : {}) }));
  }
}

function setUp(setsFeatured = true) {
  const wp = new PageWordPress(setsFeatured);
  const objects = new WordPressSiteState(wp as unknown as WordPressClient, logger);
  return { wp, store: new WordPressContentStore(objects) };
}

const at = new Date('2026-12-07T09:00:00.000Z');
const fightClub = (extra: Partial<PostInput> = {}): PostInput => ({
  type: 'movie',
  key: '550',
  tmdbId: 550,
  title: 'Fight Club',
  content: 'A ticking-time-bomb insomniac.',
  status: 'publish',
  ...extra,
});
const poster: ImageInput = { filePath: '/poster.jpg', data: Buffer.from('x'), mimeType: 'image/webp', fileName: 'poster.webp', alt: 'Fight Club' };

/** What a page-stage sync does with a new title's post after creating it (title-pipeline.ts), then its flush. */
async function afterCreate(store: WordPressContentStore, id: number, skippedImages: string[] = []): Promise<void> {
  await store.updatePost('movie', id, { title: 'Fight Club', content: 'A ticking-time-bomb insomniac.' });
  await store.setTerms('movie', id, 'genre', [drama, thriller]);
  await store.markSynced('movie', id, { at, error: null, skippedImages });
  await store.flush();
}

describe('a new title page in as few WordPress writes as it takes', () => {
  it('creates the post with its terms and the sync stamp, after the missing terms, and then sends no update', async () => {
    const { wp, store } = setUp();
    await store.prefetch({ keys: [{ type: 'movie', key: '550' }], terms: [drama, thriller] });
    const ref = await store.findOrCreatePost(fightClub({ terms: [drama, thriller], syncedAt: at }));
    await afterCreate(store, ref.id);
    expect(wp.writes).toEqual(['POST /wp/v2/genre', 'POST /wp/v2/genre', 'POST /wp/v2/movie']);
    const create = wp.bodies[2] as { genre: number[]; meta: Record<string, string> };
    expect(create.genre).toEqual([101, 102]);
    expect(create.meta).toMatchObject({ tmu_key: '550', tmdb_id: 550, tmu_last_synced_at: at.toISOString(), tmu_last_error: '', tmu_skipped_images: '' });
  });

  it('still updates what differs from the create: other terms, refused images (never the text it was created with)', async () => {
    const { wp, store } = setUp();
    const ref = await store.findOrCreatePost(fightClub({ terms: [drama], syncedAt: at }));
    await afterCreate(store, ref.id, ['/refused.jpg']);
    expect(wp.writes.filter((w) => w.startsWith('PUT'))).toEqual([`PUT /wp/v2/movie/${ref.id}`]);
    const update = wp.bodies.at(-1) as { genre: number[]; meta: Record<string, string>; title?: string };
    expect(update.genre).toHaveLength(2);
    expect(update.meta.tmu_skipped_images).toBe('/refused.jpg');
    // The text it was created with is not sent again.
    expect(update.title).toBeUndefined();
  });

  it('has the poster upload make it the featured image: no update for it', async () => {
    const { wp, store } = setUp();
    const ref = await store.findOrCreatePost(fightClub({ syncedAt: at }));
    store.planFeaturedImage(ref.id, poster.filePath);
    const attachment = await store.uploadImage(ref.id, poster);
    await store.setFeaturedImage('movie', ref.id, attachment, poster.filePath);
    await store.flush();
    expect(wp.mediaItems.map((i) => i.featured)).toEqual([true]);
    expect(wp.writes).toEqual(['POST /wp/v2/movie']);
  });

  it('sets the featured image with an update when the plugin did not (an older one)', async () => {
    const { wp, store } = setUp(false);
    const ref = await store.findOrCreatePost(fightClub({ syncedAt: at }));
    store.planFeaturedImage(ref.id, poster.filePath);
    const attachment = await store.uploadImage(ref.id, poster);
    await store.setFeaturedImage('movie', ref.id, attachment, poster.filePath);
    await store.flush();
    expect(wp.writes).toEqual(['POST /wp/v2/movie', `PUT /wp/v2/movie/${ref.id}`]);
    expect(wp.bodies.at(-1)).toMatchObject({ featured_media: attachment });
  });
});
