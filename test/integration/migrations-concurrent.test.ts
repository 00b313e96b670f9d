/** Two sidecars starting at once migrate one database once, on SQLite and MariaDB (TEST_MYSQL_URL). */
import { MIGRATIONS } from '../../migrations';
import { migrationTableName } from '../../migrations/migration-source';
import { createDatabase, migrateToLatest, migrationStatus } from '../../src/repositories/database';
import { createTestDatabase, forEachDatabase } from '../support/test-databases';

forEachDatabase('two sidecars migrating at once', (kind) => {
  it('applies each migration exactly once; the second process waits for the lock', async () => {
    // The first-start race (both create knex's lock table) shows up about one run in ten, so race several times.
    for (let round = 0; round < 4; round += 1) {
      const test = await createTestDatabase(kind, `concurrent${round}`, { migrate: false });
      const other = createDatabase(test.url);
      try {
        const runs = await Promise.all([migrateToLatest(test.db, test.prefix, 30_000), migrateToLatest(other, test.prefix, 30_000)]);
        expect(runs.flatMap((r) => r.applied).sort()).toEqual(MIGRATIONS.map((m) => m.name));
        expect((await migrationStatus(other, test.prefix)).pending).toEqual([]);
        expect(await test.db(`${migrationTableName(test.prefix)}_lock`).select('is_locked')).toEqual([{ is_locked: 0 }]);
      } finally {
        await other.destroy();
        await test.destroy();
      }
    }
  });

  it('recovers a lock table left with two rows by an earlier race', async () => {
    const test = await createTestDatabase(kind, 'twolockrows', { migrate: false });
    try {
      const lockTable = `${migrationTableName(test.prefix)}_lock`;
      await test.db.schema.createTable(lockTable, (t) => {
        t.increments('index').primary();
        t.integer('is_locked');
      });
      await test.db(lockTable).insert([{ is_locked: 0 }, { is_locked: 0 }]);
      const run = await migrateToLatest(test.db, test.prefix, 5_000);
      expect(run.applied).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await test.db(lockTable).select('is_locked')).toEqual([{ is_locked: 0 }]);
    } finally {
      await test.destroy();
    }
  });
});
