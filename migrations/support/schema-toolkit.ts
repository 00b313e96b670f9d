/**
 * Add-only schema helpers shared by the migrations and the local content store.
 *
 * A table is described once (TableSpec) and `ensureTable` either creates it or,
 * when it already exists (a site that ran the legacy TMU plugin), ADOPTS it:
 * missing columns and indexes are added, nothing is ever dropped, renamed or
 * retyped, and rows are left alone. Every helper is safe to run twice.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

type ColumnType =
  /** bigint unsigned NOT NULL primary key that is a WordPress post ID (no auto increment). */
  | 'postId'
  /** bigint unsigned AUTO_INCREMENT primary key. */
  | 'autoId'
  /** bigint unsigned: a reference to a WordPress post ID. */
  | 'postRef'
  | 'bigint'
  | 'int'
  | 'tinyint'
  | 'text'
  | 'longtext'
  /** DECIMAL(10,1), the legacy rating/popularity type. */
  | 'decimal'
  | 'varchar'
  /** DATETIME(3); on SQLite knex binds Date values as epoch milliseconds. */
  | 'datetime';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** varchar length; default 255. */
  length?: number;
  /** Default true (NULL allowed). Forced to true when the column is ADDED to an existing table without a default. */
  nullable?: boolean;
  default?: string | number;
  /** Case-sensitive binary collation on MySQL (cache keys). */
  binary?: boolean;
  /** Primary key made of this single column (postId/autoId imply it). */
  primary?: boolean;
}

export interface IndexSpec {
  columns: string[];
  unique?: boolean;
}

export interface TableSpec {
  /** Unprefixed name, e.g. tmu_movies. */
  name: string;
  columns: ColumnSpec[];
  /** Columns that reference `${prefix}posts(ID)` ON DELETE CASCADE (MySQL + WordPress database only). */
  postForeignKeys?: string[];
  indexes?: IndexSpec[];
}

export type Dialect = 'mysql' | 'sqlite';

export function dialectOf(knex: Knex | Knex.Transaction): Dialect {
  const dialect = String((knex.client as { dialect?: string }).dialect ?? knex.client.config.client);
  if (dialect.includes('mysql') || dialect.includes('maria')) return 'mysql';
  if (dialect.includes('sqlite')) return 'sqlite';
  throw new Error(`Unsupported database dialect: ${dialect}`);
}

const MYSQL_CHARSET = 'utf8mb4';
const MYSQL_COLLATION = 'utf8mb4_unicode_520_ci';
const MAX_IDENTIFIER = 64;

/** A deterministic identifier of at most 64 characters (MySQL's limit; SQLite index names are database-global). */
function shortName(...parts: string[]): string {
  const full = parts.join('_');
  if (full.length <= MAX_IDENTIFIER) return full;
  const hash = createHash('sha1').update(full).digest('hex').slice(0, 10);
  return `${full.slice(0, MAX_IDENTIFIER - hash.length - 1)}_${hash}`;
}

export function indexName(table: string, index: IndexSpec): string {
  return shortName(table, ...index.columns, index.unique ? 'unique' : 'idx');
}

function addColumn(t: Knex.CreateTableBuilder | Knex.AlterTableBuilder, col: ColumnSpec, dialect: Dialect, adding: boolean): void {
  let c: Knex.ColumnBuilder;
  switch (col.type) {
    case 'autoId':
      c = t.bigIncrements(col.name, { primaryKey: true });
      return void c;
    case 'postId':
    case 'postRef':
      c = t.bigInteger(col.name).unsigned();
      break;
    case 'bigint':
      c = t.bigInteger(col.name);
      break;
    case 'int':
      c = t.integer(col.name);
      break;
    case 'tinyint':
      c = t.tinyint(col.name);
      break;
    case 'text':
      c = t.text(col.name);
      break;
    case 'longtext':
      // SQLite: declared as longtext too (TEXT affinity), like the legacy DDL.
      c = dialect === 'mysql' ? t.text(col.name, 'longtext') : t.specificType(col.name, 'longtext');
      break;
    case 'decimal':
      c = dialect === 'mysql' ? t.decimal(col.name, 10, 1) : t.specificType(col.name, 'decimal(10,1)');
      break;
    case 'varchar':
      c = t.string(col.name, col.length ?? 255);
      break;
    case 'datetime':
      c = t.dateTime(col.name, { useTz: false, precision: 3 });
      break;
  }
  if (col.binary && dialect === 'mysql') c.collate('utf8mb4_bin');
  const primary = col.primary || col.type === 'postId';
  // Columns added to an existing table must accept the rows already there.
  const nullable = primary ? false : adding && col.default === undefined ? true : (col.nullable ?? true);
  if (nullable) c.nullable();
  else c.notNullable();
  if (col.default !== undefined) c.defaultTo(col.default);
  if (primary && !adding) c.primary();
}

