/**
 * TMDb text is text: the one rule for every string TMDb sends before it is mapped
 * into posts, terms, attachments, meta or tmu_* columns. HTML's special characters
 * are encoded as entities (as esc_html()/esc_attr() do), so a page shows the same
 * words whether a template escapes (WordPress does not double-encode entities) or
 * prints raw, and no TMDb value is ever live markup. Slugs still come from the plain
 * words (textSlug(), and the plugin's slug rule decodes the title first).
 *
 * Kept as TMDb sends them: image paths (`*_path`, fetched from TMDb and keys of
 * attachments; one with a character a URL path never needs is dropped), video `key`s
 * (the video mapper keeps only URL-safe ones) and ISO codes. A `homepage` that is not
 * an http(s) link is dropped.
 */

import { slugify } from './slug';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' };

/** Fields whose values are identifiers the sidecar uses as they are, never shown as text. */
const RAW_FIELD = /^key$|^iso_/;
const PATH_FIELD = /(^|_)path$/;
/** What TMDb image paths are made of ("/kqjL17yufvn9OVLyXYpvtyrFfak.jpg"). */
const SAFE_PATH = /^\/[\w./:-]+$/;

/** Encodes &, <, >, " and ' as entities; an `&` that starts an entity is encoded too (TMDb text has none). */
export function encodeHtmlText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/** Reverses encodeHtmlText (for comparisons with text written before the rule, and for tests). */
export function decodeHtmlText(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#039);/g, (entity) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#039;': "'" })[entity] ?? entity);
}

/** The slug of a TMDb text as WordPress makes it from the plain words ("Tom &amp; Jerry" → "tom-jerry", a tag's words dropped). */
export function textSlug(text: string): string {
  return slugify(decodeHtmlText(text));
}

/** An http(s) link, or null: `javascript:`, `data:` and the like never reach a page. */
export function webLink(url: string | null | undefined): string | null {
  const trimmed = url?.trim();
  if (!trimmed) return null;
  return /^https?:\/\/[^\s]+$/i.test(trimmed) ? encodeHtmlText(trimmed) : null;
}

function encodeField(key: string, value: unknown): unknown {
  if (typeof value === 'string') {
    if (key === 'homepage') return webLink(value);
    if (PATH_FIELD.test(key)) return SAFE_PATH.test(value.trim()) ? value : null;
    return RAW_FIELD.test(key) ? value : encodeHtmlText(value);
  }
  return encodeTmdbText(value);
}

/** A TMDb answer with every text field encoded (a new object; the answer itself is left as it was). */
export function encodeTmdbText<T>(value: T): T {
  if (typeof value === 'string') return encodeHtmlText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => encodeTmdbText(item)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, encodeField(key, item)])) as T;
  }
  return value;
}
