import pino from 'pino';
import type { ObjectRunner } from '../../../src/domain/object-runner';
import type { PostInput } from '../../../src/domain/content-store';
import type { WordPressClient } from '../../../src/clients/wordpress/wordpress.client';
import { WordPressContentStore } from '../../../src/clients/content-store/wordpress-content-store';
import { WordPressSiteState } from '../../../src/clients/wordpress/wordpress-site-state';
import type { BatchRequest, BatchResponse, ResolveAnswer, ResolveQuery, WpHostLimits } from '../../../src/clients/wordpress/wordpress.types';

const logger = pino({ level: 'silent' });
const IDEMPOTENT: WpHostLimits = { max_execution_time: 30, memory_limit: -1, batch_limit: 25, features: ['idempotent_creates'] };
const OLD_PLUGIN: WpHostLimits = { max_execution_time: 30, memory_limit: -1, batch_limit: 25 };

/**
 * A WordPress with the plugin: keyed creates make one post per key and answer a repeat with the
 * existing post and `X-TMU-Existing`, as the plugin does; terms answer term_exists with the id.
 */
class PluginWordPress {
  readonly calls: string[] = [];
  readonly posts = new Map<string, number>();
  readonly terms = new Map<string, number>();
  readonly uploads: string[] = [];
  private nextId = 100;
  constructor(private readonly host: WpHostLimits) {}
  async batchLimit(): Promise<number> {
    return 25;
  }
  async resolve(query: ResolveQuery): Promise<ResolveAnswer> {
    this.calls.push('resolve');
    await tick();
    const found = (groups: ResolveQuery['keys']) =>
      Object.fromEntries(
        (groups ?? []).map((g) => [g.type, Object.fromEntries(g.keys.filter((k) => this.posts.has(`${g.type}:${k}`)).map((k) => [k, this.posts.get(`${g.type}:${k}`)!]))]),
      );
    const terms = Object.fromEntries(
      (query.terms ?? []).map((t) => [
        t.taxonomy,
        Object.fromEntries(t.slugs.filter((s) => this.terms.has(`${t.taxonomy}:${s}`)).map((s) => [s, this.terms.get(`${t.taxonomy}:${s}`)!])),
      ]),
    );
    return { tmdb_ids: found(query.tmdbIds), keys: found(query.keys), posts: [], terms, media: {}, statuses: {}, host: this.host };
  }
  async batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
    this.calls.push(`batch ${requests.map((r) => r.path.replace('/wp/v2/', '')).join(',')}`);
    await tick();
    return requests.map((r) => this.write(r));
  }
  async single(request: BatchRequest): Promise<BatchResponse> {
    return this.write(request);
  }
  async uploadMedia(file: { fileName: string }): Promise<{ id: number }> {
    this.uploads.push(file.fileName);
    await tick();
    return { id: (this.nextId += 1) };
  }
  private write(request: BatchRequest): BatchResponse {
    const type = request.path.replace('/wp/v2/', '');
    const body = request.body as { slug?: string; title?: string; meta?: { tmu_key?: string } };
    if (body.slug !== undefined) {
      const key = `${type}:${body.slug}`;
      if (this.terms.has(key)) return { status: 400, body: { code: 'term_exists', data: { status: 400, term_id: this.terms.get(key) } } };
      this.terms.set(key, (this.nextId += 1));
      return { status: 201, body: { id: this.terms.get(key) } };
    }
    const key = `${type}:${body.meta?.tmu_key}`;
    const existing = this.posts.get(key);
    if (existing !== undefined) return { status: 200, body: { id: existing, status: 'publish', title: { raw: body.title } }, headers: { 'X-TMU-Existing': String(existing) } };
    this.posts.set(key, (this.nextId += 1));
    return { status: 201, body: { id: this.posts.get(key), status: 'publish', title: { raw: body.title } } };
  }
}

const tick = () => new Promise((r) => setTimeout(r, 2));
const person = (tmdbId: number): PostInput => ({ type: 'people', key: String(tmdbId), tmdbId, title: `Person ${tmdbId}`, status: 'publish' });
const drama = { taxonomy: 'genre' as const, name: 'Drama', slug: 'drama' };

/** Counts the database locks the objects take (cross-process serialization). */
class CountingLocks implements ObjectRunner {
  readonly keys: string[] = [];
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    this.keys.push(key);
    return fn();
  }
}

function setUp(host: WpHostLimits) {
  const wp = new PluginWordPress(host);
  const locks = new CountingLocks();
  const objects = new WordPressSiteState(wp as unknown as WordPressClient, logger, locks, 2);
  return { wp, locks, objects, sessions: () => new WordPressContentStore(objects) };
}

