/** Which payload fields TMDb translates, per payload kind; nested lists are matched by their number. */
interface TextFields {
  top: readonly string[];
  lists?: ReadonlyArray<{ key: string; id: string; fields: readonly string[] }>;
}

export type TranslatedKind = 'movie' | 'tv' | 'season' | 'person';

const TEXT_FIELDS: Record<TranslatedKind, TextFields> = {
  movie: { top: ['title', 'overview', 'tagline'] },
  tv: { top: ['name', 'overview', 'tagline'], lists: [{ key: 'seasons', id: 'season_number', fields: ['name', 'overview'] }] },
  season: { top: ['name', 'overview'], lists: [{ key: 'episodes', id: 'episode_number', fields: ['name', 'overview'] }] },
  person: { top: ['name', 'biography'] },
};

type Obj = Record<string, unknown>;

export const FALLBACK_LANGUAGE = 'en-US';

export function isEnglish(language: string): boolean {
  return /^en(-|_|$)/i.test(language.trim());
}

/** Two-letter language for include_image_language ("pt-BR" -> "pt"). */
export function languageCode(language: string): string {
  return language.trim().slice(0, 2).toLowerCase() || 'en';
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** True when a translated payload has an empty text field that English could fill. */
export function hasEmptyText(kind: TranslatedKind, payload: Obj): boolean {
  const spec = TEXT_FIELDS[kind];
  if (spec.top.some((f) => isEmpty(payload[f]))) return true;
  return (spec.lists ?? []).some(({ key, fields }) => Array.isArray(payload[key]) && (payload[key] as Obj[]).some((item) => fields.some((f) => isEmpty(item[f]))));
}

/** Fills each empty text field from the English payload, field by field; never overwrites a translation. */
export function fillFromEnglish<T extends Obj>(kind: TranslatedKind, payload: T, english: Obj): T {
  const spec = TEXT_FIELDS[kind];
  const out: Obj = { ...payload };
  for (const f of spec.top) if (isEmpty(out[f]) && !isEmpty(english[f])) out[f] = english[f];
  for (const { key, id, fields } of spec.lists ?? []) {
    const items = out[key];
    const source = english[key];
    if (!Array.isArray(items) || !Array.isArray(source)) continue;
    const byId = new Map((source as Obj[]).map((s) => [s[id], s]));
    out[key] = (items as Obj[]).map((item) => {
      const en = byId.get(item[id]);
      if (!en) return item;
      const filled: Obj = { ...item };
      for (const f of fields) if (isEmpty(filled[f]) && !isEmpty(en[f])) filled[f] = en[f];
      return filled;
    });
  }
  return out as T;
}
