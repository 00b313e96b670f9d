import { startServer, RunningServer } from '../../src/cli/commands/serve.command';
import { DETAILS_ONLY, freshTmdbIds } from '../support/jobs-fixtures';
import { signedClient, TEST_WEBHOOK_SECRET } from '../support/signed-client';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { describeEachDatabase } from '../support/test-databases';

/**
 * A post restored from the trash on the import screen is synced into, while the other titles of
 * the same import that the library has are still skipped.
 */
describeEachDatabase('import: one item re-synced on its own', (t) => {
  let h: SyncHarness;
  let server: RunningServer;
  const { call, waitForJob } = signedClient(() => server.url);

  const importJob = async (body: Record<string, unknown>) => {
    const res = await call('POST', '/import', body);
    expect(res.status).toBe(202);
    return waitForJob(res.body.job_id, 180_000);
  };

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { TMU_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, PORT: '0' } });
    server = await startServer(h.app);
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  it('syncs the item marked resync into its post and skips the other one', async () => {
    const [restored, kept] = freshTmdbIds(2);
    const items = [restored, kept].map((id) => ({ type: 'movie', tmdb_id: id }));
    expect(await importJob({ items, status: 'draft', options: DETAILS_ONLY })).toMatchObject({ status: 'succeeded' });
    const posts = new Map(
      ((await t.db(t.table('tmu_movies')).select('ID', 'tmdb_id').whereIn('tmdb_id', [restored, kept])) as Array<{ ID: number; tmdb_id: number }>).map((r) => [
        Number(r.tmdb_id),
        Number(r.ID),
      ]),
    );

    const again = await importJob({
      items: [
        { type: 'movie', tmdb_id: restored, resync: true },
        { type: 'movie', tmdb_id: kept },
      ],
      status: 'draft',
      options: DETAILS_ONLY,
    });
    expect(again).toMatchObject({ status: 'succeeded', progress: { done: 2, failed: 0, total: 2 } });
    const log = await t
      .db(t.table('tmu_sync_log'))
      .where({ job_id: again.id })
      .select<Array<{ tmdb_id: number; action: string; post_id: number }>>('tmdb_id', 'action', 'post_id');
    const byId = new Map(log.map((l) => [Number(l.tmdb_id), l]));
    expect(byId.get(restored)).toMatchObject({ action: 'synced', post_id: posts.get(restored) });
    expect(byId.get(kept)).toMatchObject({ action: 'skipped', post_id: posts.get(kept) });
    // Into the same post: no second row for the title.
    expect(await t.db(t.table('tmu_movies')).where({ tmdb_id: restored }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('refuses resync on an item that is not a boolean', async () => {
    const res = await call('POST', '/import', { items: [{ type: 'movie', tmdb_id: 1, resync: 'yes' }] });
    expect(res.status).toBe(400);
  });
});