describe('creates against a plugin with idempotent_creates', () => {
  it('two syncs creating the same person at once share one create, with no lock', async () => {
    const { wp, locks, objects, sessions } = setUp(IDEMPOTENT);
    await objects.resolve({});
    const [one, two] = [sessions(), sessions()];
    const [a, b] = await Promise.all([one.findOrCreatePosts([person(1), person(2)]), two.findOrCreatePosts([person(2), person(3)])]);
    expect(a[1].id).toBe(b[0].id);
    expect([a[1].created, b[0].created].sort()).toEqual([false, true]);
    expect(wp.posts.size).toBe(3);
    const creates = wp.calls
      .filter((c) => c.startsWith('batch'))
      .join(',')
      .split(',')
      .filter((p) => p.includes('people'));
    expect(creates).toHaveLength(3);
    expect(locks.keys).toEqual([]);
  });

  it('reads created=false from X-TMU-Existing when another process made the post meanwhile', async () => {
    const { wp, sessions } = setUp(IDEMPOTENT);
    const session = sessions();
    // The session looks the person up (absent), then another sidecar creates it.
    await session.prefetch({ keys: [{ type: 'people', key: '7' }] });
    wp.posts.set('people:7', 555);
    const [ref] = await session.findOrCreatePosts([person(7)]);
    expect(ref).toEqual({ id: 555, created: false });
    // The key it had looked up is not asked again: prefetch, then the create.
    expect(wp.calls).toEqual(['resolve', 'batch people']);
  });

  it('creates a term once for two syncs at once, with no lock per taxonomy and no second look-up', async () => {
    const { wp, locks, objects } = setUp(IDEMPOTENT);
    await objects.resolve({ terms: [{ taxonomy: 'genre', slugs: ['drama'] }] });
    await Promise.all([objects.ensureTerms([drama]), objects.ensureTerms([drama])]);
    expect(objects.termIdsOf([drama])).toEqual([wp.terms.get('genre:drama')]);
    expect(wp.calls).toEqual(['resolve', 'batch genre']);
    expect(locks.keys).toEqual([]);
  });

  it('uploads a TMDb path once for two guards at once, with no lock', async () => {
    const { wp, locks, objects } = setUp(IDEMPOTENT);
    await objects.resolve({ media: ['/a.jpg'] });
    const image = { filePath: '/a.jpg', data: Buffer.from('x'), mimeType: 'image/webp', fileName: 'a.webp', alt: '' };
    const ids = await Promise.all([objects.guardMedia(['/a.jpg'], (upload) => upload(1, image)), objects.guardMedia(['/a.jpg'], (upload) => upload(2, image))]);
    expect(ids[0]).toBe(ids[1]);
    expect(wp.uploads).toEqual(['a.webp']);
    expect(wp.calls).toEqual(['resolve']);
    expect(locks.keys).toEqual([]);
  });
});

describe('creates against an older plugin (no features in its host report)', () => {
  it('keeps the lock per post type across processes and reads the keys again under it', async () => {
    const { wp, locks, objects, sessions } = setUp(OLD_PLUGIN);
    await objects.resolve({});
    const session = sessions();
    await session.prefetch({ keys: [{ type: 'people', key: '1' }] });
    const [ref] = await session.findOrCreatePosts([person(1)]);
    expect(ref.created).toBe(true);
    expect(locks.keys).toEqual(['wp:create:people']);
    expect(wp.calls).toEqual(['resolve', 'resolve', 'resolve', 'batch people']);
  });

  it('keeps the lock per taxonomy and per TMDb path', async () => {
    const { locks, objects } = setUp(OLD_PLUGIN);
    await objects.resolve({});
    await objects.ensureTerms([drama]);
    const image = { filePath: '/b.jpg', data: Buffer.from('x'), mimeType: 'image/webp', fileName: 'b.webp', alt: '' };
    await objects.guardMedia(['/b.jpg'], (upload) => upload(1, image));
    expect(locks.keys).toEqual(['wp:term:genre', 'wp:media:/b.jpg']);
  });

  it('finishes a guard entered again on the same path from inside it, without a second lock', async () => {
    const { wp, locks, objects, sessions } = setUp(OLD_PLUGIN);
    await objects.resolve({});
    const image = { filePath: '/c.jpg', data: Buffer.from('x'), mimeType: 'image/webp', fileName: 'c.webp', alt: '' };
    const store = sessions();
    // Before, the inner guard waited for the outer one, which waited for the inner one: it never ended.
    const nested = store.guardUploads(['/c.jpg'], (outer) => store.guardUploads(['/c.jpg'], async (inner) => [outer!, inner!, await inner!(1, image)]));
    const timeout = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 2000).unref());
    const answer = await Promise.race([nested, timeout]);
    expect(answer).not.toBe('hung');
    expect(wp.uploads).toEqual(['c.webp']);
    expect(locks.keys).toEqual(['wp:media:/c.jpg']);
    // Once the outer guard ended, the path is guarded (and locked) again.
    await store.guardUploads(['/c.jpg'], async () => undefined);
    expect(locks.keys).toEqual(['wp:media:/c.jpg', 'wp:media:/c.jpg']);
  });
});
