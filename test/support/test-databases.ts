/**
 * An isolated database per test suite: a temp SQLite file always, and a fresh
 * MariaDB/MySQL database (`tmu_test_<tag>_<random>`, dropped afterwards) when
 * TEST_MYSQL_URL is set, e.g. TEST_MYSQL_URL=mysql://root@127.0.0.1:3306.
 *
 *   describeEachDatabase('title repository', (t) => {
 *     it('works', async () => { await t.db('wp_tmu_movies').insert(...); });
 *   });
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createDatabase, migrateToLatest } from '../../src/repositories/database';

export type EngineKind = 'sqlite' | 'mysql';

export interface TestDatabase {
  kind: EngineKind;
  db: Knex;
  /** DATABASE_URL of this database. */
  url: string;
  prefix: string;
  /** SQLite file path or MySQL database name. */
  name: string;
  destroy(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Table prefix; default 'wp_'. */
  prefix?: string;
  /** Run the migrations after creating the database; default true. */
  migrate?: boolean;
}

export function mysqlTestUrl(): string | null {
  const url = process.env.TEST_MYSQL_URL;
  return url && url.trim() !== '' ? url.trim() : null;
}

/** SQLite always; MySQL when TEST_MYSQL_URL is set. */
function availableEngines(): EngineKind[] {
  return mysqlTestUrl() ? ['sqlite', 'mysql'] : ['sqlite'];
}

function serverUrl(url: string, database?: string): string {
  const u = new URL(url);
  u.pathname = database ? `/${database}` : '/';
  u.search = '';
  return u.toString().replace(/\/$/, '');
}

function dbNameFor(tag: string): string {
  const clean = tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 36);
  return `tmu_test_${clean || 'suite'}_${randomBytes(4).toString('hex')}`;
}

/** A fresh, empty (or migrated) database of one engine. Call destroy() when done. */
export async function createTestDatabase(kind: EngineKind, tag: string, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const prefix = options.prefix ?? 'wp_';
  let test: TestDatabase;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tmu-test-'));
    const file = path.join(dir, 'tmu.sqlite');
    const url = `sqlite:${file}`;
    const db = createDatabase(url);
    test = {
      kind,
      db,
      url,
      prefix,
      name: file,
      async destroy() {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } else {
    const base = mysqlTestUrl();
    if (!base) throw new Error('TEST_MYSQL_URL is not set');
    const name = dbNameFor(tag);
    const admin = createDatabase(serverUrl(base), { poolMax: 1 });
    try {
      await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci`);
    } finally {
      await admin.destroy();
    }
    const url = serverUrl(base, name);
    const db = createDatabase(url, { poolMax: 4 });
    test = {
      kind,
      db,
      url,
      prefix,
      name,
      async destroy() {
        await db.destroy();
        const drop = createDatabase(serverUrl(base), { poolMax: 1 });
        try {
          await drop.raw(`DROP DATABASE IF EXISTS \`${name}\``);
        } finally {
          await drop.destroy();
        }
      },
    };
  }
  if (options.migrate !== false) {
    try {
      await migrateToLatest(test.db, prefix);
    } catch (error) {
      await test.destroy();
      throw error;
    }
  }
  return test;
}

/** Runs `fn` once per available engine, inside `describe('<name> [<engine>]')`. */
export function forEachDatabase(name: string, fn: (kind: EngineKind) => void): void {
  for (const kind of availableEngines()) describe(`${name} [${kind}]`, () => fn(kind));
}

/** What a suite sees: valid inside hooks and tests (set up in beforeAll). */
export interface SuiteDatabase {
  readonly kind: EngineKind;
  readonly db: Knex;
  readonly prefix: string;
  readonly url: string;
  readonly name: string;
  /** `${prefix}${table}` */
  table(name: string): string;
}

/**
 * Defines the suite once per engine, each with its own fresh database
 * (migrated unless options.migrate === false), destroyed after the suite.
 */
export function describeEachDatabase(name: string, fn: (t: SuiteDatabase) => void, options: TestDatabaseOptions = {}): void {
  forEachDatabase(name, (kind) => {
    let current: TestDatabase | null = null;
    const get = (): TestDatabase => {
      if (!current) throw new Error('The test database is only available inside hooks and tests');
      return current;
    };
    const suite: SuiteDatabase = {
      kind,
      get db() {
        return get().db;
      },
      get prefix() {
        return options.prefix ?? 'wp_';
      },
      get url() {
        return get().url;
      },
      get name() {
        return get().name;
      },
      table: (table: string) => `${options.prefix ?? 'wp_'}${table}`,
    };
    beforeAll(async () => {
      current = await createTestDatabase(kind, `${path.basename(expect.getState().testPath ?? 'suite', '.test.ts')}`, options);
    });
    afterAll(async () => {
      await current?.destroy();
      current = null;
    });
    fn(suite);
  });
}
