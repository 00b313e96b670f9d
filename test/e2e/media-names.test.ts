/**
 * Media files are named after what they show and their role: Fight Club's poster is
 * fight-club-1999-poster.webp, its second backdrop fight-club-1999-backdrop-2.webp, Brad Pitt's
 * portrait brad-pitt-profile.webp. Before, they carried TMDb's hashes ("pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK-poster.webp").
 * The TMDb path stays in the attachment's meta, so a re-sync makes no new attachment or file.
 */
import path from 'node:path';
import { startFullStack, FullStack } from './support/full-stack';

jest.setTimeout(600_000);

describe('media file names', () => {
  let s: FullStack;

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18186, sidecarPort: 18886, dbName: `tmu_e2e_media_names_${process.pid}` });
  });
  afterAll(async () => s?.close());

  async function syncNow(postId: number): Promise<void> {
    const queued = await s.api('POST', '/tmu/v1/sync', { body: { post_id: postId } });
    expect(queued.status).toBe(202);
    expect(await s.waitForJob(queued.body.job_id)).toMatchObject({ status: 'succeeded' });
    await s.waitForIdle();
  }

  /** The attachment's file name in uploads and the TMDb path kept in its meta. */
  async function fileOf(attachmentId: number): Promise<{ name: string; tmdbPath: string }> {
    const media = await s.api('GET', `/wp/v2/media/${attachmentId}`, { query: { context: 'edit' } });
    expect(media.status).toBe(200);
    const [meta] = await s.app.db('wp_postmeta').where({ post_id: attachmentId, meta_key: 'tmdb_file_path' }).pluck('meta_value');
    return { name: path.basename(String(media.body.media_details?.file ?? media.body.source_url)), tmdbPath: String(meta ?? '') };
  }

  it("names Fight Club's poster and backdrops after the title, and Brad Pitt's portrait after him; a re-sync adds nothing", async () => {
    const created = await s.api('POST', '/wp/v2/movie', { body: { title: '', status: 'draft', meta: { tmdb_id: 550 } } });
    expect(created.status).toBe(201);
    const postId = created.body.id as number;
    await syncNow(postId);

    const post = await s.api('GET', `/wp/v2/movie/${postId}`, { query: { context: 'edit' } });
    const poster = await fileOf(post.body.featured_media as number);
    expect(poster.name).toBe('fight-club-1999-poster.webp');
    // The hash stays the de-duplication key.
    expect(poster.tmdbPath).toMatch(/^\/[A-Za-z0-9]+\.(jpg|png)$/);

    const backdropIds = await s.app.db('wp_posts').where({ post_type: 'attachment', post_parent: postId }).whereNot({ ID: post.body.featured_media }).pluck('ID');
    const backdrops = await Promise.all(backdropIds.map((id: number) => fileOf(id)));
    expect(backdrops.length).toBeGreaterThan(1);
    const names = backdrops.map((b) => b.name).sort();
    expect(names).toContain('fight-club-1999-backdrop.webp');
    expect(names).toContain('fight-club-1999-backdrop-2.webp');
    expect(names.filter((n) => !/^fight-club-1999-backdrop(-\d+)?\.webp$/.test(n))).toEqual([]);

    const [bradPitt] = await s.app.db('wp_tmu_people').where({ tmdb_id: 287 }).pluck('ID');
    const portrait = await s.api('GET', `/wp/v2/people/${bradPitt}`, { query: { context: 'edit' } });
    expect(portrait.status).toBe(200);
    expect((await fileOf(portrait.body.featured_media as number)).name).toBe('brad-pitt-profile.webp');

    const before = await s.snapshot();
    await syncNow(postId);
    expect(await s.snapshot()).toEqual(before);
  });
});
