/**
 * One strict reading of the CLI's options, ids, counts and dates. A value that
 * is not exactly what was asked for is a usage error (exit 2): "1e3" is not
 * 1000, "-1" is not a limit, and 2024-02-30 is not 1 March.
 */
import { parseArgs, ParseArgsConfig } from 'node:util';
import { isCalendarDate } from '../domain/job-payloads';
import { UsageError } from './cli-io';

/** TMDb ids and WordPress post IDs fit a signed 32-bit integer on both sides. */
const MAX_ID = 2_147_483_647;

/** node's parseArgs, its errors (unknown option, `--limit -1` read as a missing value) made usage errors. */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>(config);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) throw new UsageError(String((error as Error).message).split('\n')[0]);
    throw error;
  }
}

/** Digits only (no sign, exponent, decimals or spaces), from `min` to `max`. */
export function parseInteger(raw: string, what: string, min: number, max: number): number {
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new UsageError(`${what} must be an integer from ${min} to ${max}, got ${raw}`);
  return value;
}

/** A TMDb id or a post ID: a positive integer. */
export function parseId(raw: string, what: string): number {
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_ID) throw new UsageError(`${what} must be a positive integer, got ${raw}`);
  return value;
}

/** YYYY-MM-DD of a day that exists on the calendar. */
export function parseDate(raw: string, what: string): string {
  if (!isCalendarDate(raw)) throw new UsageError(`${what} must be a real date like 2024-05-01, got ${raw}`);
  return raw;
}
