/**
 * The MySQL pool is sized for every bulk lane and job slot (DB_POOL_MAX).
 * Before, it was 10 whatever the lanes: 12 lanes and 3 jobs waited on each
 * other's connections while a title's transaction held one.
 */
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

describeEachDatabase('database pool size', (t) => {
  let h: SyncHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const poolMax = (harness: SyncHarness) => (harness.app.db.client.config as { pool?: { max?: number } }).pool?.max;

  it('gives MySQL one connection per bulk lane and job slot (follow-up slots too) plus two, and SQLite its one', async () => {
    h = await startSyncHarness(t, { env: { BULK_LANES: '12', JOB_CONCURRENCY: '3', FOLLOW_UP_CONCURRENCY: '4' } });
    expect(poolMax(h)).toBe(t.kind === 'mysql' ? 21 : 1);
  });

  it('takes DB_POOL_MAX as given when it is large enough', async () => {
    h = await startSyncHarness(t, { env: { BULK_LANES: '4', JOB_CONCURRENCY: '2', DB_POOL_MAX: '40' } });
    expect(poolMax(h)).toBe(t.kind === 'mysql' ? 40 : 1);
  });
});
