/**
 * Migrations on SQLite (always) and MariaDB (TEST_MYSQL_URL): fresh install, idempotence and WordPress
 * foreign keys. migrations-adoption.test.ts adopts the legacy TMU plugin's tables.
 */
import { isUniqueViolation } from '../../src/repositories/repository-support';
import { MIGRATIONS } from '../../migrations';
import { CONTENT_TABLES } from '../../migrations/schema/content-tables';
import { SIDECAR_TABLES } from '../../migrations/schema/sidecar-tables';
import { migrateToLatest, migrationStatus } from '../../src/repositories/database';
import { createPostsTable } from '../support/legacy-ddl-fixtures';
import { columnsOf, expectedColumns, foreignKeysOf, hasIndexOn, schemaSnapshot, tableCollation } from '../support/schema-probes';
import { describeEachDatabase, SuiteDatabase } from '../support/test-databases';

// ---------------------------------------------------------------- fresh install
describeEachDatabase('fresh migrations', (t: SuiteDatabase) => {
  it('creates every table and column, records the run in wp_tmu_migrations', async () => {
    for (const [table, columns] of expectedColumns(t.prefix)) {
      expect(await t.db.schema.hasTable(table)).toBe(true);
      const actual = Object.keys(await columnsOf(t.db, table));
      expect(actual.sort()).toEqual([...new Set(columns)].sort());
    }
    const status = await migrationStatus(t.db, t.prefix);
    expect(status).toEqual({ completed: MIGRATIONS.map((m) => m.name), pending: [] });
    expect(await t.db.schema.hasTable('wp_tmu_migrations')).toBe(true);
    expect(await t.db.schema.hasTable('wp_tmu_local_posts')).toBe(false);
  });

  it('uses the legacy column types', async () => {
    const movies = await columnsOf(t.db, t.table('tmu_movies'));
    const cast = await columnsOf(t.db, t.table('tmu_movies_cast'));
    if (t.kind === 'mysql') {
      expect(movies.ID).toMatchObject({ COLUMN_TYPE: 'bigint(20) unsigned', IS_NULLABLE: 'NO', EXTRA: '' });
      expect(movies.tmdb_id).toMatchObject({ COLUMN_TYPE: 'bigint(20)', IS_NULLABLE: 'YES' });
      expect(movies.release_date).toMatchObject({ COLUMN_TYPE: 'text', CHARACTER_SET_NAME: 'utf8mb4', COLLATION_NAME: 'utf8mb4_unicode_520_ci' });
      expect(movies.release_timestamp.COLUMN_TYPE).toBe('bigint(20)');
      expect(movies.credits.COLUMN_TYPE).toBe('longtext');
      expect(movies.average_rating).toMatchObject({ COLUMN_TYPE: 'decimal(10,1)', COLUMN_DEFAULT: '0.0' });
      expect(movies.popularity.COLUMN_TYPE).toBe('decimal(10,1)');
      expect(movies.total_vote_count).toMatchObject({ COLUMN_TYPE: 'bigint(20)', IS_NULLABLE: 'NO', COLUMN_DEFAULT: '0' });
      expect(movies.synced_at.COLUMN_TYPE).toBe('datetime(3)');
      expect(cast.ID).toMatchObject({ COLUMN_TYPE: 'bigint(20) unsigned', EXTRA: 'auto_increment' });
      expect(cast.movie).toMatchObject({ COLUMN_TYPE: 'bigint(20) unsigned', IS_NULLABLE: 'NO' });
      expect(cast.job.COLUMN_TYPE).toBe('varchar(255)');
      const cache = await columnsOf(t.db, t.table('tmu_api_cache'));
      expect(cache.cache_key).toMatchObject({ COLUMN_TYPE: 'varchar(255)', COLLATION_NAME: 'utf8mb4_bin' });
      for (const spec of [...CONTENT_TABLES, ...SIDECAR_TABLES]) {
        expect(await tableCollation(t.db, t.table(spec.name))).toBe('utf8mb4_unicode_520_ci');
      }
    } else {
      expect(movies.ID).toMatchObject({ type: 'bigint', notnull: 1, pk: 1 });
      expect(movies.average_rating).toMatchObject({ type: 'decimal(10,1)', dflt_value: "'0'" });
      expect(String(movies.credits.type).toLowerCase()).toBe('longtext');
      expect(String(movies.release_date.type).toLowerCase()).toBe('text');
      expect(cast.ID).toMatchObject({ pk: 1 });
      expect(String(cast.ID.type).toLowerCase()).toBe('integer');
      expect(cast.job.type).toBe('varchar(255)');
    }
  });

  it('creates no foreign keys without a WordPress posts table', async () => {
    for (const spec of CONTENT_TABLES) expect(await foreignKeysOf(t.db, t.table(spec.name))).toEqual([]);
  });

  it('indexes tmdb_id and the idempotence keys', async () => {
    for (const table of [
      'tmu_movies',
      'tmu_tv_series',
      'tmu_dramas',
      'tmu_people',
      'tmu_tv_series_seasons',
      'tmu_dramas_seasons',
      'tmu_tv_series_episodes',
      'tmu_dramas_episodes',
    ]) {
      expect(await hasIndexOn(t.db, t.table(table), ['tmdb_id'])).toBe(true);
    }
    expect(await hasIndexOn(t.db, t.table('tmu_tv_series_seasons'), ['tv_series', 'season_no'])).toBe(true);
    expect(await hasIndexOn(t.db, t.table('tmu_dramas_seasons'), ['dramas', 'season_no'])).toBe(true);
    expect(await hasIndexOn(t.db, t.table('tmu_tv_series_episodes'), ['tv_series', 'season_no', 'episode_no'])).toBe(true);
    expect(await hasIndexOn(t.db, t.table('tmu_dramas_episodes'), ['dramas', 'season_no', 'episode_no'])).toBe(true);
    expect(await hasIndexOn(t.db, t.table('tmu_movies_cast'), ['movie', 'person'])).toBe(true);
    expect(await hasIndexOn(t.db, t.table('tmu_tv_series_crew'), ['tv_series', 'person'])).toBe(true);
    expect(await hasIndexOn(t.db, t.table('tmu_dramas_cast'), ['dramas', 'person'])).toBe(true);
    expect(await hasIndexOn(t.db, t.table('tmu_videos'), ['post_id'])).toBe(true);
    expect(await hasIndexOn(t.db, t.table('tmu_sync_jobs'), ['delivery_id'], true)).toBe(true);
    expect(await hasIndexOn(t.db, t.table('tmu_keywords'), ['slug'], true)).toBe(true);
    expect(await hasIndexOn(t.db, t.table('tmu_media_lists'), ['slug'], true)).toBe(true);
    expect(await hasIndexOn(t.db, t.table('tmu_media_list_items'), ['list_id', 'tmdb_id', 'media_type'], true)).toBe(true);
    expect(await hasIndexOn(t.db, t.table('tmu_sync_fingerprints'), ['object_type', 'object_id', 'field'], true)).toBe(true);
  });

  it('is a no-op the second time, through knex and when re-run by hand', async () => {
    const before = await schemaSnapshot(t.db, t.prefix);
    const again = await migrateToLatest(t.db, t.prefix);
    expect(again.applied).toEqual([]);
    // A half-applied run (MySQL DDL is not transactional) is completed by re-running the same code.
    for (const migration of MIGRATIONS) await migration.up(t.db, t.prefix);
    expect(await schemaSnapshot(t.db, t.prefix)).toEqual(before);
  });

  it('enforces the sidecar unique keys', async () => {
    const now = new Date();
    expect(await hasIndexOn(t.db, t.table('tmu_sync_jobs'), ['delivery_id'], true)).toBe(true);
    await t.db(t.table('tmu_sync_jobs')).insert({ type: 'sync', delivery_id: 'd-1', created_at: now });
    await t.db(t.table('tmu_sync_jobs')).insert({ type: 'sync', delivery_id: null, created_at: now });
    await t.db(t.table('tmu_sync_jobs')).insert({ type: 'sync', delivery_id: null, created_at: now });
    // The driver's error is checked by its code: jest's toThrow does not always see native-addon errors as errors.
    const duplicate = await t
      .db(t.table('tmu_sync_jobs'))
      .insert({ type: 'sync', delivery_id: 'd-1', created_at: now })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(duplicate)).toBe(true);
    expect(await t.db(t.table('tmu_sync_jobs')).where('delivery_id', 'd-1')).toHaveLength(1);
    const job = await t.db(t.table('tmu_sync_jobs')).where('delivery_id', 'd-1').first();
    expect(job).toMatchObject({ status: 'queued', attempts: 0, max_attempts: 5 });
    const item = { list_id: 1, position: 1, tmdb_id: 603, media_type: 'movie' };
    await t.db(t.table('tmu_media_list_items')).insert(item);
    const duplicateItem = await t
      .db(t.table('tmu_media_list_items'))
      .insert({ ...item, position: 2 })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(duplicateItem)).toBe(true);
    await t.db(t.table('tmu_sync_state')).insert({ key: 'changes.movie', value: '2024-01-01', updated_at: now });
    expect((await t.db(t.table('tmu_sync_state')).where({ key: 'changes.movie' }).first()).value).toBe('2024-01-01');
  });

  it('keeps tables of another prefix apart', async () => {
    const run = await migrateToLatest(t.db, 'alt_');
    expect(run.applied).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await t.db.schema.hasTable('alt_tmu_movies')).toBe(true);
    expect(await t.db.schema.hasTable('alt_tmu_migrations')).toBe(true);
    expect((await migrationStatus(t.db, t.prefix)).pending).toEqual([]);
  });
});

