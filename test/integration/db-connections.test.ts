/** Opening a database from DATABASE_URL: SQLite files and MariaDB/MySQL servers. */
import { MIGRATIONS } from '../../migrations';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseError } from '../../src/errors';
import { createDatabase, migrateToLatest, parseDatabaseUrl, pingDatabase } from '../../src/repositories/database';

describe('database connections', () => {
  it('parses DATABASE_URL', () => {
    expect(parseDatabaseUrl('sqlite:./data/tmu.sqlite')).toEqual({ kind: 'sqlite', filename: path.resolve('data/tmu.sqlite') });
    expect(parseDatabaseUrl('sqlite:///var/lib/tmu.sqlite')).toEqual({ kind: 'sqlite', filename: '/var/lib/tmu.sqlite' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', filename: ':memory:' });
    expect(parseDatabaseUrl('mysql://wp:p%40ss@db.local:3307/wordpress')).toEqual({
      kind: 'mysql',
      host: 'db.local',
      port: 3307,
      user: 'wp',
      password: 'p@ss',
      database: 'wordpress',
    });
    expect(parseDatabaseUrl('mariadb://root@127.0.0.1')).toMatchObject({ kind: 'mysql', port: 3306, user: 'root', password: '', database: undefined });
    expect(() => parseDatabaseUrl('postgres://x')).toThrow(DatabaseError);
  });

  it('opens SQLite with foreign keys and WAL, creating the directory', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tmu-db-'));
    const db = createDatabase(`sqlite:${path.join(dir, 'nested', 'deeper', 'tmu.sqlite')}`);
    try {
      expect(await db.raw('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      expect(await db.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      await pingDatabase(db);
      expect((await migrateToLatest(db, 'wp_')).applied).toEqual(MIGRATIONS.map((m) => m.name));
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an unreachable database as a DatabaseError', async () => {
    const db = createDatabase('mysql://nobody@127.0.0.1:1/nothing', { warn: () => undefined });
    try {
      const error = await pingDatabase(db, 3000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).message).toMatch(/Database unreachable/);
    } finally {
      await db.destroy();
    }
  });
});
