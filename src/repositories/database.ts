/**
 * Database connections. One codebase for SQLite (embedded default, demo, tests)
 * and MySQL/MariaDB (WordPress's database).
 *
 *   sqlite:./data/tmu.sqlite   sqlite:/abs/path.sqlite   sqlite:///abs/path   sqlite::memory:
 *   mysql://user:pass@host:3306/db   (mariadb:// is accepted too)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { DatabaseError } from '../errors';
import { migrationTableName, migratorConfig } from '../../migrations/migration-source';

export type DatabaseKind = 'sqlite' | 'mysql';

export type ParsedDatabaseUrl = { kind: 'sqlite'; filename: string } | { kind: 'mysql'; host: string; port: number; user: string; password: string; database?: string };

export interface DatabaseOptions {
  /** MySQL pool size (default 10). SQLite always uses one connection. */
  poolMax?: number;
  /** Where knex's warnings go (default console.warn); route them to the app logger. */
  warn?: (message: string) => void;
}

/** knex warnings, minus the migration-lock chatter that migrateToLatest() handles by waiting. */
function knexLog(options: DatabaseOptions): Knex.Config['log'] {
  const warn = options.warn ?? ((message: string) => console.warn(`knex: ${message}`));
  return {
    warn(message: unknown) {
      const text = typeof message === 'string' ? message : JSON.stringify(message);
      if (/Can't take lock to run migrations|knex migrate:unlock/.test(text)) return;
      warn(text);
    },
  };
}

export function parseDatabaseUrl(url: string): ParsedDatabaseUrl {
  if (url.startsWith('sqlite:')) {
    let rest = url.slice('sqlite:'.length);
    if (rest.startsWith('//')) rest = rest.slice(2);
    if (rest === '') throw new DatabaseError('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/tmu.sqlite', { retryable: false });
    return { kind: 'sqlite', filename: rest === ':memory:' ? rest : path.resolve(rest) };
  }
  if (/^(mysql|mariadb):\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (cause) {
      throw new DatabaseError('DATABASE_URL is not a valid mysql:// URL', { cause, retryable: false });
    }
    const database = decodeURIComponent(parsed.pathname.replace(/^\/+/, ''));
    return {
      kind: 'mysql',
      host: parsed.hostname || '127.0.0.1',
      port: parsed.port ? Number(parsed.port) : 3306,
      user: decodeURIComponent(parsed.username || 'root'),
      password: decodeURIComponent(parsed.password),
      database: database || undefined,
    };
  }
  throw new DatabaseError('DATABASE_URL must start with sqlite: or mysql://', { retryable: false });
}

/** mysql2's per-connection prepared-statement cache size (its default is 16,000, preallocated). */
export const PREPARED_STATEMENTS_PER_CONNECTION = 16;

/** The knex configuration for a DATABASE_URL (no migration settings; see knexfile.ts). */
export function knexConfigForUrl(url: string, options: DatabaseOptions = {}): Knex.Config {
  const parsed = parseDatabaseUrl(url);
  if (parsed.kind === 'sqlite') {
    const memory = parsed.filename === ':memory:';
    return {
      client: 'better-sqlite3',
      connection: { filename: parsed.filename },
      log: knexLog(options),
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
          try {
            conn.pragma('foreign_keys = ON');
            conn.pragma('busy_timeout = 5000');
            if (!memory) conn.pragma('journal_mode = WAL');
            done(null, conn);
          } catch (error) {
            done(error as Error, conn);
          }
        },
      },
    };
  }
  return {
    client: 'mysql2',
    connection: {
      host: parsed.host,
      port: parsed.port,
      user: parsed.user,
      password: parsed.password,
      database: parsed.database,
      charset: 'utf8mb4',
      supportBigNumbers: true,
      bigNumberStrings: false,
      decimalNumbers: true,
      timezone: 'Z',
      dateStrings: false,
      // knex never prepares statements (it sends queries), but mysql2 preallocates a cache of 16,000 per
      // connection: about 0.5 MiB of heap each, which V8 then lets grow several times over.
      maxPreparedStatements: PREPARED_STATEMENTS_PER_CONNECTION,
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    log: knexLog(options),
  };
}

