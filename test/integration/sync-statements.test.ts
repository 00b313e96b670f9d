/**
 * A title's database work is a handful of statements, not several per person it credits:
 * a bulk of thousands of titles is paced by its statements. Counts, not times.
 */
import type { Knex } from 'knex';
import { createColumnCodec } from '../../src/mappers/column-codec';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

const php = createColumnCodec('php');

/** Statements run while `fn` runs, by the table they name first. */
async function countStatements(db: Knex, fn: () => Promise<unknown>): Promise<{ total: number; byTable: Record<string, number> }> {
  const byTable: Record<string, number> = {};
  let total = 0;
  const listener = (q: { sql: string }) => {
    total += 1;
    const table = /(?:from|into|update)\s+`?(\w+)`?/i.exec(q.sql)?.[1] ?? 'other';
    byTable[table] = (byTable[table] ?? 0) + 1;
  };
  db.on('query', listener);
  try {
    await fn();
  } finally {
    db.removeListener('query', listener);
  }
  return { total, byTable };
}

describeEachDatabase('statements per title', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t, { build: { peopleInBackground: true } });
  });
  afterAll(async () => h?.close());

  it('makes the people of a title (Fight Club, 258 of them) in a few statements, and adds the title to its stars’ known_for', async () => {
    const first = await countStatements(h.app.db, () => h.app.sync.sync('movie', 550));
    const people = await t.db(t.table('tmu_people')).count({ n: '*' }).first();
    expect(Number(people?.n)).toBe(258);
    // Old code: about 5 statements per person on tmu_people and the fingerprints, and 3 per local post.
    expect(first.byTable[t.table('tmu_people')]).toBeLessThanOrEqual(12);
    // A constant per title, not per person: 18 since the cast and crew link rows are edited fields of their own (a read and a save each).
    expect(first.byTable[t.table('tmu_sync_fingerprints')]).toBeLessThanOrEqual(18);
    expect(first.byTable[t.table('tmu_local_posts')]).toBeLessThanOrEqual(30);
    // Old code: 787 on tmu_people alone.
    expect(first.total).toBeLessThan(250);

    const movie = await t.db(t.table('tmu_movies')).where({ tmdb_id: 550 }).first();
    const pitt = await t.db(t.table('tmu_people')).where({ tmdb_id: 287 }).first();
    expect(php.decode(pitt.known_for)).toEqual([Number(movie.ID)]);
    expect(pitt.name).toBe('Brad Pitt');

    // A re-sync of the unchanged title writes no person row and no known_for.
    const again = await countStatements(h.app.db, () => h.app.sync.sync('movie', 550));
    expect(again.total).toBeLessThan(first.total);
    const writes = await countStatements(h.app.db, () => h.app.sync.sync('movie', 550));
    expect(writes.byTable[t.table('tmu_people')] ?? 0).toBeLessThanOrEqual(3);
    expect(php.decode((await t.db(t.table('tmu_people')).where({ tmdb_id: 287 }).first()).known_for)).toEqual([Number(movie.ID)]);
  });
});
