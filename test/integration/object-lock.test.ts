/**
 * One sync per title at a time, whatever started it: a "Sync now" job, a bulk
 * or scheduled run, a discovery, in this process or another.
 */
import type { Knex } from 'knex';
import type { AppContainer } from '../../src/main';
import { createDatabase } from '../../src/repositories/database';
import { ObjectLockRepository } from '../../src/repositories/object-lock.repository';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { DETAILS_ONLY, freshTmdbIds } from '../support/jobs-fixtures';

describeEachDatabase('object sync locks', (t) => {
  let h: SyncHarness;
  let second: AppContainer;
  let otherDb: Knex;

  beforeAll(async () => {
    h = await startSyncHarness(t);
    second = await h.anotherProcess();
    otherDb = createDatabase(t.url);
  });
  afterAll(async () => {
    await otherDb?.destroy();
    await h?.close();
  });

  it('lets one of many racers from two pools take a lock, and a holder renew and release it', async () => {
    const mine = new ObjectLockRepository(t.db, t.prefix);
    const theirs = new ObjectLockRepository(otherDb, t.prefix);
    const won = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? mine : theirs).tryAcquire('movie:1', `racer-${i}`, 60_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = `racer-${won.indexOf(true)}`;
    expect(await mine.holderOf('movie:1')).toBe(winner);
    expect(await theirs.renew('movie:1', 'racer-x', 60_000)).toBe(false);
    expect(await theirs.renew('movie:1', winner, 60_000)).toBe(true);
    await mine.release('movie:1', 'racer-x'); // not the holder: nothing happens
    expect(await mine.holderOf('movie:1')).toBe(winner);
    await mine.release('movie:1', winner);
    expect(await mine.holderOf('movie:1')).toBeNull();
  });

  it('hands the lock of a holder that stopped renewing to the next sync', async () => {
    const locks = new ObjectLockRepository(t.db, t.prefix);
    expect(await locks.tryAcquire('movie:2', 'dead-process', 60_000, new Date(Date.now() - 120_000))).toBe(true);
    expect(await locks.tryAcquire('movie:2', 'next', 60_000)).toBe(true);
    expect(await locks.renew('movie:2', 'dead-process', 60_000)).toBe(false);
    expect(await locks.holderOf('movie:2')).toBe('next');
    await locks.release('movie:2', 'next');
  });

  it('never syncs one title in two processes at once: the second waits for the first', async () => {
    const [id] = freshTmdbIds(1);
    h.standin.setLatency(250);
    try {
      const options = { ...DETAILS_ONLY, fresh: true };
      const results = await Promise.all([h.app.sync.sync('movie', id, options), second.sync.sync('movie', id, options)]);
      expect(results[0].postId).toBe(results[1].postId);
    } finally {
      h.standin.setLatency(0);
    }
    const detail = h.standin.requestLog().filter((r) => r.path === `/3/movie/${id}`);
    expect(detail).toHaveLength(2);
    // Unlocked, both requests leave together; locked, the second leaves after the first answer (250 ms) was written.
    expect(detail[1].at - detail[0].at).toBeGreaterThanOrEqual(250);
    expect(await t.db(t.table('tmu_sync_object_locks'))).toHaveLength(0);
    expect(await t.db(t.table('tmu_movies')).where({ tmdb_id: id })).toHaveLength(1);
  });
});
