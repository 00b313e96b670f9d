/** What a migrated schema looks like, read the same way on MariaDB (information_schema) and SQLite (PRAGMA). */
import type { Knex } from 'knex';
import { JOB_LOCK_COLUMNS, JOB_LOCK_TABLE } from '../../migrations/schema/job-locks';
import { DISCOVERY_LIST_COLUMNS } from '../../migrations/005_discovery_lists';
import { LIST_CURATION_COLUMNS } from '../../migrations/008_list_curation';
import { FINGERPRINT_TABLE, TMDB_VALUE_COLUMN } from '../../migrations/010_edit_fingerprints';
import { CONTENT_TABLES } from '../../migrations/schema/content-tables';
import { SIDECAR_TABLES } from '../../migrations/schema/sidecar-tables';
import { SYNC_COLUMNS } from '../../migrations/schema/sync-columns';
import { listIndexes } from '../../migrations/support/schema-toolkit';
import { databaseKind } from '../../src/repositories/database';

export type ColumnInfo = Record<string, unknown>;

export async function columnsOf(db: Knex, table: string): Promise<Record<string, ColumnInfo>> {
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

export async function foreignKeysOf(db: Knex, table: string): Promise<string[]> {
  if (databaseKind(db) === 'mysql') {
    const rows: Array<Record<string, unknown>> = await db
      .select('k.COLUMN_NAME', 'k.REFERENCED_TABLE_NAME', 'k.REFERENCED_COLUMN_NAME', 'r.DELETE_RULE')
      .from('information_schema.KEY_COLUMN_USAGE as k')
      .join('information_schema.REFERENTIAL_CONSTRAINTS as r', function join() {
        this.on('r.CONSTRAINT_SCHEMA', '=', 'k.CONSTRAINT_SCHEMA').andOn('r.CONSTRAINT_NAME', '=', 'k.CONSTRAINT_NAME');
      })
      .whereRaw('k.TABLE_SCHEMA = DATABASE()')
      .andWhere('k.TABLE_NAME', table);
    return rows.map((r) => `${String(r.COLUMN_NAME)}->${String(r.REFERENCED_TABLE_NAME)}.${String(r.REFERENCED_COLUMN_NAME)} ${String(r.DELETE_RULE)}`).sort();
  }
  const rows: Array<Record<string, unknown>> = await db.raw(`PRAGMA foreign_key_list("${table}")`);
  return rows.map((r) => `${String(r.from)}->${String(r.table)}.${String(r.to)} ${String(r.on_delete)}`).sort();
}

export async function tableCollation(db: Knex, table: string): Promise<string | null> {
  const row = await db.select('TABLE_COLLATION').from('information_schema.TABLES').whereRaw('TABLE_SCHEMA = DATABASE()').andWhere('TABLE_NAME', table).first();
  return row ? String(row.TABLE_COLLATION) : null;
}

export async function schemaSnapshot(db: Knex, prefix: string): Promise<Record<string, unknown>> {
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
export function expectedColumns(prefix: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const spec of [...CONTENT_TABLES, ...SIDECAR_TABLES])
    map.set(
      `${prefix}${spec.name}`,
      spec.columns.map((c) => c.name),
    );
  const later = [
    ...SYNC_COLUMNS,
    { table: JOB_LOCK_TABLE, columns: [...JOB_LOCK_COLUMNS] },
    DISCOVERY_LIST_COLUMNS,
    ...LIST_CURATION_COLUMNS,
    { table: FINGERPRINT_TABLE, columns: [TMDB_VALUE_COLUMN] },
  ];
  for (const add of later) map.get(`${prefix}${add.table}`)!.push(...add.columns.map((c) => c.name));
  return map;
}

export async function hasIndexOn(db: Knex, table: string, columns: string[], unique = false): Promise<boolean> {
  return (await listIndexes(db, table)).some((i) => (!unique || i.unique) && columns.every((c, n) => i.columns[n]?.toLowerCase() === c.toLowerCase()));
}