// ---------------------------------------------------------------- WordPress database
describeEachDatabase(
  'fresh migrations in a WordPress database',
  (t: SuiteDatabase) => {
    it('adds ON DELETE CASCADE foreign keys to wp_posts on MySQL only', async () => {
      await createPostsTable(t.db, t.prefix);
      await migrateToLatest(t.db, t.prefix);
      const movieFks = await foreignKeysOf(t.db, t.table('tmu_movies'));
      const castFks = await foreignKeysOf(t.db, t.table('tmu_tv_series_cast'));
      const episodeFks = await foreignKeysOf(t.db, t.table('tmu_tv_series_episodes'));
      if (t.kind === 'mysql') {
        expect(movieFks).toEqual(['ID->wp_posts.ID CASCADE']);
        expect(castFks).toEqual(['person->wp_posts.ID CASCADE', 'tv_series->wp_posts.ID CASCADE']);
        expect(episodeFks).toEqual(['ID->wp_posts.ID CASCADE', 'season_id->wp_posts.ID CASCADE', 'tv_series->wp_posts.ID CASCADE']);
        expect(await foreignKeysOf(t.db, t.table('tmu_sync_jobs'))).toEqual([]);

        const [id] = await t.db(t.table('posts')).insert({ post_title: 'The Matrix', post_type: 'movie' });
        await t.db(t.table('tmu_movies')).insert({ ID: id, tmdb_id: 603 });
        await expect(t.db(t.table('tmu_movies')).insert({ ID: id + 1000, tmdb_id: 604 })).rejects.toThrow(/foreign key/i);
        await t.db(t.table('posts')).where('ID', id).delete();
        expect(await t.db(t.table('tmu_movies')).where('ID', id).first()).toBeUndefined();
      } else {
        expect([...movieFks, ...castFks, ...episodeFks]).toEqual([]);
      }
    });
  },
  { migrate: false },
);
