/**
 * The orphan sweep against a real WordPress 6.1 and the plugin: a post deleted while its
 * post.deleted webhook could not leave WordPress loses what the sidecar kept for it (the
 * foreign keys take its rows, the sweep its fingerprints); a trashed post, which resolve still
 * answers for ('trash'), keeps everything; existing posts too.
 */
import { DETAILS_ONLY, freshTmdbIds } from '../support/jobs-fixtures';
import { startFullStack, FullStack } from './support/full-stack';

jest.setTimeout(600_000);

describe('orphan sweep on WordPress', () => {
  let s: FullStack;

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18123, sidecarPort: 18823, dbName: `tmu_e2e_orphan_sweep_${process.pid}` });
  });
  afterAll(async () => {
    await s?.close();
  });

  const table = (name: string) => s.app.db(`${s.wp.tablePrefix}${name}`);
  const kept = async (postId: number) => ({
    row: (await table('tmu_movies').where('ID', postId).first()) !== undefined,
    fingerprints: Number((await table('tmu_sync_fingerprints').where('object_id', postId).count({ n: '*' }))[0].n),
  });

  it('sweeps the deleted post, keeps the trashed and the existing ones', async () => {
    const ids = freshTmdbIds(3);
    const posts: number[] = [];
    for (const id of ids) posts.push((await s.app.sync.sync('movie', id, DETAILS_ONLY)).postId);
    const [trash, gone, live] = posts;
    expect((await kept(gone)).fingerprints).toBeGreaterThan(0);

    await s.wp.runPhp(`wp_trash_post( ${trash} );`);
    // The sidecar is unreachable from WordPress: the post.deleted webhook is lost.
    await s.wp.runPhp(`add_filter( 'pre_http_request', static fn() => new WP_Error( 'http_request_failed', 'down' ) ); wp_delete_post( ${gone}, true );`);
    expect(await s.app.store.postStatuses([trash, gone, live])).toEqual(
      new Map([
        [trash, 'trash'],
        [live, 'publish'],
      ]),
    );
    expect((await kept(gone)).fingerprints).toBeGreaterThan(0);

    const result = await s.app.sweep.sweep();
    expect(result).toMatchObject({ status: 'swept', orphans: 1, swept: [expect.objectContaining({ type: 'movie', postId: gone })] });
    expect(await kept(gone)).toEqual({ row: false, fingerprints: 0 });
    for (const id of [trash, live]) expect((await kept(id)).row).toBe(true);
    expect((await kept(trash)).fingerprints).toBeGreaterThan(0);
    expect(await s.app.sweep.sweep()).toMatchObject({ status: 'clean', orphans: 0 });
  });
});
