/**
 * Migrations on SQLite (always) and MariaDB (TEST_MYSQL_URL): fresh install,
 * idempotence, WordPress foreign keys, and ADOPTION of tables made by the
 * legacy TMU plugin's check_create_table() (tmu-plugin/setup/tables.php).
 */
import { isUniqueViolation } from '../../src/repositories/repository-support';
import { JOB_LOCK_COLUMNS, JOB_LOCK_TABLE } from '../../migrations/schema/job-locks';
import { DISCOVERY_LIST_COLUMNS } from '../../migrations/005_discovery_lists';
import { LIST_CURATION_COLUMNS } from '../../migrations/008_list_curation';
import type { Knex } from 'knex';
import { MIGRATIONS } from '../../migrations';
import { CONTENT_TABLES } from '../../migrations/schema/content-tables';
import { SIDECAR_TABLES } from '../../migrations/schema/sidecar-tables';
import { SYNC_COLUMNS } from '../../migrations/schema/sync-columns';
import { listIndexes } from '../../migrations/support/schema-toolkit';
import { createDatabase, databaseKind, migrateToLatest, migrationStatus } from '../../src/repositories/database';
import { migrationTableName } from '../../migrations/migration-source';
import { countRows, createRepositories } from '../../src/repositories/repositories';
import { createTestDatabase, describeEachDatabase, EngineKind, forEachDatabase, SuiteDatabase } from '../support/test-databases';