/** Names of the columns of a table, lower-cased (MySQL column names are case-insensitive). */
export async function columnNames(knex: Knex | Knex.Transaction, table: string): Promise<Set<string>> {
  const info = await knex(table).columnInfo();
  return new Set(Object.keys(info).map((n) => n.toLowerCase()));
}

export interface ExistingIndex {
  name: string;
  unique: boolean;
  columns: string[];
}

export async function listIndexes(knex: Knex | Knex.Transaction, table: string): Promise<ExistingIndex[]> {
  if (dialectOf(knex) === 'mysql') {
    const rows: Array<{ INDEX_NAME: string; NON_UNIQUE: number | string; COLUMN_NAME: string }> = await knex
      .select('INDEX_NAME', 'NON_UNIQUE', 'COLUMN_NAME')
      .from('information_schema.STATISTICS')
      .whereRaw('TABLE_SCHEMA = DATABASE()')
      .andWhere('TABLE_NAME', table)
      .orderBy(['INDEX_NAME', 'SEQ_IN_INDEX']);
    const byName = new Map<string, ExistingIndex>();
    for (const row of rows) {
      const entry = byName.get(row.INDEX_NAME) ?? { name: row.INDEX_NAME, unique: Number(row.NON_UNIQUE) === 0, columns: [] };
      entry.columns.push(row.COLUMN_NAME);
      byName.set(row.INDEX_NAME, entry);
    }
    return [...byName.values()];
  }
  const list: Array<{ name: string; unique: number }> = await knex.raw(`PRAGMA index_list(${quoteSqlite(table)})`);
  const result: ExistingIndex[] = [];
  for (const idx of list) {
    const cols: Array<{ seqno: number; name: string }> = await knex.raw(`PRAGMA index_info(${quoteSqlite(idx.name)})`);
    result.push({ name: idx.name, unique: Number(idx.unique) === 1, columns: [...cols].sort((a, b) => a.seqno - b.seqno).map((c) => c.name) });
  }
  return result;
}

