/**
 * Reliability defect 3 (docs/reliability.md): titles that share cast, synced at the same time on MySQL,
 * failed for good with "Local post N does not exist": a read inside one title's
 * transaction could not see the people post another job had just created.
 */
import type { Knex } from 'knex';
import { createDatabase } from '../../src/repositories/database';
import { LocalContentRepository } from '../../src/repositories/local-content.repository';
import { LocalContentStore } from '../../src/clients/content-store/local-content-store';
import { NotFoundError } from '../../src/errors';
import { createTestDatabase, describeEachDatabase, mysqlTestUrl, TestDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { freshTmdbIds, waitForJobEnd } from '../support/jobs-fixtures';
import { TITLES_PER_POOL } from '../../tools/tmdb-standin/synthetic-ids';

describeEachDatabase('local content store under concurrent titles', (t) => {
  let h: SyncHarness;

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { JOB_CONCURRENCY: '4' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('syncs four titles that share cast at once, each exactly once', async () => {
    // Synthetic titles TITLES_PER_POOL apart credit the same twelve people.
    const [first] = freshTmdbIds(1);
    const ids = [0, 1, 2, 3].map((i) => (first % TITLES_PER_POOL) + 100_000 + i * TITLES_PER_POOL);
    const jobs = await Promise.all(
      ids.map(
        async (id) =>
          (await h.app.jobs.enqueue({ type: 'sync', payload: { type: 'movie', tmdb_id: id, options: { images: false, videos: false } }, objectKey: `movie:${id}` })).job,
      ),
    );
    const worker = h.app.createWorker({ pollMs: 20, retryBaseMs: 100 });
    worker.start();
    const ended = await Promise.all(jobs.map((job) => waitForJobEnd(h.app, job.id)));
    await worker.stop();
    // A deadlock between two titles' transactions may cost a retry; nothing may fail for good.
    expect(ended.map((job) => `${job.status} ${job.error ?? ''}`.trim())).toEqual(ids.map(() => 'succeeded'));
    const people = await t.db(t.table('tmu_local_posts')).where({ type: 'people' }).select('natural_key');
    expect(people.length).toBeGreaterThanOrEqual(12);
    expect(new Set(people.map((p) => p.natural_key)).size).toBe(people.length);
  });

  it('calls a missing local post a retryable failure', async () => {
    const store = new LocalContentStore(new LocalContentRepository(t.db, t.prefix), h.uploadsDir);
    const failure = await store.updatePost('people', 987_654_321, { title: 'x' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(NotFoundError);
    expect((failure as NotFoundError).retryable).toBe(true);
  });
});

// Two connections in two transactions: only MySQL has them (SQLite has one writer).
if (mysqlTestUrl()) {
  describe('local content store: a post committed after the snapshot [mysql]', () => {
    let test: TestDatabase;
    let other: Knex;

    beforeAll(async () => {
      test = await createTestDatabase('mysql', 'local-store-race');
      await new LocalContentRepository(test.db, test.prefix).ensureSchema();
      other = createDatabase(test.url);
    });
    afterAll(async () => {
      await other?.destroy();
      await test?.destroy();
    });

    it('finds and updates a people post another transaction created after this one began', async () => {
      const uploads = '/tmp';
      const base = new LocalContentStore(new LocalContentRepository(test.db, test.prefix), uploads);
      const seed = await base.findOrCreatePost({ type: 'people', key: 'tmdb:person:0', title: 'Seed' });
      const key = `tmdb:person:${Date.now()}`;
      await test.db.transaction(async (trx) => {
        const mine = base.forTransaction(trx);
        await mine.getPost('people', seed.id); // this transaction's snapshot starts here
        const theirs = new LocalContentStore(new LocalContentRepository(other, test.prefix), uploads);
        const created = await theirs.findOrCreatePost({ type: 'people', key, title: 'Brad Pitt' });
        const found = await mine.findOrCreatePost({ type: 'people', key, title: 'Brad Pitt' });
        expect(found).toEqual({ id: created.id, created: false });
        await mine.updatePost('people', found.id, { content: 'An actor.' });
        expect((await mine.getPost('people', found.id))?.content).toBe('An actor.');
      });
    });
  });
}
