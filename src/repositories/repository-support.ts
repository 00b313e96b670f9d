/** Shared pieces of the repositories: error mapping, value comparison, upsert-by-ID. */
import type { Knex } from 'knex';
import { AppError, boundText, DatabaseError, withoutSql } from '../errors';
import { DECIMAL_COLUMNS } from './table-names';
import { fitToColumns } from './column-fit';

export type Db = Knex | Knex.Transaction;

type UpsertAction = 'inserted' | 'updated' | 'unchanged';

export interface UpsertResult {
  action: UpsertAction;
  /** Columns written (all given columns on insert, the changed ones on update). */
  changed: string[];
  /** Set when a value was rounded, cut or clamped to fit its column: the values as stored (what a fingerprint must be taken of). */
  stored?: Record<string, unknown>;
}

const RETRYABLE_CODES = new Set([
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'PROTOCOL_CONNECTION_LOST',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

function errorCode(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown };
  return typeof e?.code === 'string' ? e.code : '';
}

export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Wraps a driver error in a DatabaseError (retryable only for lock/connection trouble). */
export function toDatabaseError(operation: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = errorCode(error);
  const retryable = RETRYABLE_CODES.has(code) || /Knex: Timeout acquiring a connection/.test(String((error as Error)?.message));
  // Never the statement or its values: they can be huge and may carry what the caller must not see.
  return new DatabaseError(`${operation} failed: ${boundText(withoutSql(error), 300)}`, { cause: error, retryable });
}

export async function dbCall<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toDatabaseError(operation, error);
  }
}

/** A DATETIME read back from either driver: Date (mysql2), epoch ms (knex on SQLite) or a string. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  const s = String(value);
  if (/^\d+$/.test(s)) return new Date(Number(s));
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function roundDecimal1(value: number): number {
  return Math.round((value + Math.sign(value) * Number.EPSILON) * 10) / 10;
}

/** Does a stored value equal the value about to be written? Tolerates driver representations. */
function sameValue(stored: unknown, next: unknown): boolean {
  if (next === null || next === undefined) return stored === null || stored === undefined;
  if (stored === null || stored === undefined) return false;
  if (next instanceof Date) {
    const d = toDate(stored);
    return d !== null && Math.floor(d.getTime() / 1000) === Math.floor(next.getTime() / 1000);
  }
  if (typeof next === 'boolean') return Number(stored) === Number(next);
  if (typeof next === 'number') {
    const n = Number(stored);
    return Number.isFinite(n) && Math.abs(n - next) < 1e-9;
  }
  return String(stored) === String(next);
}

/** Drops undefined keys (not written) and rounds DECIMAL(10,1) values. */
function prepareValues(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'number' && DECIMAL_COLUMNS.has(key) ? roundDecimal1(value) : value;
  }
  return out;
}

/** Converts the DATETIME columns we know of to Date objects, whatever the driver returned. */
export function normalizeRow<T>(row: Record<string, unknown> | undefined | null): T | null {
  if (!row) return null;
  const out: Record<string, unknown> = { ...row };
  for (const key of ['synced_at', 'created_at', 'updated_at']) {
    if (key in out) out[key] = toDate(out[key]);
  }
  return out as T;
}

/**
 * On MySQL, a locking read sees the latest committed row even inside a
 * REPEATABLE READ transaction whose snapshot predates it (the retry after a
 * duplicate-key race). SQLite has one writer at a time, so a plain read is current.
 */
export function latest<Q extends Knex.QueryBuilder>(db: Db, query: Q): Q {
  const dialect = String((db.client as { dialect?: string }).dialect ?? '');
  return (dialect.includes('mysql') ? query.forShare() : query) as Q;
}

/**
 * Insert the row, or update only the given columns that differ. A second call
 * with the same values writes nothing and reports 'unchanged'.
 */
/** The values to write to `table`, cut, clamped or rounded to fit its columns; each change is logged as a warning naming `row`. */
export function fitRow(db: Db, table: string, values: Record<string, unknown>, row: string): Record<string, unknown> {
  const fitted = fitToColumns(table, values);
  for (const cut of fitted.cuts) {
    // knex's logger is the app's (createDatabase's warn option).
    // eslint-disable-next-line @typescript-eslint/no-unsafe-call -- Knex types its client as any
    db.client.logger.warn?.(
      cut.outOfRange
        ? `${row}.${cut.column}: ${cut.from} is outside the column's range; ${cut.to} stored instead`
        : `${row}.${cut.column}: value of ${cut.from} characters cut to ${cut.to} to fit the legacy column`,
    );
  }
  return fitted.values;
}