// ---------------------------------------------------------------- legacy DDL
// The legacy plugin's CREATE TABLE statements (MySQL), transcribed for the
// adoption tests. `{p}` is the table prefix.
const LEGACY_DDL: Record<string, string> = {
  tmu_movies: `CREATE TABLE \`{p}tmu_movies\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`tmdb_id\` bigint(20) DEFAULT NULL, \`release_date\` text DEFAULT NULL, \`release_timestamp\` bigint(20) DEFAULT NULL,
  \`original_title\` text DEFAULT NULL, \`tagline\` text DEFAULT NULL, \`production_house\` text DEFAULT NULL,
  \`streaming_platforms\` text DEFAULT NULL, \`runtime\` bigint(20) DEFAULT NULL, \`certification\` text DEFAULT NULL,
  \`revenue\` bigint(20) DEFAULT NULL, \`budget\` bigint(20) DEFAULT NULL, \`star_cast\` text DEFAULT NULL,
  \`credits\` longtext DEFAULT NULL, \`credits_temp\` longtext DEFAULT NULL, \`videos\` text DEFAULT NULL, \`images\` text DEFAULT NULL,
  \`average_rating\` DECIMAL(10,1) DEFAULT 0, \`vote_count\` bigint(20) DEFAULT 0, \`popularity\` DECIMAL(10,1) DEFAULT 0,
  \`total_average_rating\` DECIMAL(10,1) DEFAULT 0, \`total_vote_count\` bigint(20) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_movies_cast: credits('tmu_movies_cast', 'movie', false, false),
  tmu_movies_crew: credits('tmu_movies_crew', 'movie', true, false),
  tmu_people: `CREATE TABLE \`{p}tmu_people\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`name\` text DEFAULT NULL, \`date_of_birth\` text DEFAULT NULL, \`gender\` text DEFAULT NULL, \`nick_name\` text DEFAULT NULL,
  \`marital_status\` text DEFAULT NULL, \`basic\` text DEFAULT NULL, \`videos\` text DEFAULT NULL, \`photos\` text DEFAULT NULL,
  \`profession\` text DEFAULT NULL, \`net_worth\` bigint(20) DEFAULT NULL, \`tmdb_id\` bigint(20) DEFAULT NULL,
  \`birthplace\` text DEFAULT NULL, \`dead_on\` text DEFAULT NULL, \`social_media_account\` text DEFAULT NULL,
  \`no_movies\` bigint(20) DEFAULT NULL, \`no_tv_series\` bigint(20) DEFAULT NULL, \`no_dramas\` bigint(20) DEFAULT NULL,
  \`known_for\` text DEFAULT NULL, \`popularity\` DECIMAL(10,1) DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_dramas: `CREATE TABLE \`{p}tmu_dramas\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`tmdb_id\` bigint(20) DEFAULT NULL, \`release_date\` text DEFAULT NULL, \`release_timestamp\` bigint(20) DEFAULT NULL,
  \`original_title\` text DEFAULT NULL, \`finished\` text DEFAULT NULL, \`tagline\` text DEFAULT NULL,
  \`seo_genre\` BIGINT(20) NULL DEFAULT NULL, \`production_house\` text DEFAULT NULL, \`streaming_platforms\` text DEFAULT NULL,
  \`schedule_day\` text DEFAULT NULL, \`schedule_time\` text DEFAULT NULL, \`schedule_timestamp\` bigint(20) DEFAULT NULL,
  \`runtime\` bigint(20) DEFAULT NULL, \`certification\` text DEFAULT NULL, \`star_cast\` text DEFAULT NULL,
  \`credits\` longtext DEFAULT NULL, \`credits_temp\` longtext DEFAULT NULL, \`videos\` text DEFAULT NULL, \`images\` text DEFAULT NULL,
  \`average_rating\` DECIMAL(10,1) DEFAULT 0, \`vote_count\` bigint(20) DEFAULT 0, \`popularity\` DECIMAL(10,1) DEFAULT 0,
  \`where_to_watch\` text DEFAULT NULL, \`total_average_rating\` DECIMAL(10,1) DEFAULT 0, \`total_vote_count\` bigint(20) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_dramas_cast: credits('tmu_dramas_cast', 'dramas', false, true),
  tmu_dramas_crew: credits('tmu_dramas_crew', 'dramas', true, true),
  tmu_dramas_episodes: `CREATE TABLE \`{p}tmu_dramas_episodes\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`episode_title\` text DEFAULT NULL, \`air_date\` text DEFAULT NULL, \`episode_type\` text DEFAULT NULL,
  \`runtime\` bigint(20) DEFAULT NULL, \`overview\` text DEFAULT NULL, \`credits\` text DEFAULT NULL, \`episode_no\` bigint(20) DEFAULT NULL,
  \`dramas\`bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (dramas) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`average_rating\` DECIMAL(10,1) NOT NULL DEFAULT 0, \`vote_count\` bigint(20) NOT NULL DEFAULT 0, \`video\` text DEFAULT NULL,
  \`total_average_rating\` DECIMAL(10,1) DEFAULT 0, \`total_vote_count\` bigint(20) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_tv_series: `CREATE TABLE \`{p}tmu_tv_series\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`tmdb_id\` bigint(20) DEFAULT NULL, \`release_date\` text DEFAULT NULL, \`release_timestamp\` bigint(20) DEFAULT NULL,
  \`original_title\` text DEFAULT NULL, \`finished\` text DEFAULT NULL, \`tagline\` text DEFAULT NULL,
  \`production_house\` text DEFAULT NULL, \`streaming_platforms\` text DEFAULT NULL, \`schedule_time\` text DEFAULT NULL,
  \`runtime\` bigint(20) DEFAULT NULL, \`certification\` text DEFAULT NULL, \`revenue\` bigint(20) DEFAULT NULL,
  \`budget\` bigint(20) DEFAULT NULL, \`star_cast\` text DEFAULT NULL, \`credits\` longtext DEFAULT NULL,
  \`credits_temp\` longtext DEFAULT NULL, \`videos\` text DEFAULT NULL, \`images\` text DEFAULT NULL, \`seasons\` text DEFAULT NULL,
  \`last_season\` bigint(20) DEFAULT NULL, \`last_episode\` bigint(20) DEFAULT NULL, \`average_rating\` DECIMAL(10,1) DEFAULT 0,
  \`vote_count\` bigint(20) DEFAULT 0, \`popularity\` DECIMAL(10,1) DEFAULT 0, \`where_to_watch\` text DEFAULT NULL,
  \`total_average_rating\` DECIMAL(10,1) DEFAULT 0, \`total_vote_count\` bigint(20) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_tv_series_cast: credits('tmu_tv_series_cast', 'tv_series', false, true),
  tmu_tv_series_crew: credits('tmu_tv_series_crew', 'tv_series', true, true),
  tmu_tv_series_episodes: `CREATE TABLE \`{p}tmu_tv_series_episodes\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`tv_series\` bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (tv_series) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`season_no\` bigint(20) DEFAULT NULL, \`episode_no\` bigint(20) DEFAULT NULL, \`episode_title\` text DEFAULT NULL,
  \`air_date\` text DEFAULT NULL, \`air_date_timestamp\` bigint(20) DEFAULT NULL, \`episode_type\` text DEFAULT NULL,
  \`runtime\` bigint(20) DEFAULT NULL, \`overview\` text DEFAULT NULL, \`credits\` text DEFAULT NULL,
  \`average_rating\` DECIMAL(10,1) NOT NULL DEFAULT 0, \`vote_count\` bigint(20) NOT NULL DEFAULT 0,
  \`season_id\` bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (season_id) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`total_average_rating\` DECIMAL(10,1) DEFAULT 0, \`total_vote_count\` bigint(20) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_tv_series_seasons: seasons('tmu_tv_series_seasons', 'tv_series'),
  tmu_dramas_seasons: seasons('tmu_dramas_seasons', 'dramas'),
  tmu_videos: `CREATE TABLE \`{p}tmu_videos\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`video_data\` text DEFAULT NULL,
  \`post_id\` bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (post_id) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_seo_options: `CREATE TABLE \`{p}tmu_seo_options\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL AUTO_INCREMENT, PRIMARY KEY (ID),
  \`name\` text DEFAULT NULL, \`title\` text DEFAULT NULL, \`description\` text DEFAULT NULL, \`keywords\` text DEFAULT NULL,
  \`robots\` text DEFAULT NULL, \`post_type\` text DEFAULT NULL, \`section\` text DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;`,
};

