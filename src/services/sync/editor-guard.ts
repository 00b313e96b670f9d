import { createHash } from 'node:crypto';

/** Fields the sync never fingerprints: keys and bookkeeping. */
const UNGUARDED = new Set(['ID', 'tmdb_id', 'synced_at']);

/** Hash of a stored or desired value; numbers compare by value so DECIMAL '8.4' equals 8.4. */
export function fingerprint(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'number') text = String(value);
  else if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) text = String(Number(value));
  else if (value instanceof Date) text = value.toISOString();
  else text = String(value);
  return createHash('sha256').update(text).digest('hex').slice(0, 40);
}

export interface GuardResult<T> {
  /** What to write: the desired values minus fields an editor changed. */
  write: Partial<T>;
  /** Fields kept as the editor left them. */
  kept: string[];
  /** Hashes to remember for the fields written (or already equal). */
  prints: Map<string, string>;
}

/**
 * Editors win: a field whose current value no longer matches what the last
 * sync wrote was changed by hand, so it is left alone. A field the sync never
 * wrote is taken over, unless `fillOnly` says to fill it only when empty (post
 * title and content, the legacy fill rule).
 */
export function guardFields<T extends object>(
  current: Partial<T> | null,
  desired: T,
  prints: ReadonlyMap<string, string>,
  options: { fillOnly?: boolean } = {},
): GuardResult<T> {
  const write: Record<string, unknown> = {};
  const kept: string[] = [];
  const next = new Map<string, string>();
  for (const [field, value] of Object.entries(desired)) {
    if (UNGUARDED.has(field)) {
      write[field] = value;
      continue;
    }
    const now = current ? (current as Record<string, unknown>)[field] : undefined;
    const desiredPrint = fingerprint(value);
    const empty = now === null || now === undefined || (typeof now === 'string' && now.trim() === '');
    const lastPrint = prints.get(field);
    const untouched = lastPrint !== undefined ? fingerprint(now) === lastPrint : !options.fillOnly;
    if (empty || fingerprint(now) === desiredPrint || untouched) {
      write[field] = value;
      next.set(field, desiredPrint);
    } else {
      kept.push(field);
    }
  }
  return { write: write as Partial<T>, kept, prints: next };
}
