/**
 * Legacy columns keep their types (TEXT: 65,535 bytes; VARCHAR(n): n
 * characters), so a longer value is cut to fit, on a UTF-8 character
 * boundary, with a warning, instead of failing the whole title. Serialized
 * values (PHP or JSON) are never cut: a cut one would not read back.
 */
import { CONTENT_TABLES } from '../../migrations/schema/content-tables';
import { SYNC_COLUMNS } from '../../migrations/schema/sync-columns';
import { WIDENED_COLUMNS } from '../../migrations/007_reliability';
import type { ColumnSpec } from '../../migrations/support/schema-toolkit';

type ColumnLimit = { bytes: number } | { chars: number } | { min: number; max: number };

const TEXT_BYTES = 65_535;
/** MySQL's ranges; a value past one fails the statement in strict mode (2^63 is not in BIGINT: the nearest double inside is). */
const NUMBER_RANGES: Partial<Record<ColumnSpec['type'], { min: number; max: number }>> = {
  bigint: { min: -(2 ** 63 - 1024), max: 2 ** 63 - 1024 },
  int: { min: -(2 ** 31), max: 2 ** 31 - 1 },
  tinyint: { min: -128, max: 127 },
  decimal: { min: -999_999_999.9, max: 999_999_999.9 },
};

function limitOf(column: ColumnSpec): ColumnLimit | null {
  if (column.type === 'text') return { bytes: TEXT_BYTES };
  if (column.type === 'varchar') return { chars: column.length ?? 255 };
  return NUMBER_RANGES[column.type] ?? null;
}

function buildLimits(): Map<string, Map<string, ColumnLimit>> {
  const limits = new Map<string, Map<string, ColumnLimit>>();
  const add = (table: string, column: ColumnSpec) => {
    const limit = limitOf(column);
    if (!limit || WIDENED_COLUMNS[table]?.includes(column.name)) return;
    if (!limits.has(table)) limits.set(table, new Map());
    limits.get(table)!.set(column.name, limit);
  };
  for (const spec of CONTENT_TABLES) for (const column of spec.columns) add(spec.name, column);
  for (const addition of SYNC_COLUMNS) for (const column of addition.columns) add(addition.table, column);
  return limits;
}

const LIMITS = buildLimits();
const SERIALIZED = /^(?:[aOs]:\d+:|[[{])/;

/** The longest prefix of `text` that is at most `bytes` UTF-8 bytes and ends on a character boundary. */
function cutUtf8(text: string, bytes: number): string {
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= bytes) return text;
  let end = bytes;
  while (end > 0 && (buffer[end] & 0xc0) === 0x80) end -= 1; // buffer[end] continues the character that starts before it
  return buffer.subarray(0, end).toString('utf8');
}

/**
 * TMDb text is stored with its special characters as entities (`&amp;`), so a cut can end inside
 * one; the broken entity ("&am") would show on the page as stray text, so it goes with the cut.
 */
function withoutSplitEntity(cut: string): string {
  return cut.replace(/&#?[a-z0-9]{0,8}$/i, '');
}

export interface ColumnCut {
  column: string;
  /** Characters before and after a cut; for a number out of range, the number given and the bound stored. */
  from: number;
  to: number;
  outOfRange?: boolean;
}

/** `table` may carry the site's prefix. Returns the values to write and what was cut. */
export function fitToColumns(table: string, values: Record<string, unknown>): { values: Record<string, unknown>; cuts: ColumnCut[] } {
  const limits = LIMITS.get(table.slice(Math.max(0, table.indexOf('tmu_'))));
  const cuts: ColumnCut[] = [];
  if (!limits) return { values, cuts };
  const out = { ...values };
  for (const [column, value] of Object.entries(values)) {
    const limit = limits.get(column);
    if (limit && 'max' in limit) {
      if (typeof value !== 'number' || (value >= limit.min && value <= limit.max)) continue;
      out[column] = Number.isFinite(value) ? Math.min(limit.max, Math.max(limit.min, value)) : null;
      cuts.push({ column, from: value, to: out[column] as number, outOfRange: true });
      continue;
    }
    if (!limit || typeof value !== 'string' || SERIALIZED.test(value)) continue;
    const fitted = withoutSplitEntity('bytes' in limit ? cutUtf8(value, limit.bytes) : Array.from(value).slice(0, limit.chars).join(''));
    if (fitted.length === value.length) continue;
    out[column] = fitted;
    cuts.push({ column, from: value.length, to: fitted.length });
  }
  return { values: out, cuts };
}