function quoteSqlite(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/**
 * Creates an index unless one with the same name exists, or an existing index
 * already starts with the same columns (a unique index is only satisfied by a unique one).
 */
export async function ensureIndex(knex: Knex | Knex.Transaction, table: string, index: IndexSpec): Promise<boolean> {
  const name = indexName(table, index);
  const wanted = index.columns.map((c) => c.toLowerCase());
  const existing = await listIndexes(knex, table);
  const covered = existing.some((e) => {
    if (e.name.toLowerCase() === name.toLowerCase()) return true;
    if (index.unique && !e.unique) return false;
    const cols = e.columns.map((c) => c.toLowerCase());
    return wanted.every((c, i) => cols[i] === c) && (!index.unique || cols.length === wanted.length);
  });
  if (covered) return false;
  await knex.schema.alterTable(table, (t) => {
    if (index.unique) t.unique(index.columns, { indexName: name });
    else t.index(index.columns, name);
  });
  return true;
}

/** True when `${prefix}posts` exists as an InnoDB table whose ID is a bigint unsigned (a WordPress database). */
async function wordpressPostsTable(knex: Knex | Knex.Transaction, prefix: string): Promise<string | null> {
  if (dialectOf(knex) !== 'mysql') return null;
  const posts = `${prefix}posts`;
  const row: { ENGINE?: string; COLUMN_TYPE?: string } | undefined = await knex
    .select('t.ENGINE', 'c.COLUMN_TYPE')
    .from('information_schema.TABLES as t')
    .join('information_schema.COLUMNS as c', function join() {
      this.on('c.TABLE_SCHEMA', '=', 't.TABLE_SCHEMA').andOn('c.TABLE_NAME', '=', 't.TABLE_NAME');
    })
    .whereRaw('t.TABLE_SCHEMA = DATABASE()')
    .andWhere('t.TABLE_NAME', posts)
    .andWhere('c.COLUMN_NAME', 'ID')
    .first();
  if (!row) return null;
  const engineOk = String(row.ENGINE ?? '').toLowerCase() === 'innodb';
  const typeOk = /^bigint(\(\d+\))? unsigned$/i.test(String(row.COLUMN_TYPE ?? ''));
  return engineOk && typeOk ? posts : null;
}

export interface EnsureTableResult {
  table: string;
  created: boolean;
  addedColumns: string[];
  addedIndexes: string[];
}

/**
 * Creates `${prefix}${spec.name}` or adopts the existing table (adds the missing
 * columns, then the missing indexes). Foreign keys are only declared on tables
 * this call creates, on MySQL, and only when the WordPress posts table exists.
 */
export async function ensureTable(knex: Knex | Knex.Transaction, prefix: string, spec: TableSpec): Promise<EnsureTableResult> {
  const dialect = dialectOf(knex);
  const table = `${prefix}${spec.name}`;
  const result: EnsureTableResult = { table, created: false, addedColumns: [], addedIndexes: [] };

  if (!(await knex.schema.hasTable(table))) {
    const posts = spec.postForeignKeys?.length ? await wordpressPostsTable(knex, prefix) : null;
    await knex.schema.createTable(table, (t) => {
      if (dialect === 'mysql') {
        t.engine('InnoDB');
        t.charset(MYSQL_CHARSET);
        t.collate(MYSQL_COLLATION);
      }
      for (const col of spec.columns) addColumn(t, col, dialect, false);
      if (posts) {
        for (const column of spec.postForeignKeys ?? []) {
          t.foreign(column, shortName(table, column, 'fk'))
            .references('ID')
            .inTable(posts)
            .onDelete('CASCADE')
            .onUpdate('NO ACTION');
        }
      }
    });
    result.created = true;
    result.addedColumns = spec.columns.map((c) => c.name);
  } else {
    const existing = await columnNames(knex, table);
    const missing = spec.columns.filter((c) => !existing.has(c.name.toLowerCase()));
    const primaryMissing = missing.find((c) => c.primary || c.type === 'postId' || c.type === 'autoId');
    if (primaryMissing) {
      throw new Error(`Cannot adopt ${table}: it has no ${primaryMissing.name} column (primary key). Fix the table by hand.`);
    }
    if (missing.length > 0) {
      await knex.schema.alterTable(table, (t) => {
        for (const col of missing) addColumn(t, col, dialect, true);
      });
      result.addedColumns = missing.map((c) => c.name);
    }
  }

  for (const index of spec.indexes ?? []) {
    if (await ensureIndex(knex, table, index)) result.addedIndexes.push(indexName(table, index));
  }
  return result;
}

/** Adds the given columns to an existing table when missing (no-op when the table is absent). */
export async function addMissingColumns(
  knex: Knex | Knex.Transaction,
  prefix: string,
  name: string,
  columns: ColumnSpec[],
  indexes: IndexSpec[] = [],
): Promise<EnsureTableResult> {
  const table = `${prefix}${name}`;
  if (!(await knex.schema.hasTable(table))) return { table, created: false, addedColumns: [], addedIndexes: [] };
  return ensureTable(knex, prefix, { name, columns, indexes });
}