function credits(table: string, content: string, crew: boolean, count: boolean): string {
  return `CREATE TABLE \`{p}${table}\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL AUTO_INCREMENT, PRIMARY KEY (ID),
  \`${content}\` bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (${content}) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`person\` bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (person) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  ${crew ? '`department` varchar(255) DEFAULT NULL,' : ''}
  \`job\` varchar(255) DEFAULT NULL,
  \`release_year\` bigint(20) DEFAULT NULL${count ? ',\n  `count` bigint(20) DEFAULT NULL' : ''}
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`;
}

function seasons(table: string, parent: string): string {
  return `CREATE TABLE \`{p}${table}\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`season_no\` bigint(20) DEFAULT NULL, \`season_name\` text DEFAULT NULL,
  \`${parent}\` bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (${parent}) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`air_date\` text DEFAULT NULL, \`air_date_timestamp\` bigint(20) DEFAULT NULL, \`total_episodes\` bigint(20) DEFAULT NULL,
  \`average_rating\` DECIMAL(10,1) NOT NULL DEFAULT 0, \`total_average_rating\` DECIMAL(10,1) DEFAULT 0,
  \`total_vote_count\` bigint(20) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`;
}

/** Splits on commas outside parentheses. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of body) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts.filter(Boolean);
}

/** The faithful SQLite equivalent: same columns and declared types, constraints moved to the end (SQLite requires it). */
function toSqlite(ddl: string): string {
  const open = ddl.indexOf('(');
  const close = ddl.lastIndexOf(')');
  const head = ddl.slice(0, open);
  const items = splitTopLevel(ddl.slice(open + 1, close));
  const columns: string[] = [];
  const constraints: string[] = [];
  let autoIncrement = false;
  for (const raw of items) {
    const item = raw.replace(/`(\w+)`(?=\w)/, '`$1` ');
    if (/^(PRIMARY KEY|FOREIGN KEY)/i.test(item)) constraints.push(item);
    else if (/AUTO_INCREMENT/i.test(item)) {
      autoIncrement = true;
      columns.push(`${item.split(/\s+/)[0]} INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT`);
    } else columns.push(item.replace(/\s+UNSIGNED/i, ''));
  }
  const kept = constraints.filter((c) => !(autoIncrement && /^PRIMARY KEY/i.test(c)));
  return `${head}(\n  ${[...columns, ...kept].join(',\n  ')}\n)`;
}

