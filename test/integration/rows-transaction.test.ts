/**
 * A title's transaction used to stay open through every content-store
 * (WordPress) call, so a slow WordPress held a pooled connection and row locks for
 * seconds and bulk lanes waited on each other's connections. Now the store is
 * called first, with no transaction open, and the transaction wraps only the rows.
 */
import type { Knex } from 'knex';
import type { ContentStore } from '../../src/domain/content-store';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { freshTmdbIds } from '../support/jobs-fixtures';

/** Store calls made while one of the app's transactions was open, by method. */
interface TransactionProbe {
  decorate: (store: ContentStore) => ContentStore;
  /** Counts the app's open transactions from now on. */
  watch(db: Knex): void;
  callsInsideTransaction: string[];
  calls: number;
}

function transactionProbe(): TransactionProbe {
  let open = 0;
  const probe: TransactionProbe = {
    callsInsideTransaction: [],
    calls: 0,
    decorate: (store) =>
      new Proxy(store, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            probe.calls += 1;
            if (open > 0) probe.callsInsideTransaction.push(String(prop));
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      }),
    watch: (db) => {
      // Every transaction's first statement is BEGIN and its last COMMIT or ROLLBACK, under its own id.
      const openIds = new Set<string>();
      db.on('query', (query: { __knexTxId?: string; sql?: string }) => {
        const id = query.__knexTxId;
        if (!id || typeof query.sql !== 'string') return;
        if (/^BEGIN/i.test(query.sql)) openIds.add(id);
        if (/^(COMMIT|ROLLBACK)\b/i.test(query.sql) && !/SAVEPOINT/i.test(query.sql)) openIds.delete(id);
        open = openIds.size;
      });
    },
  };
  return probe;
}

describeEachDatabase('the rows transaction wraps only the rows', (t) => {
  let h: SyncHarness;
  const probe = transactionProbe();
  beforeAll(async () => {
    h = await startSyncHarness(t, { build: { decorateStore: probe.decorate } });
    probe.watch(h.app.db);
  });
  afterAll(async () => h?.close());
  beforeEach(() => {
    probe.calls = 0;
    probe.callsInsideTransaction.length = 0;
  });

  it('calls the content store for a movie with no transaction open, then writes its rows', async () => {
    const result = await h.app.sync.sync('movie', 550);
    expect(probe.calls).toBeGreaterThan(10);
    expect(probe.callsInsideTransaction).toEqual([]);
    expect(await t.db(t.table('tmu_movies')).where({ ID: result.postId })).toHaveLength(1);
    expect((await t.db(t.table('tmu_movies_cast')).where({ movie: result.postId })).length).toBe(result.counts.castRows);
    // The people details that followed (inline: no queue) went the same way.
    expect(result.counts.peopleFetched).toBeGreaterThan(0);
  });

  it('does the same for a series with its seasons and episodes', async () => {
    const result = await h.app.sync.sync('tv', 1399, { seasons: [1], credits: false });
    expect(probe.callsInsideTransaction).toEqual([]);
    const seasons = await t.db(t.table('tmu_tv_series_seasons')).where({ tv_series: result.postId });
    expect(seasons).toHaveLength(1);
    expect((await t.db(t.table('tmu_tv_series_episodes')).where({ tv_series: result.postId })).length).toBe(result.counts.episodes);
  });

  it('does the same for a person on their own', async () => {
    const result = await h.app.sync.sync('person', 287);
    expect(probe.calls).toBeGreaterThan(0);
    expect(probe.callsInsideTransaction).toEqual([]);
    expect(await t.db(t.table('tmu_people')).where({ ID: result.postId })).toHaveLength(1);
  });
});

/** Every store call answers `ms` later, as a slow WordPress does. */
function slowStore(ms: number) {
  return (store: ContentStore): ContentStore =>
    new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          await new Promise((resolve) => setTimeout(resolve, ms));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
}

describeEachDatabase('titles at once on a small pool with a slow store', (t) => {
  let h: SyncHarness;
  const TITLES = 6;
  beforeAll(async () => {
    // The smallest pool the config accepts for one lane, one job and one follow-up slot (SQLite: one connection anyway).
    h = await startSyncHarness(t, { env: { BULK_LANES: '1', JOB_CONCURRENCY: '1', FOLLOW_UP_CONCURRENCY: '1', DB_POOL_MAX: '3' }, build: { decorateStore: slowStore(60) } });
  });
  afterAll(async () => h?.close());

  it(`syncs ${TITLES} titles at once in about the time of one, not one after the other`, async () => {
    const quick = { images: false, videos: false, credits: false } as const;
    const [alone, ...together] = freshTmdbIds(TITLES + 1);
    let started = Date.now();
    await h.app.sync.sync('movie', alone, quick);
    const one = Date.now() - started;
    started = Date.now();
    const results = await Promise.all(together.map((id) => h.app.sync.sync('movie', id, quick)));
    const all = Date.now() - started;
    expect(results.map((r) => r.tmdbId)).toEqual(together);
    expect(await t.db(t.table('tmu_movies')).whereIn('tmdb_id', together)).toHaveLength(TITLES);
    // Before, each title held a connection through its store calls: on SQLite (one connection) they ran one after the other.
    process.stdout.write(`[${t.kind}] one title ${one} ms; ${TITLES} at once ${all} ms\n`);
    expect(all).toBeLessThan(one * 2);
  });
});
