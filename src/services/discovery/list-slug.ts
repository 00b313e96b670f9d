import { slugify } from '../../mappers/slug';

/** tmu_media_lists.slug is VARCHAR(191). */
export const LIST_SLUG_MAX = 191;

/**
 * A new list's slug: `<title-slug>-<id>`, or `<keyword-slug>-spotlight-<id>`
 * without a usable title. Letters with no ASCII form are kept percent-encoded
 * (as WordPress does), 9 bytes for one CJK letter, so a long title is cut, at a
 * letter's boundary, to fit the column.
 */
export function listSlug(title: string | undefined, keywordSlug: string, id: number): string {
  const base = (title && slugify(title)) || `${keywordSlug}-spotlight`;
  const suffix = `-${id}`;
  return `${cutSlug(base, LIST_SLUG_MAX - suffix.length)}${suffix}`;
}

/** The longest start of `slug` within `max` characters that ends on a whole letter (never inside a %xx sequence). */
export function cutSlug(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  let out = '';
  for (const letter of slugLetters(slug)) {
    if (out.length + letter.length > max) break;
    out += letter;
  }
  return out.replace(/-+$/, '');
}

/** Splits a slug into letters: one ASCII character, or the %xx octets of one UTF-8 character. */
function slugLetters(slug: string): string[] {
  const letters: string[] = [];
  for (const token of slug.match(/(?:%[0-9a-f]{2})+|[^%]/gi) ?? []) {
    if (!token.startsWith('%')) {
      letters.push(token);
      continue;
    }
    for (const octet of token.match(/%[0-9a-f]{2}/gi) ?? []) {
      const byte = parseInt(octet.slice(1), 16);
      // A continuation byte (10xxxxxx) belongs to the letter before it.
      if ((byte & 0xc0) === 0x80 && letters.length && letters[letters.length - 1].startsWith('%')) letters[letters.length - 1] += octet;
      else letters.push(octet);
    }
  }
  return letters;
}