function legacyStatement(table: string, prefix: string, kind: EngineKind): string {
  const ddl = LEGACY_DDL[table].replace(/\{p\}/g, prefix).replace(/;\s*$/, '');
  return kind === 'mysql' ? ddl : toSqlite(ddl);
}

async function createPostsTable(db: Knex, prefix: string): Promise<void> {
  if (databaseKind(db) === 'mysql') {
    await db.raw(
      `CREATE TABLE \`${prefix}posts\` (\`ID\` bigint(20) unsigned NOT NULL AUTO_INCREMENT, \`post_title\` text NOT NULL, \`post_type\` varchar(20) NOT NULL DEFAULT 'post', PRIMARY KEY (\`ID\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
    );
  } else {
    await db.raw(`CREATE TABLE "${prefix}posts" ("ID" INTEGER PRIMARY KEY AUTOINCREMENT, "post_title" text NOT NULL, "post_type" varchar(20) NOT NULL DEFAULT 'post')`);
  }
}

// ---------------------------------------------------------------- snapshots
type ColumnInfo = Record<string, unknown>;

async function columnsOf(db: Knex, table: string): Promise<Record<string, ColumnInfo>> {
  if (databaseKind(db) === 'mysql') {
    const rows: Array<Record<string, unknown>> = await db
      .select('COLUMN_NAME', 'COLUMN_TYPE', 'IS_NULLABLE', 'COLUMN_DEFAULT', 'CHARACTER_SET_NAME', 'COLLATION_NAME', 'EXTRA')
      .from('information_schema.COLUMNS')
      .whereRaw('TABLE_SCHEMA = DATABASE()')
      .andWhere('TABLE_NAME', table)
      .orderBy('ORDINAL_POSITION');
    return Object.fromEntries(rows.map((r) => [String(r.COLUMN_NAME), { ...r }]));
  }
  const rows: Array<Record<string, unknown>> = await db.raw(`PRAGMA table_info("${table}")`);
  return Object.fromEntries(rows.map((r) => [String(r.name), { type: r.type, notnull: r.notnull, dflt_value: r.dflt_value, pk: r.pk }]));
}

async function foreignKeysOf(db: Knex, table: string): Promise<string[]> {
  if (databaseKind(db) === 'mysql') {
    const rows: Array<Record<string, unknown>> = await db
      .select('k.COLUMN_NAME', 'k.REFERENCED_TABLE_NAME', 'k.REFERENCED_COLUMN_NAME', 'r.DELETE_RULE')
      .from('information_schema.KEY_COLUMN_USAGE as k')
      .join('information_schema.REFERENTIAL_CONSTRAINTS as r', function join() {
        this.on('r.CONSTRAINT_SCHEMA', '=', 'k.CONSTRAINT_SCHEMA').andOn('r.CONSTRAINT_NAME', '=', 'k.CONSTRAINT_NAME');
      })
      .whereRaw('k.TABLE_SCHEMA = DATABASE()')
      .andWhere('k.TABLE_NAME', table);
    return rows.map((r) => `${r.COLUMN_NAME}->${r.REFERENCED_TABLE_NAME}.${r.REFERENCED_COLUMN_NAME} ${r.DELETE_RULE}`).sort();
  }
  const rows: Array<Record<string, unknown>> = await db.raw(`PRAGMA foreign_key_list("${table}")`);
  return rows.map((r) => `${r.from}->${r.table}.${r.to} ${r.on_delete}`).sort();
}

async function tableCollation(db: Knex, table: string): Promise<string | null> {
  const row = await db.select('TABLE_COLLATION').from('information_schema.TABLES').whereRaw('TABLE_SCHEMA = DATABASE()').andWhere('TABLE_NAME', table).first();
  return row ? String(row.TABLE_COLLATION) : null;
}

async function schemaSnapshot(db: Knex, prefix: string): Promise<Record<string, unknown>> {
  const snapshot: Record<string, unknown> = {};
  for (const spec of [...CONTENT_TABLES, ...SIDECAR_TABLES]) {
    const table = `${prefix}${spec.name}`;
    snapshot[table] = {
      columns: await columnsOf(db, table),
      indexes: (await listIndexes(db, table)).map((i) => `${i.name}:${i.unique}:${i.columns.join(',')}`).sort(),
      fks: await foreignKeysOf(db, table),
    };
  }
  return snapshot;
}

/** Every column the migrations promise, per prefixed table. */
function expectedColumns(prefix: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const spec of [...CONTENT_TABLES, ...SIDECAR_TABLES]) map.set(`${prefix}${spec.name}`, spec.columns.map((c) => c.name));
  const later = [...SYNC_COLUMNS, { table: JOB_LOCK_TABLE, columns: [...JOB_LOCK_COLUMNS] }, DISCOVERY_LIST_COLUMNS, ...LIST_CURATION_COLUMNS];
  for (const add of later) map.get(`${prefix}${add.table}`)!.push(...add.columns.map((c) => c.name));
  return map;
}

async function hasIndexOn(db: Knex, table: string, columns: string[], unique = false): Promise<boolean> {
  return (await listIndexes(db, table)).some(
    (i) => (!unique || i.unique) && columns.every((c, n) => i.columns[n]?.toLowerCase() === c.toLowerCase()),
  );
}

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
    for (const table of ['tmu_movies', 'tmu_tv_series', 'tmu_dramas', 'tmu_people', 'tmu_tv_series_seasons', 'tmu_dramas_seasons', 'tmu_tv_series_episodes', 'tmu_dramas_episodes']) {
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
    const duplicate = await t.db(t.table('tmu_sync_jobs')).insert({ type: 'sync', delivery_id: 'd-1', created_at: now }).then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(duplicate)).toBe(true);
    expect(await t.db(t.table('tmu_sync_jobs')).where('delivery_id', 'd-1')).toHaveLength(1);
    const job = await t.db(t.table('tmu_sync_jobs')).where('delivery_id', 'd-1').first();
    expect(job).toMatchObject({ status: 'queued', attempts: 0, max_attempts: 5 });
    const item = { list_id: 1, position: 1, tmdb_id: 603, media_type: 'movie' };
    await t.db(t.table('tmu_media_list_items')).insert(item);
    const duplicateItem = await t.db(t.table('tmu_media_list_items')).insert({ ...item, position: 2 }).then(() => null, (e: unknown) => e);
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

// ---------------------------------------------------------------- adoption
const ADOPTED = Object.keys(LEGACY_DDL).filter((n) => n !== 'tmu_dramas_seasons');

async function insertLegacyContent(db: Knex, p: string): Promise<Record<string, number>> {
  const post = async (title: string, type: string): Promise<number> => {
    const [id] = await db(`${p}posts`).insert({ post_title: title, post_type: type });
    return Number(id);
  };
  const ids = {
    movie: await post('The Matrix', 'movie'),
    person: await post('Keanu Reeves', 'people'),
    tv: await post('Game of Thrones', 'tv'),
    season: await post('Game of Thrones - Season 1', 'season'),
    episode: await post('Game of Thrones - Season 1 Episode 1', 'episode'),
    drama: await post('Crash Landing on You', 'drama'),
    dramaEpisode: await post('Crash Landing on You Episode 1', 'drama-episode'),
    video: await post('Official Trailer', 'video'),
  };
  await db(`${p}tmu_movies`).insert({
    ID: ids.movie, tmdb_id: 603, release_date: '1999-03-31', release_timestamp: 922838400, original_title: 'The Matrix',
    production_house: 'Warner Bros. Pictures, Village Roadshow Pictures', runtime: 136, certification: 'R', revenue: 463517383,
    budget: 63000000, star_cast: `a:1:{i:0;a:2:{s:6:"person";s:${String(ids.person).length}:"${ids.person}";s:9:"character";s:3:"Neo";}}`,
    credits: 'a:2:{s:4:"cast";a:0:{}s:4:"crew";a:0:{}}', videos: `a:2:{i:0;i:${ids.video};i:1;N;}`, images: 'a:1:{i:0;i:77;}',
    average_rating: 8.2, vote_count: 26000, popularity: 85.3, total_average_rating: 8.1, total_vote_count: 26010,
  });
  await db(`${p}tmu_movies_cast`).insert({ movie: ids.movie, person: ids.person, job: 'Neo', release_year: 922838400 });
  await db(`${p}tmu_movies_crew`).insert({ movie: ids.movie, person: ids.person, department: 'Production', job: 'Producer', release_year: 922838400 });
  await db(`${p}tmu_people`).insert({
    ID: ids.person, name: 'Keanu Reeves', date_of_birth: '1964-09-02', gender: 'Male', profession: 'Acting', tmdb_id: 6384,
    birthplace: 'Beirut, Lebanon', social_media_account: 'a:1:{i:0;a:2:{s:8:"platform";s:9:"Instagram";s:3:"url";s:0:"";}}',
    known_for: `a:1:{i:0;i:${ids.movie};}`, no_movies: 1, popularity: 40.5,
  });
  await db(`${p}tmu_tv_series`).insert({
    ID: ids.tv, tmdb_id: 1399, release_date: '2011-04-17', finished: '1', seasons: `a:1:{i:0;s:${String(ids.season).length}:"${ids.season}";}`,
    where_to_watch: 'a:1:{i:0;a:2:{s:7:"channel";i:12;s:3:"url";s:0:"";}}', last_season: 8, last_episode: 6, average_rating: 8.4,
  });
  await db(`${p}tmu_tv_series_cast`).insert({ tv_series: ids.tv, person: ids.person, job: 'Jon Snow | Aegon', release_year: 1302998400, count: 62 });
  await db(`${p}tmu_tv_series_seasons`).insert({ ID: ids.season, season_no: 1, season_name: 'Season 1', tv_series: ids.tv, air_date: '2011-04-17', total_episodes: 10, average_rating: 8.1 });
  await db(`${p}tmu_tv_series_episodes`).insert({
    ID: ids.episode, tv_series: ids.tv, season_no: 1, episode_no: 1, episode_title: 'Winter Is Coming', air_date: '2011-04-17',
    episode_type: 'standard', runtime: 62, overview: 'Lord Stark… ❄️', credits: 'a:2:{s:4:"cast";a:1:{i:0;N;}s:4:"crew";a:0:{}}', average_rating: 7.9, vote_count: 300, season_id: ids.season,
  });
  await db(`${p}tmu_dramas`).insert({ ID: ids.drama, tmdb_id: 94796, original_title: '사랑의 불시착', seo_genre: 18, schedule_day: 'a:2:{i:0;s:8:"Saturday";i:1;s:6:"Sunday";}', schedule_time: '21:00', schedule_timestamp: 1576328400 });
  await db(`${p}tmu_dramas_cast`).insert({ dramas: ids.drama, person: ids.person, job: 'Ri Jeong-hyeok', release_year: 1576281600, count: 16 });
  await db(`${p}tmu_dramas_episodes`).insert({ ID: ids.dramaEpisode, episode_title: 'Episode 1', episode_no: 1, dramas: ids.drama, average_rating: 8.5, vote_count: 20, video: 'https://example.com/ep1' });
  await db(`${p}tmu_videos`).insert({ ID: ids.video, video_data: 'a:2:{s:6:"source";s:11:"vKQi3bBA1y8";s:12:"content_type";s:7:"Trailer";}', post_id: ids.movie });
  await db(`${p}tmu_seo_options`).insert({ name: 'homepage', title: 'Movies', description: 'All movies', robots: 'index, follow', section: 'archive' });
  return ids;
}

async function dumpRows(db: Knex, p: string): Promise<Record<string, Array<Record<string, unknown>>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const name of ADOPTED) out[name] = await db(`${p}${name}`).select('*').orderBy('ID');
  return out;
}

describeEachDatabase(
  'adopting the legacy plugin tables',
  (t: SuiteDatabase) => {
    let legacyColumns: Record<string, Record<string, ColumnInfo>>;
    let legacyFks: Record<string, string[]>;
    let legacyRows: Record<string, Array<Record<string, unknown>>>;
    let ids: Record<string, number>;

    beforeAll(async () => {
      await createPostsTable(t.db, t.prefix);
      for (const name of ADOPTED) await t.db.raw(legacyStatement(name, t.prefix, t.kind));
      // An older install that never got streaming_platforms.
      await t.db.schema.alterTable(t.table('tmu_movies'), (table) => table.dropColumn('streaming_platforms'));
      ids = await insertLegacyContent(t.db, t.prefix);
      legacyColumns = {};
      legacyFks = {};
      for (const name of ADOPTED) {
        legacyColumns[name] = await columnsOf(t.db, t.table(name));
        legacyFks[name] = await foreignKeysOf(t.db, t.table(name));
      }
      legacyRows = await dumpRows(t.db, t.prefix);
      await migrateToLatest(t.db, t.prefix);
    });

    it('keeps every legacy column exactly as it was (no drop, rename or retype)', async () => {
      for (const name of ADOPTED) {
        const after = await columnsOf(t.db, t.table(name));
        for (const [column, info] of Object.entries(legacyColumns[name])) expect({ [column]: after[column] }).toEqual({ [column]: info });
      }
    });

    it('adds the missing columns, the sync columns and the missing table', async () => {
      for (const [table, columns] of expectedColumns(t.prefix)) {
        const actual = Object.keys(await columnsOf(t.db, table));
        for (const column of columns) expect(`${table}.${column}:${actual.includes(column)}`).toBe(`${table}.${column}:true`);
      }
      const movies = await columnsOf(t.db, t.table('tmu_movies'));
      expect(movies.streaming_platforms).toBeDefined();
      expect(await t.db.schema.hasTable(t.table('tmu_dramas_seasons'))).toBe(true);
      if (t.kind === 'mysql') {
        expect(await tableCollation(t.db, t.table('tmu_seo_options'))).toBe('latin1_swedish_ci');
        expect(await foreignKeysOf(t.db, t.table('tmu_dramas_seasons'))).toEqual(['ID->wp_posts.ID CASCADE', 'dramas->wp_posts.ID CASCADE']);
      }
    });

    it('keeps the legacy foreign keys and every row', async () => {
      for (const name of ADOPTED) expect(await foreignKeysOf(t.db, t.table(name))).toEqual(legacyFks[name]);
      const rows = await dumpRows(t.db, t.prefix);
      for (const name of ADOPTED) {
        expect(rows[name]).toHaveLength(legacyRows[name].length);
        rows[name].forEach((row, i) => {
          const legacy = legacyRows[name][i];
          for (const column of Object.keys(legacy)) expect({ [`${name}.${column}`]: row[column] }).toEqual({ [`${name}.${column}`]: legacy[column] });
          for (const column of Object.keys(row).filter((c) => !(c in legacy))) {
            if (column !== 'streaming_platforms') expect({ [`${name}.${column}`]: row[column] }).toEqual({ [`${name}.${column}`]: null });
          }
        });
      }
    });

    it('adds the indexes next to the legacy ones, and a second run changes nothing', async () => {
      expect(await hasIndexOn(t.db, t.table('tmu_movies'), ['tmdb_id'])).toBe(true);
      expect(await hasIndexOn(t.db, t.table('tmu_dramas_episodes'), ['dramas', 'season_no', 'episode_no'])).toBe(true);
      const before = await schemaSnapshot(t.db, t.prefix);
      expect((await migrateToLatest(t.db, t.prefix)).applied).toEqual([]);
      for (const migration of MIGRATIONS) await migration.up(t.db, t.prefix);
      expect(await schemaSnapshot(t.db, t.prefix)).toEqual(before);
    });

    it('lets the repositories read and extend the adopted rows', async () => {
      const repos = createRepositories(t.db, t.prefix);
      expect(await repos.movies.findPostIdByTmdbId(603)).toBe(ids.movie);
      expect(await repos.people.findPostIdByTmdbId(6384)).toBe(ids.person);
      expect(await repos.tvSeasons.findSeasonPostId(ids.tv, 1)).toBe(ids.season);
      expect(await repos.tvEpisodes.findEpisodePostId(ids.tv, 1, 1)).toBe(ids.episode);
      // Legacy drama episodes have no season_no: they are season 1.
      expect(await repos.dramaEpisodes.findEpisodePostId(ids.drama, 1, 1)).toBe(ids.dramaEpisode);
      expect(await repos.dramaEpisodes.findEpisodePostId(ids.drama, 2, 1)).toBeNull();
      expect(await repos.movies.upsertRow({ ID: ids.movie, title: 'The Matrix', popularity: 85.3 })).toEqual({ action: 'updated', changed: ['title'] });
      const movie = await repos.movies.getRow(ids.movie);
      expect(movie).toMatchObject({ title: 'The Matrix', credits: legacyRows.tmu_movies[0].credits, total_vote_count: 26010 });
      expect((await repos.movies.listCast(ids.movie)).map((c) => c.job)).toEqual(['Neo']);
      const counts = await countRows(t.db, t.prefix);
      expect(counts).toMatchObject({ tmu_movies: 1, tmu_people: 1, tmu_seo_options: 1, tmu_dramas_seasons: 0, tmu_sync_jobs: 0 });
    });

    it('creates fresh tables column-for-column like the legacy DDL', async () => {
      const fresh = await createTestDatabase(t.kind, 'fresh_compare');
      try {
        for (const name of Object.keys(LEGACY_DDL)) {
          const ours = await columnsOf(fresh.db, `${fresh.prefix}${name}`);
          const legacy = name === 'tmu_dramas_seasons' ? null : legacyColumns[name];
          if (!legacy) continue;
          for (const [column, info] of Object.entries(legacy)) {
            const mine = ours[column];
            if (t.kind === 'mysql') {
              const pick = (c: ColumnInfo) => [c.COLUMN_TYPE, c.IS_NULLABLE, c.COLUMN_DEFAULT, c.EXTRA];
              const expected = name === 'tmu_seo_options' ? pick(info) : [...pick(info), info.COLLATION_NAME];
              const actual = name === 'tmu_seo_options' ? pick(mine) : [...pick(mine), mine.COLLATION_NAME];
              expect({ [`${name}.${column}`]: actual }).toEqual({ [`${name}.${column}`]: expected });
            } else {
              const affinity = (type: unknown) => String(type).toLowerCase().replace(/\(20\)|\s*unsigned/g, '').replace(/\s+/g, '');
              expect({ [`${name}.${column}`]: [affinity(mine.type), mine.notnull, mine.pk] }).toEqual({
                [`${name}.${column}`]: [affinity(info.type), info.notnull, info.pk],
              });
            }
          }
        }
      } finally {
        await fresh.destroy();
      }
    });
  },
  { migrate: false },
);

// ---------------------------------------------------------------- concurrent start
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
