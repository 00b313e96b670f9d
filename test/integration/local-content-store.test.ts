/** The local stand-in for WordPress: find-or-create by natural key, terms by slug, attachments once per file path. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countLocalContent, LocalContentRepository } from '../../src/repositories/local-content.repository';
import { countRows, UnitOfWork } from '../../src/repositories/repositories';
import { legacySlug, LocalContentStore } from '../../src/clients/content-store/local-content-store';
import type { ImageInput } from '../../src/domain/content-store';
import { castRow, movieRow, tmdbId } from '../support/factories';
import { describeEachDatabase, SuiteDatabase } from '../support/test-databases';

function image(filePath: string, overrides: Partial<ImageInput> = {}): ImageInput {
  const name = path.basename(filePath, path.extname(filePath));
  return {
    filePath,
    data: Buffer.from(`webp bytes of ${filePath}`),
    mimeType: 'image/webp',
    fileName: `${name}.webp`,
    alt: 'The Matrix',
    width: 500,
    height: 750,
    ...overrides,
  };
}

describeEachDatabase('local content store', (t: SuiteDatabase) => {
  let uploads: string;
  let repo: LocalContentRepository;
  let store: LocalContentStore;

  beforeAll(async () => {
    uploads = mkdtempSync(path.join(os.tmpdir(), 'tmu-uploads-'));
    repo = new LocalContentRepository(t.db, t.prefix);
    await repo.ensureSchema();
    store = new LocalContentStore(repo, uploads);
  });
  afterAll(() => rmSync(uploads, { recursive: true, force: true }));

  it('creates its own tables, idempotently', async () => {
    await repo.ensureSchema();
    for (const name of ['tmu_local_posts', 'tmu_local_terms', 'tmu_local_term_relationships', 'tmu_local_attachments']) {
      expect(await t.db.schema.hasTable(t.table(name))).toBe(true);
    }
  });

  it('finds or creates posts by type + natural key, with legacy slugs', async () => {
    const tmdb = tmdbId();
    const first = await store.findOrCreatePost({ type: 'movie', key: String(tmdb), title: 'The Matrix', content: 'Neo…', tmdbId: tmdb, date: '1999-03-17' });
    expect(first.created).toBe(true);
    const again = await store.findOrCreatePost({ type: 'movie', key: String(tmdb), title: 'Matrix, The (edited)', content: 'changed' });
    expect(again).toEqual({ id: first.id, created: false });
    expect(await store.getPost('movie', first.id)).toEqual({ id: first.id, type: 'movie', title: 'The Matrix', content: 'Neo…', status: 'publish' });
    expect(await repo.findPostId('movie', String(tmdb))).toBe(first.id);
    expect(await repo.findPostId('tv', String(tmdb))).toBeNull();
    expect(await repo.getPost(first.id)).toMatchObject({ slug: `${first.id}-the-matrix`, post_date: '1999-03-17', tmdb_id: tmdb, natural_key: String(tmdb) });

    const season = await store.findOrCreatePost({ type: 'season', key: `${first.id}:s1`, title: 'Game of Thrones - Season 1', parentId: first.id });
    expect((await repo.getPost(season.id))?.slug).toBe(`${first.id}-game-of-thrones-season-1`);
    expect(legacySlug('drama-episode', 9, 'Crash Landing on You Episode 1', 7)).toBe('7-crash-landing-on-you-episode-1');
    expect(legacySlug('people', 9, 'Léa Seydoux')).toBe('9-lea-seydoux');

    const racing = await Promise.all(Array.from({ length: 5 }, () => store.findOrCreatePost({ type: 'people', key: 'race-1', title: 'Keanu Reeves' })));
    expect(new Set(racing.map((r) => r.id)).size).toBe(1);
    expect(racing.filter((r) => r.created)).toHaveLength(1);
  });

  it('updates title/content/status, re-deriving the slug from a new title', async () => {
    const ref = await store.findOrCreatePost({ type: 'tv', key: String(tmdbId()), title: 'Game of Thrones' });
    await store.updatePost('tv', ref.id, { title: 'Game of Thrones (2011)', status: 'draft' });
    expect(await repo.getPost(ref.id)).toMatchObject({ title: 'Game of Thrones (2011)', slug: `${ref.id}-game-of-thrones-2011`, status: 'draft' });
    await expect(store.updatePost('movie', 999999, { title: 'x' })).rejects.toThrow(/does not exist/);
  });

  it('sets terms by slug: created once, reused, replaced per taxonomy', async () => {
    const a = await store.findOrCreatePost({ type: 'movie', key: String(tmdbId()), title: 'A' });
    const b = await store.findOrCreatePost({ type: 'movie', key: String(tmdbId()), title: 'B' });
    const before = (await store.countLocalContent()).terms;
    const genres = [
      { taxonomy: 'genre' as const, name: 'Action', slug: 'action' },
      { taxonomy: 'genre' as const, name: 'Science Fiction', slug: 'science-fiction' },
      { taxonomy: 'genre' as const, name: 'Action (dup)', slug: 'action' },
    ];
    const ids = await store.setTerms('movie', a.id, 'genre', genres);
    expect(ids).toHaveLength(2);
    expect(await store.setTerms('movie', b.id, 'genre', genres.slice(0, 2))).toEqual(ids);
    expect(await store.setTerms('movie', a.id, 'genre', genres)).toEqual(ids);
    await store.setTerms('movie', a.id, 'keyword', [{ taxonomy: 'keyword', name: 'Action', slug: 'action' }]);
    expect((await store.countLocalContent()).terms).toBe(before + 3);

    await store.setTerms('movie', a.id, 'genre', [genres[1]]);
    expect((await store.getTerms(a.id)).map((x) => `${x.taxonomy}:${x.slug}`).sort()).toEqual(['genre:science-fiction', 'keyword:action']);
    expect((await store.getTerms(b.id, 'genre')).map((x) => x.name)).toEqual(['Action', 'Science Fiction']);
    await store.setTerms('movie', a.id, 'genre', []);
    expect(await store.getTerms(a.id, 'genre')).toEqual([]);
  });

  it('uploads an image once per TMDb file path', async () => {
    const post = await store.findOrCreatePost({ type: 'movie', key: String(tmdbId()), title: 'The Matrix' });
    const id = await store.uploadImage(post.id, image('/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg'));
    const stored = await repo.findAttachment('/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg');
    expect(stored).toMatchObject({
      id,
      post_id: post.id,
      file_name: 'f89U3ADr1oiB1s9GkdPOEpXUk5H.webp',
      mime_type: 'image/webp',
      width: 500,
      height: 750,
      stored_path: 'f89U3ADr1oiB1s9GkdPOEpXUk5H.webp',
    });
    const file = store.resolveUpload(stored!.stored_path);
    expect(readFileSync(file, 'utf8')).toBe('webp bytes of /f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg');

    writeFileSync(file, 'marker');
    const mtime = statSync(file).mtimeMs;
    expect(await store.uploadImage(post.id, image('/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg', { data: Buffer.from('other') }))).toBe(id);
    expect(readFileSync(file, 'utf8')).toBe('marker');
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(await store.findAttachment('/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg')).toBe(id);
    expect(await store.findAttachment('/missing.jpg')).toBeNull();

    // Same file name from another TMDb path: a second file, not an overwrite.
    const clash = await store.uploadImage(post.id, image('/other/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg'));
    const clashRow = await repo.findAttachment('/other/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg');
    expect(clash).not.toBe(id);
    expect(clashRow?.stored_path).toMatch(/^f89U3ADr1oiB1s9GkdPOEpXUk5H-[0-9a-f]{8}\.webp$/);
    expect(readFileSync(file, 'utf8')).toBe('marker');

    await store.setFeaturedImage('movie', post.id, id);
    expect((await repo.getPost(post.id))?.featured_image_id).toBe(id);
    await repo.deletePost(post.id);
    expect(await store.getPost('movie', post.id)).toBeNull();
    expect((await repo.findAttachment('/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg'))?.post_id).toBeNull();
  });

  it('writes inside a UnitOfWork transaction and leaves nothing behind on rollback', async () => {
    const uow = new UnitOfWork(t.db, t.prefix);
    const rowsBefore = await countRows(t.db, t.prefix);
    const contentBefore = await countLocalContent(t.db, t.prefix);
    const tmdb = tmdbId();
    const failed = uow.run(async (repos, trx) => {
      const tx = store.forTransaction(trx);
      const ref = await tx.findOrCreatePost({ type: 'movie', key: String(tmdb), title: 'Rolled Back', tmdbId: tmdb });
      await tx.setTerms('movie', ref.id, 'genre', [{ taxonomy: 'genre', name: 'Rollback Genre', slug: 'rollback-genre' }]);
      const poster = await tx.uploadImage(ref.id, image('/rolled-back.jpg'));
      await tx.setFeaturedImage('movie', ref.id, poster);
      await repos.movies.upsertRow(movieRow({ ID: ref.id, tmdb_id: tmdb }));
      await repos.movies.replaceCast(ref.id, [castRow()]);
      throw new Error('sync failed half-way');
    });
    await expect(failed).rejects.toThrow('sync failed half-way');
    expect(await countRows(t.db, t.prefix)).toEqual(rowsBefore);
    expect(await countLocalContent(t.db, t.prefix)).toEqual(contentBefore);
    expect(await repo.findPostId('movie', String(tmdb))).toBeNull();
    expect(await store.findAttachment('/rolled-back.jpg')).toBeNull();

    // The retry commits, reusing the file already on disk.
    const id = await uow.run(async (repos, trx) => {
      const tx = store.forTransaction(trx);
      const ref = await tx.findOrCreatePost({ type: 'movie', key: String(tmdb), title: 'Committed', tmdbId: tmdb });
      await tx.uploadImage(ref.id, image('/rolled-back.jpg'));
      await repos.movies.upsertRow(movieRow({ ID: ref.id, tmdb_id: tmdb }));
      return ref.id;
    });
    expect(await repo.findPostId('movie', String(tmdb))).toBe(id);
    expect(await store.findAttachment('/rolled-back.jpg')).not.toBeNull();
    const after = await countLocalContent(t.db, t.prefix);
    expect(after.attachments).toBe(contentBefore.attachments + 1);
    expect(after.posts.movie).toBe((contentBefore.posts.movie ?? 0) + 1);
  });

  it('ends with one post, term and row when two transactions race for the same keys', async () => {
    const uow = new UnitOfWork(t.db, t.prefix);
    const tmdb = tmdbId();
    const run = () =>
      uow.run(async (repos, trx) => {
        const tx = store.forTransaction(trx);
        const ref = await tx.findOrCreatePost({ type: 'people', key: String(tmdb), title: 'Raced Person' });
        await tx.setTerms('movie', ref.id, 'nationality', [{ taxonomy: 'nationality', name: 'Raced', slug: `raced-${tmdb}` }]);
        await repos.people.upsertRow({ ID: ref.id, tmdb_id: tmdb, name: 'Raced Person' });
        return ref.id;
      });
    const ids = await Promise.all([run(), run(), run()]);
    expect(new Set(ids).size).toBe(1);
    expect(
      await t
        .db(t.table('tmu_local_posts'))
        .where({ type: 'people', natural_key: String(tmdb) })
        .count({ n: '*' })
        .first(),
    ).toEqual({ n: 1 });
    expect(
      await t
        .db(t.table('tmu_local_terms'))
        .where({ slug: `raced-${tmdb}` })
        .count({ n: '*' })
        .first(),
    ).toEqual({ n: 1 });
    expect(await t.db(t.table('tmu_people')).where({ tmdb_id: tmdb }).count({ n: '*' }).first()).toEqual({ n: 1 });
    await repo.deletePost(ids[0]);
  });

  it('counts posts by type, terms and attachments', async () => {
    const counts = await store.countLocalContent();
    expect(counts.posts).toEqual(expect.objectContaining({ movie: expect.any(Number), season: 1, people: 1, tv: 1 }));
    expect(counts.terms).toBeGreaterThanOrEqual(3);
    expect(counts.attachments).toBe(3);
    const rows = await countRows(t.db, t.prefix);
    expect(rows.tmu_local_posts).toBe(Object.values(counts.posts).reduce((a, b) => a + b, 0));
  });
});
