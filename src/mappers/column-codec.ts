/**
 * Encoding of the tmu_* list columns (TMU_COLUMN_FORMAT): PHP serialize() for the
 * legacy templates, JSON for the newer theme blocks. Decoding accepts either.
 *
 * The php encoder is byte-for-byte PHP serialize() of the equivalent PHP value:
 * - JS arrays, Maps and plain objects become PHP arrays, keys in insertion order;
 *   canonical integer keys ("12", 12) become int keys as PHP arrays do;
 * - safe integers → `i:`, other numbers → `d:` with PHP's shortest round-trip
 *   repr (serialize_precision = -1: "0.1", "1.0E+21", "1.0E-5", "NAN", "INF");
 * - strings are measured in UTF-8 bytes; undefined is N; like null.
 * Scalars and decoding go through the `php-serialize` package; the container and
 * float formatting is done here, where the package differs from PHP.
 */
import { serialize as phpSerializeScalar, unserialize as phpUnserialize } from 'php-serialize';

import { AppError } from '../errors';
import type { ColumnCodec } from './mapping.types';

export type ColumnFormat = 'php' | 'json';

export class ColumnDecodeError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('column_decode_failed', message, { cause });
  }
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** PHP turns these string keys into integer keys. */
function isCanonicalIntKey(key: string): boolean {
  if (!/^(0|-?[1-9][0-9]*)$/.test(key)) return false;
  const big = BigInt(key);
  return big >= INT64_MIN && big <= INT64_MAX;
}

/** PHP's float repr for serialize()/var_export() with serialize_precision = -1. */
export function formatPhpFloat(value: number): string {
  if (Number.isNaN(value)) return 'NAN';
  if (value === Infinity) return 'INF';
  if (value === -Infinity) return '-INF';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const sign = value < 0 ? '-' : '';
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const decpt = Number(exponent) + 1; // value = 0.DIGITS × 10^decpt, as zend_gcvt sees it
  if (decpt < -3 || decpt > 17) {
    const e = decpt - 1;
    const fraction = digits.length > 1 ? digits.slice(1) : '0';
    return `${sign}${digits[0]}.${fraction}E${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (digits.length <= decpt) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

function serializeKey(key: string | number): string {
  if (typeof key === 'number') {
    if (Number.isSafeInteger(key)) return phpSerializeScalar(key);
    return serializeKey(String(key));
  }
  return isCanonicalIntKey(key) ? `i:${key};` : phpSerializeScalar(key);
}

function serializeEntries(entries: Array<[string | number, unknown]>, seen: Set<object>): string {
  const body = entries.map(([key, item]) => serializeKey(key) + phpSerialize(item, seen)).join('');
  return `a:${entries.length}:{${body}}`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** PHP serialize() of the PHP value equivalent to `value`. */
export function phpSerialize(value: unknown, seen: Set<object> = new Set()): string {
  if (value === null || value === undefined) return 'N;';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return phpSerializeScalar(value);
    case 'bigint':
      if (value < INT64_MIN || value > INT64_MAX) return `d:${formatPhpFloat(Number(value))};`;
      return phpSerializeScalar(value);
    case 'number':
      // JS cannot tell 8 from 8.0: integral values are PHP ints, as json_decode() makes them.
      if (Number.isSafeInteger(value)) return phpSerializeScalar(Object.is(value, -0) ? 0 : value);
      if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) return `i:${BigInt(value)};`;
      return `d:${formatPhpFloat(value)};`;
    case 'object': {
      if (seen.has(value)) throw new TypeError('Cannot PHP-serialize a circular structure');
      seen.add(value);
      try {
        if (Array.isArray(value))
          return serializeEntries(
            value.map((item, index) => [index, item]),
            seen,
          );
        if (value instanceof Map) {
          const entries = [...value.entries()].map(([key, item]): [string | number, unknown] => {
            if (typeof key !== 'string' && typeof key !== 'number') throw new TypeError('PHP array keys must be strings or numbers');
            return [key, item];
          });
          return serializeEntries(entries, seen);
        }
        if (isPlainObject(value)) {
          return serializeEntries(
            Object.entries(value).filter(([, item]) => item !== undefined),
            seen,
          );
        }
        throw new TypeError(`Cannot PHP-serialize a ${value.constructor?.name ?? 'object'}`);
      } finally {
        seen.delete(value);
      }
    }
    default:
      throw new TypeError(`Cannot PHP-serialize a ${typeof value}`);
  }
}

/** Values php-serialize hands back: bigints for large ints (and -0); made JSON-like. */
function normaliseDecoded(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(normaliseDecoded);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normaliseDecoded(item)]));
  }
  return value;
}

const PHP_SERIALIZED = /^(?:N;|b:[01];|i:-?\d+;|d:[^;]+;|s:\d+:"|a:\d+:\{|O:\d+:")/;

export function looksPhpSerialized(text: string): boolean {
  return PHP_SERIALIZED.test(text.trim());
}

/** Decode a column written by either encoder (or by the legacy plugin / theme blocks). */
export function decodeColumn(text: string | null | undefined): unknown {
  if (text === null || text === undefined) return null;
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (looksPhpSerialized(trimmed)) {
    try {
      return normaliseDecoded(phpUnserialize(trimmed, {}, { strict: false, encoding: 'utf8' }));
    } catch (error) {
      throw new ColumnDecodeError(`Column holds malformed PHP-serialized data: ${trimmed.slice(0, 60)}`, error);
    }
  }
  try {
    return JSON.parse(trimmed) as unknown;
  } catch (error) {
    throw new ColumnDecodeError(`Column is neither PHP-serialized nor JSON: ${trimmed.slice(0, 60)}`, error);
  }
}

function toJsonValue(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([key, item]) => [String(key), toJsonValue(item)]));
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'bigint') return Number(value);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJsonValue(item)]));
  }
  return value;
}

export function jsonEncode(value: unknown): string {
  return JSON.stringify(toJsonValue(value === undefined ? null : value));
}

export function createColumnCodec(format: ColumnFormat): ColumnCodec {
  if (format !== 'php' && format !== 'json') throw new TypeError(`Unknown column format: ${String(format)}`);
  return {
    format,
    encode: format === 'php' ? (value: unknown) => phpSerialize(value) : jsonEncode,
    decode: (text: string | null) => decodeColumn(text),
  };
}
