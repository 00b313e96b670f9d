/**
 * Slugs as WordPress makes them (sanitize_title(): remove_accents() then
 * sanitize_title_with_dashes() in 'save' context), so that a term created by the
 * legacy importer (wp_set_post_terms by name) is found again by its slug.
 *
 * "Sci-Fi & Fantasy" → "sci-fi-fantasy", "Schindler's List" → "schindlers-list",
 * "Léa Seydoux" → "lea-seydoux", "Straße" → "strase" (WordPress maps ß to s).
 * Letters with no ASCII form stay, percent-encoded in lowercase, as WordPress keeps them.
 */

/** remove_accents() entries that Unicode decomposition does not cover. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 's',
  Æ: 'AE',
  æ: 'ae',
  Ø: 'O',
  ø: 'o',
  Œ: 'OE',
  œ: 'oe',
  Ð: 'D',
  ð: 'd',
  Þ: 'TH',
  þ: 'th',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ĳ: 'IJ',
  ĳ: 'ij',
  ĸ: 'k',
  Ŀ: 'L',
  ŀ: 'l',
  Ł: 'L',
  ł: 'l',
  ŉ: 'N',
  Ŋ: 'N',
  ŋ: 'n',
  Ŧ: 'T',
  ŧ: 't',
  ſ: 's',
  ª: 'a',
  º: 'o',
  '€': 'E',
  '£': '',
  Ə: 'E',
  ə: 'e',
  Ơ: 'O',
  ơ: 'o',
  Ư: 'U',
  ư: 'u',
};

/** Characters sanitize_title_with_dashes() turns into '-' or drops in 'save' context. */
const TO_DASH = /[\u00a0\u2013\u2014\u2002\u2003\u2009\u202f/]/g;
// Combining marks (U+0300…) are listed one by one on purpose: WordPress drops each on its own.
const DROPPED =
  // eslint-disable-next-line no-misleading-character-class
  /[\u00a1\u00bf\u00ab\u00bb\u2039\u203a\u2018\u2019\u201c\u201d\u201a\u201b\u201e\u201f\u2022\u00a9\u00ae\u00b0\u2026\u2122\u00b4\u02ca\u0300\u0301\u0303\u0309\u0323\u200b-\u200f\u202a-\u202e\u2060\ufeff]/g;

export function removeAccents(text: string): string {
  if (!/[^\p{ASCII}]/u.test(text)) return text;
  const mapped = [...text.normalize('NFC')].map((char) => SPECIAL_LETTERS[char] ?? char).join('');
  // Latin letters only, as WordPress: デ is not テ with a mark, and й is not и.
  return [...mapped].map((char) => (/\p{Script=Latin}/u.test(char) ? char.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC') : char)).join('');
}

function percentEncodeNonAscii(text: string): string {
  return [...text].map((char) => (/[^\p{ASCII}]/u.test(char) ? [...Buffer.from(char, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('') : char)).join('');
}

/** WordPress sanitize_title()-compatible slug; '' when nothing usable is left. */
export function slugify(text: string): string {
  let slug = removeAccents(text)
    .replace(/<[^>]*>/g, '')
    .replace(TO_DASH, '-')
    .replace(DROPPED, '')
    .replace(/\u00d7/g, 'x')
    .toLowerCase();
  slug = percentEncodeNonAscii(slug)
    .replace(/%(?![0-9a-f]{2})/g, '')
    .replace(/&.+?;/g, '')
    .replace(/\./g, '')
    .replace(/[^%a-z0-9 _-]/g, '')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug;
}
