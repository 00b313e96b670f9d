/**
 * Migration 009: tmu_sync_jobs gets an index on (status, finished_at), which the
 * retention prune's `status IN (ended) AND finished_at < cutoff` uses; the migration runs up, down (through the
 * migrator) and up again, on SQLite and (TEST_MYSQL_URL) MariaDB.
 */
import type { Knex } from 'knex';
import { MIGRATIONS } from '../../migrations';
import { JOB_FINISHED_INDEX, jobFinishedIndexMigration } from '../../migrations/009_job_finished_index';
import { migratorConfig } from '../../migrations/migration-source';
import { indexName, listIndexes } from '../../migrations/support/schema-toolkit';
import { migrateToLatest, migrationStatus } from '../../src/repositories/database';
import { SyncLogRepository } from '../../src/repositories/sync-log.repository';
import { describeEachDatabase } from '../support/test-databases';

describeEachDatabase('job table finished_at index (migration 009)', (t) => {
  const jobsTable = () => t.table('tmu_sync_jobs');
  const finishedIndexes = async () =>
    (await listIndexes(t.db, jobsTable())).filter((e) => e.columns.map((c) => c.toLowerCase()).join(',') === JOB_FINISHED_INDEX.columns.join(','));

  it('is a registered migration and leaves one index on (status, finished_at)', async () => {
    expect(MIGRATIONS).toContain(jobFinishedIndexMigration);
    expect((await migrationStatus(t.db, t.prefix)).pending).toEqual([]);
    expect((await finishedIndexes()).map((e) => e.name)).toEqual([indexName(jobsTable(), JOB_FINISHED_INDEX)]);
  });

  it('runs down through the migrator (index gone), then up again; a second up changes nothing', async () => {
    const later = MIGRATIONS.slice(MIGRATIONS.indexOf(jobFinishedIndexMigration)).map((m) => m.name);
    for (let i = 0; i < later.length; i += 1) await t.db.migrate.down(migratorConfig(t.prefix));
    expect(await finishedIndexes()).toEqual([]);
    expect((await migrationStatus(t.db, t.prefix)).pending).toEqual(later);
    await migrateToLatest(t.db, t.prefix);
    expect(await finishedIndexes()).toHaveLength(1);
    await jobFinishedIndexMigration.up(t.db, t.prefix);
    expect(await finishedIndexes()).toHaveLength(1);
  });

  it('keeps an index a site made itself on those columns when rolled back', async () => {
    await jobFinishedIndexMigration.down!(t.db, t.prefix);
    await t.db.schema.alterTable(jobsTable(), (tb) => tb.index([...JOB_FINISHED_INDEX.columns], `${t.prefix}site_jobs_finished`));
    await jobFinishedIndexMigration.up(t.db, t.prefix); // covered: no second index
    expect((await finishedIndexes()).map((e) => e.name)).toEqual([`${t.prefix}site_jobs_finished`]);
    await jobFinishedIndexMigration.down!(t.db, t.prefix);
    expect(await finishedIndexes()).toHaveLength(1);
    await t.db.schema.alterTable(jobsTable(), (tb) => tb.dropIndex([...JOB_FINISHED_INDEX.columns], `${t.prefix}site_jobs_finished`));
    await jobFinishedIndexMigration.up(t.db, t.prefix);
    expect(await finishedIndexes()).toHaveLength(1);
  });

  it('is the index the retention prune reads jobs by (SQLite: the plan; MariaDB: a key it may use)', async () => {
    const selects: Knex.Sql[] = [];
    const listen = (query: { sql: string; bindings?: readonly unknown[] }) => {
      if (/^select/i.test(query.sql) && query.sql.includes(jobsTable()) && query.sql.includes('finished_at')) selects.push(query as Knex.Sql);
    };
    t.db.on('query', listen);
    try {
      await new SyncLogRepository(t.db, t.prefix).pruneBefore(new Date(Date.now() - 30 * 86_400_000));
    } finally {
      t.db.off('query', listen);
    }
    expect(selects).toHaveLength(1);
    const name = indexName(jobsTable(), JOB_FINISHED_INDEX);
    const bindings = [...(selects[0].bindings ?? [])] as Knex.RawBinding[];
    if (t.kind === 'sqlite') {
      const plan: Array<{ detail: string }> = await t.db.raw(`EXPLAIN QUERY PLAN ${selects[0].sql}`, bindings);
      expect(plan.map((p) => p.detail).join(' | ')).toContain(name);
    } else {
      // MariaDB picks among usable keys by table size; on a near-empty table it is enough that ours is one.
      const [rows] = await t.db.raw<Array<Array<{ possible_keys: string | null }>>>(`EXPLAIN ${selects[0].sql}`, bindings);
      expect(rows[0].possible_keys?.split(',')).toContain(name);
    }
  });
});
