/**
 * Pages first: a page-stage sync makes the title's page (post, terms, poster, title row; a series'
 * season and episode posts and rows) and nothing else; the complete sync adds the rest without
 * duplicating what the page stage made. An import with a job queue hands each title's rest to a
 * `title.complete` job.
 */
import { createColumnCodec } from '../../src/mappers/column-codec';
import { jobInput } from '../../src/domain/job-registry';
import { titleCompletePayloadSchema, titlesOf } from '../../src/domain/job-payloads';
import { describeEachDatabase, SuiteDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

const php = createColumnCodec('php');

async function attachmentsOf(t: SuiteDatabase, postIds: number[]): Promise<number> {
  const [{ n }] = await t.db(t.table('tmu_local_attachments')).whereIn('post_id', postIds).count({ n: '*' });
  return Number(n);
}

describeEachDatabase('pages first: the page stage and the complete sync', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t);
  });
  afterAll(async () => h?.close());

  it('makes a movie page (post, terms, poster, row) first, then completes it once', async () => {
    const page = await h.app.sync.sync('movie', 550, { stage: 'page' });
    const post = await t.db(t.table('tmu_local_posts')).where({ id: page.postId }).first();
    expect(post.status).toBe('publish');
    expect(post.featured_image_id).not.toBeNull();
    const [{ n: terms }] = await t.db(t.table('tmu_local_term_relationships')).where({ post_id: page.postId }).count({ n: '*' });
    expect(Number(terms)).toBeGreaterThan(0);
    const row = await t.db(t.table('tmu_movies')).where({ tmdb_id: 550 }).first();
    expect(row).toMatchObject({ ID: page.postId, runtime: 139 });
    // The poster only: no backdrops, people, videos or credits yet.
    expect(await attachmentsOf(t, [page.postId])).toBe(1);
    expect(row.images ?? null).toBeNull();
    expect(row.star_cast ?? null).toBeNull();
    expect(row.videos ?? null).toBeNull();
    expect(page.counts).toMatchObject({ people: 0, videos: 0, castRows: 0, crewRows: 0, images: 1 });
    expect(page.peopleToRefresh).toBeUndefined();
    expect(await t.db(t.table('tmu_movies_cast')).where({ movie: page.postId })).toHaveLength(0);
    expect(await t.db(t.table('tmu_local_posts')).where({ type: 'people' })).toHaveLength(0);
    expect(await t.db(t.table('tmu_local_posts')).where({ type: 'video' })).toHaveLength(0);

    const all = await h.app.sync.sync('movie', 550);
    expect(all).toMatchObject({ postId: page.postId, created: false });
    const complete = await t.db(t.table('tmu_movies')).where({ tmdb_id: 550 }).first();
    const backdrops = php.decode(complete.images) as number[];
    expect(backdrops.length).toBeGreaterThan(0);
    expect((php.decode(complete.star_cast) as unknown[]).length).toBe(4);
    expect(await t.db(t.table('tmu_movies_cast')).where({ movie: page.postId })).toHaveLength(75);
    // The poster the page stage uploaded is the one the complete sync keeps.
    const after = await t.db(t.table('tmu_local_posts')).where({ id: page.postId }).first();
    expect(after.featured_image_id).toBe(post.featured_image_id);
    expect(await attachmentsOf(t, [page.postId])).toBe(1 + backdrops.length);

    // Another page stage and another complete sync change nothing.
    const before = await h.counts();
    await h.app.sync.sync('movie', 550, { stage: 'page' });
    await h.app.sync.sync('movie', 550);
    expect(await h.counts()).toEqual(before);
  });

  it('makes a series page with its seasons and episodes but no stills, logos or credits', async () => {
    const page = await h.app.sync.sync('tv', 1399, { stage: 'page' });
    expect(page.counts).toMatchObject({ seasons: 8, episodes: 73, images: 1, people: 0 });
    const episodes = await t.db(t.table('tmu_tv_series_episodes')).where({ tv_series: page.postId });
    expect(episodes).toHaveLength(73);
    expect(episodes.every((e) => (e.credits ?? null) === null)).toBe(true);
    const episodePosts = await t.db(t.table('tmu_local_posts')).where({ type: 'episode', parent_id: page.postId });
    expect(episodePosts.every((p) => p.featured_image_id === null)).toBe(true);
    const [{ n: logos }] = await t.db(t.table('tmu_local_term_meta')).where({ meta_key: 'logo' }).count({ n: '*' });
    expect(Number(logos)).toBe(0);

    const all = await h.app.sync.sync('tv', 1399);
    expect(all.counts).toMatchObject({ seasons: 8, episodes: 73 });
    expect(await t.db(t.table('tmu_tv_series_episodes')).where({ tv_series: page.postId })).toHaveLength(73);
    const stills = await t.db(t.table('tmu_local_posts')).where({ type: 'episode', parent_id: page.postId }).whereNotNull('featured_image_id');
    expect(stills.length).toBeGreaterThan(0);
    const credited = await t.db(t.table('tmu_tv_series_episodes')).where({ tv_series: page.postId }).whereNotNull('credits');
    expect(credited.length).toBeGreaterThan(0);
  });
});