export async function upsertById(db: Db, table: string, row: object, idColumn = 'ID'): Promise<UpsertResult> {
  const prepared = prepareValues(row);
  const values = fitRow(db, table, prepared, `${table}#${String(prepared[idColumn])}`);
  const id = values[idColumn];
  if (id === null || id === undefined) throw new DatabaseError(`${table}: upsert without ${idColumn}`, { retryable: false });
  const stored = storedIfFitted(row, values);
  const attempt = async (retry: boolean): Promise<UpsertResult> => {
    const read = db(table)
      .where(idColumn, id as number)
      .first();
    const existing: Record<string, unknown> | undefined = await (retry ? latest(db, read) : read);
    if (!existing) {
      await db(table).insert(values);
      return { action: 'inserted', changed: Object.keys(values), ...stored };
    }
    const changed = Object.keys(values).filter((key) => key !== idColumn && !sameValue(existing[key], values[key]));
    if (changed.length === 0) return { action: 'unchanged', changed, ...stored };
    const update: Record<string, unknown> = {};
    for (const key of changed) update[key] = values[key];
    await db(table)
      .where(idColumn, id as number)
      .update(update);
    return { action: 'updated', changed, ...stored };
  };
  return dbCall(`upsert ${table}#${String(id)}`, async () => {
    try {
      return await attempt(false);
    } catch (error) {
      // Someone inserted the same ID between our read and our insert: update instead.
      if (isUniqueViolation(error)) return attempt(true);
      throw error;
    }
  });
}

/** Splits a list for IN (...) clauses. */
export function chunk<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function ids(rows: Array<{ ID: unknown }>): number[] {
  return rows.map((r) => Number(r.ID));
}

/** Rows of `table` by ID, many at once (IN lists of at most 500). */
export async function readManyById(
  db: Db,
  table: string,
  idList: readonly number[],
  columns: string[] = ['*'],
  idColumn = 'ID',
): Promise<Map<number, Record<string, unknown>>> {
  const out = new Map<number, Record<string, unknown>>();
  for (const part of chunk([...new Set(idList)])) {
    const rows: Array<Record<string, unknown>> = await db(table).select(columns).whereIn(idColumn, part);
    for (const row of rows) out.set(Number(row[idColumn]), row);
  }
  return out;
}

/** `{ stored }` only when a value was rounded, cut or clamped: the caller fingerprints what is stored. */
function storedIfFitted(given: object, values: Record<string, unknown>): Pick<UpsertResult, 'stored'> {
  const row = given as Record<string, unknown>;
  return Object.keys(values).some((key) => values[key] !== row[key]) ? { stored: values } : {};
}

/**
 * upsertById for many rows: one read for all of them, one multi-row insert per
 * column set for the new ones, an update only for a row whose values changed.
 * A unique violation (a row inserted by someone else meanwhile) falls back to
 * upsertById row by row.
 */
export async function upsertManyById(db: Db, table: string, rows: readonly object[], idColumn = 'ID'): Promise<UpsertResult[]> {
  if (rows.length === 0) return [];
  const prepared = rows.map((row) => {
    const values = prepareValues(row);
    const fitted = fitRow(db, table, values, `${table}#${String(values[idColumn])}`);
    const id = fitted[idColumn];
    if (id === null || id === undefined) throw new DatabaseError(`${table}: upsert without ${idColumn}`, { retryable: false });
    return fitted;
  });
  return dbCall(`upsert ${rows.length} rows of ${table}`, async () => {
    const existing = await readManyById(
      db,
      table,
      prepared.map((v) => Number(v[idColumn])),
      ['*'],
      idColumn,
    );
    const results: UpsertResult[] = [];
    const inserts = new Map<string, Array<Record<string, unknown>>>();
    for (const [i, values] of prepared.entries()) {
      const current = existing.get(Number(values[idColumn]));
      const stored = storedIfFitted(rows[i], values);
      if (!current) {
        const shape = Object.keys(values).sort().join(',');
        inserts.set(shape, [...(inserts.get(shape) ?? []), values]);
        results.push({ action: 'inserted', changed: Object.keys(values), ...stored });
        continue;
      }
      const changed = Object.keys(values).filter((key) => key !== idColumn && !sameValue(current[key], values[key]));
      results.push({ action: changed.length === 0 ? 'unchanged' : 'updated', changed, ...stored });
      if (changed.length === 0) continue;
      const update: Record<string, unknown> = {};
      for (const key of changed) update[key] = values[key];
      await db(table)
        .where(idColumn, values[idColumn] as number)
        .update(update);
    }
    for (const group of inserts.values()) {
      // SQLite binds at most 32,766 values per statement (MySQL 65,535) and knex makes a multi-row insert a compound SELECT (at most 500 terms).
      const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(30_000 / Object.keys(group[0]).length)));
      for (const part of chunk(group, perStatement)) {
        try {
          await db(table).insert(part);
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          for (const values of part) await upsertById(db, table, values, idColumn);
        }
      }
    }
    return results;
  });
}

/** Rows per multi-row INSERT: knex writes one on SQLite as a compound SELECT, which SQLite caps at 500 terms. */
export const MAX_ROWS_PER_INSERT = 400;