/** Creates the SQLite file's directory when needed. */
export function ensureSqliteDirectory(url: string): void {
  const parsed = parseDatabaseUrl(url);
  if (parsed.kind === 'sqlite' && parsed.filename !== ':memory:') mkdirSync(path.dirname(parsed.filename), { recursive: true });
}

export function createDatabase(url: string, options: DatabaseOptions = {}): Knex {
  ensureSqliteDirectory(url);
  return knexFactory(knexConfigForUrl(url, options));
}

export function databaseKind(db: Knex | Knex.Transaction): DatabaseKind {
  const dialect = String((db.client as { dialect?: string }).dialect ?? db.client.config.client);
  return dialect.includes('sqlite') ? 'sqlite' : 'mysql';
}

export interface MigrationRun {
  batch: number;
  /** Names of the migrations applied by this call (empty when already up to date). */
  applied: string[];
}

/**
 * Applies the pending migrations. When another process holds the migration
 * lock (two sidecars starting together), waits for it up to `lockWaitMs`.
 * Safe to retry in any case: every migration is add-only and idempotent.
 */
export async function migrateToLatest(db: Knex, prefix: string, lockWaitMs = 120_000): Promise<MigrationRun> {
  const deadline = Date.now() + lockWaitMs;
  for (;;) {
    try {
      await removeDuplicateLockRows(db, prefix);
      const [batch, applied] = (await db.migrate.latest(migratorConfig(prefix))) as [number, string[]];
      return { batch, applied };
    } catch (cause) {
      const message = String((cause as Error)?.message);
      // Also the race of two first starts both creating the migrator's own tables.
      const locked = /already locked/i.test(message) || (/already exists/i.test(message) && message.includes(migrationTableName(prefix)));
      if (locked && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      const hint = locked ? ` (if no other sidecar is migrating, clear ${migrationTableName(prefix)}_lock: knex migrate:unlock)` : '';
      throw new DatabaseError(`Migrations failed: ${(cause as Error).message}${hint}`, { cause, retryable: locked });
    }
  }
}

/**
 * knex creates its lock table with check-then-insert, so two first starts can
 * both insert a lock row. With two rows, knex's "update where is_locked = 0"
 * touches both, and every later run, on every start, fails as "already locked".
 * One row is the lock; the extras are removed.
 */
async function removeDuplicateLockRows(db: Knex, prefix: string): Promise<void> {
  const lockTable = `${migrationTableName(prefix)}_lock`;
  if (!(await db.schema.hasTable(lockTable))) return;
  const first = await db(lockTable).min({ index: 'index' }).first();
  if (first?.index == null) return;
  await db(lockTable).where('index', '>', first.index).del();
}

export interface MigrationStatus {
  completed: string[];
  pending: string[];
}

export async function migrationStatus(db: Knex, prefix: string): Promise<MigrationStatus> {
  try {
    const [completed, pending] = (await db.migrate.list(migratorConfig(prefix))) as [Array<{ name: string }>, Array<{ name: string }>];
    return { completed: completed.map((m) => m.name), pending: pending.map((m) => m.name) };
  } catch (cause) {
    throw new DatabaseError(`Cannot read migration status: ${(cause as Error).message}`, { cause });
  }
}

/** Resolves when the database answers `SELECT 1`; throws DatabaseError otherwise. */
export async function pingDatabase(db: Knex, timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.raw('select 1 as ok'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (cause) {
    throw new DatabaseError(`Database unreachable: ${(cause as Error).message}`, { cause });
  } finally {
    if (timer) clearTimeout(timer);
  }
}