describeEachDatabase('pages first: an import with a job queue', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t, { build: { peopleInBackground: true, pagesFirst: true } });
  });
  afterAll(async () => h?.close());

  it("imports on the page lanes, four times a bulk's, while a bulk keeps its own lanes and syncs titles whole", () => {
    const importer = h.app.imports.importer as unknown as { deps: { concurrency: number } };
    const bulk = h.app.bulk as unknown as { deps: { concurrency: number; completeLater?: unknown } };
    expect(importer.deps.concurrency).toBe(h.app.config.jobs.pageLanes);
    expect(h.app.config.jobs.pageLanes).toBe(Math.min(64, h.app.config.jobs.bulkLanes * 8));
    expect(bulk.deps.concurrency).toBe(h.app.config.jobs.bulkLanes);
    expect(bulk.deps.completeLater).toBeUndefined();
  });

  it('imports each title at the page stage and completes it in a title.complete job', async () => {
    const { job } = await h.app.jobs.enqueue(
      jobInput('import', {
        items: [
          { type: 'movie', tmdb_id: 603 },
          { type: 'movie', tmdb_id: 680 },
        ],
      }),
    );
    const worker = h.app.createWorker({ concurrency: 1 });
    expect(await worker.runJob(job.id)).toBe(true);
    expect((await h.app.jobs.get(job.id))?.status).toBe('succeeded');
    // Both pages are live; their rest is queued (each title once, merged into a waiting job when there is one), pointing at the import.
    const rows = await t.db(t.table('tmu_movies')).whereIn('tmdb_id', [603, 680]);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => (r.images ?? null) === null && (r.star_cast ?? null) === null)).toBe(true);
    const completes = await h.app.jobs.list({ type: 'title.complete' });
    const payloads = completes.map((c) => titleCompletePayloadSchema.parse(c.payload));
    expect(payloads.every((p) => p.parent_job === job.id && p.options === undefined)).toBe(true);
    expect(payloads.flatMap(titlesOf).sort((a, b) => a.tmdb_id - b.tmdb_id)).toEqual([
      { type: 'movie', tmdb_id: 603 },
      { type: 'movie', tmdb_id: 680 },
    ]);
    expect(completes.every((c) => c.status === 'queued')).toBe(true);
    // The stored payload starts with parent_job: the import screen finds an import's completions by that prefix.
    const stored = await t.db(t.table('tmu_sync_jobs')).where({ type: 'title.complete' }).select('payload');
    expect(stored.every((r) => String(r.payload).startsWith(`{"parent_job":${job.id},`))).toBe(true);

    while (await worker.runOnce()) {
      // the title.complete jobs (their people feed refreshes the titles' people)
    }
    const done = await t.db(t.table('tmu_movies')).whereIn('tmdb_id', [603, 680]);
    expect(done.every((r) => (php.decode(r.images) as number[]).length > 0)).toBe(true);
    expect(done.every((r) => (php.decode(r.star_cast) as unknown[]).length > 0)).toBe(true);
    expect((await h.app.jobs.list({ type: 'title.complete' })).every((c) => c.status === 'succeeded')).toBe(true);
    // The feed did every person: no people.refresh job is left to find them fresh (an empty job in Activity).
    const credited = await t
      .db(t.table('tmu_movies_cast'))
      .whereIn(
        'movie',
        done.map((r) => r.ID),
      )
      .pluck('person');
    expect(credited.length).toBeGreaterThan(0);
    expect(await t.db(t.table('tmu_people')).whereIn('ID', credited).whereNull('synced_at')).toEqual([]);
    expect(await h.app.jobs.list({ type: 'people.refresh' })).toEqual([]);
  });
});
