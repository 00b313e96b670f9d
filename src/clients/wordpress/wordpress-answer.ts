import { WordPressAuthError, WordPressError } from '../../errors';
import { refusedDuringSync } from './wordpress-credentials';

/** A WordPress REST body read as JSON, and the PHP output printed in front of it, if any. */
export interface ParsedAnswer {
  /** The JSON value; the raw text when no JSON could be found in it; null for an empty body. */
  body: unknown;
  /** Plain text printed before the JSON (a PHP notice with display_errors on), bounded; null when the body is clean. */
  phpOutput: string | null;
}

/** Where to look for the JSON after PHP output: notices are short, a page of them is already broken. */
const MAX_LEADING_CHARS = 64 * 1024;
const MAX_CANDIDATES = 50;
const SAMPLE_CHARS = 200;

/**
 * With `display_errors` on, PHP prints notices and warnings into the answer before WordPress's
 * JSON. Reading such a body as "not JSON" made every lookup find nothing and every batch item
 * look failed, so the JSON is taken from where it starts and the output in front is reported.
 */
export function parseWordPressAnswer(raw: unknown): ParsedAnswer {
  if (typeof raw !== 'string') return { body: raw ?? null, phpOutput: null };
  const text = raw.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { body: null, phpOutput: null };
  const clean = tryJson(text);
  if (clean.ok) return { body: clean.value, phpOutput: null };
  let candidates = 0;
  for (let i = firstJsonStart(text, 0); i > 0 && i <= MAX_LEADING_CHARS && candidates < MAX_CANDIDATES; i = firstJsonStart(text, i + 1)) {
    candidates += 1;
    const parsed = tryJson(text.slice(i));
    if (parsed.ok && parsed.value !== null && typeof parsed.value === 'object') {
      return { body: parsed.value, phpOutput: phpOutputSample(text.slice(0, i)) };
    }
  }
  return { body: raw, phpOutput: null };
}

/** The output as one bounded line of plain text: tags and entities a notice carries are dropped. */
export function phpOutputSample(leading: string): string {
  const plain = leading
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > SAMPLE_CHARS ? `${plain.slice(0, SAMPLE_CHARS - 1)}…` : plain || '(blank output)';
}

function firstJsonStart(text: string, from: number): number {
  const brace = text.indexOf('{', from);
  const bracket = text.indexOf('[', from);
  if (brace < 0) return bracket;
  if (bracket < 0) return brace;
  return Math.min(brace, bracket);
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A batch item's headers as strings (WordPress sends an object; an empty one may come as a list). */
export function itemHeaders(raw: unknown): Record<string, string> | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([name, value]) => [name, String(value)]));
}

/** WordPress's error shape, {code, message, data: {status >= 400}}, which no successful answer has. */
export function isErrorBody(body: unknown): boolean {
  const b = body as { code?: unknown; data?: { status?: unknown } } | null;
  return typeof b?.code === 'string' && typeof b.data?.status === 'number' && b.data.status >= 400;
}

/** Transport failures worth another try: refused, reset, timed out (ours or the OS's), name lookups, cut sockets. */
const TRANSIENT_NETWORK =
  /ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|ESOCKETTIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|socket hang up|timeout of \d+ms exceeded/i;

/** A WordPress JSON error body ({code, message, data:{status, ...}}) or a transport error, as a typed error. */
export function toWordPressError(what: string, error: unknown): WordPressError | WordPressAuthError {
  const e = (error ?? {}) as { code?: string; message?: string; data?: { status?: number; term_id?: number }; status?: number };
  const status = e.data?.status ?? e.status;
  if (status === 401 || status === 403) return refusedDuringSync(what, status, e.code);
  const network = !status && TRANSIENT_NETWORK.test(`${e.code ?? ''} ${e.message ?? ''}`);
  const message = network
    ? `WordPress is unreachable or too slow (${what}): ${e.code ?? e.message}`
    : `WordPress ${what} failed${status ? ` (${status})` : ''}: ${e.code ? `${e.code}: ` : ''}${e.message ?? 'unknown error'}`;
  return new WordPressError(message.slice(0, 500), {
    status: status ?? 502,
    // Any 5xx, 502/503/504 from a gateway included: the same policy as a dropped connection.
    retryable: network || (status !== undefined && status >= 500),
    // term_exists answers carry the existing term's id: the caller reuses it.
    cause: { code: e.code, status, ...(e.data?.term_id ? { term_id: e.data.term_id } : {}) },
  });
}
