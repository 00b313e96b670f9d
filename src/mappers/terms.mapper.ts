/**
 * Taxonomy terms, as the legacy importer set them by name:
 * genre ← genres[].name, country ← production_countries[].name,
 * language ← spoken_languages[].english_name, by-year ← year of release,
 * keyword ← ucwords(keyword names), network (tv) / channel (drama) ← networks[].name,
 * nationality (people) ← last part of place_of_birth.
 */
import type { Taxonomy } from '../domain/content-store';
import type { TermDraft } from './mapping.types';
import { releaseYear } from './dates';
import { textSlug } from './tmdb-text.mapper';

interface Named {
  name?: string | null;
}
interface Language {
  english_name?: string | null;
  name?: string | null;
}
interface KeywordLists {
  keywords?: Named[];
  results?: Named[];
}

/** PHP ucwords(): uppercase the first ASCII letter of each whitespace-separated word. */
export function ucwords(text: string): string {
  return text.replace(/(^|[ \t\r\n\f\v])([a-z])/g, (_match, gap: string, letter: string) => gap + letter.toUpperCase());
}

/** One term draft, or null when the name is empty or slugs to nothing. */
export function termDraft(taxonomy: Taxonomy, name: string | null | undefined): TermDraft | null {
  const clean = name?.replace(/\s+/g, ' ').trim();
  if (!clean) return null;
  const slug = textSlug(clean);
  return slug ? { taxonomy, name: clean, slug } : null;
}

/** Drafts for names, without duplicates (same taxonomy + slug), in TMDb order. */
export function termDrafts(taxonomy: Taxonomy, names: Array<string | null | undefined>): TermDraft[] {
  const seen = new Set<string>();
  const drafts: TermDraft[] = [];
  for (const name of names) {
    const draft = termDraft(taxonomy, name);
    if (!draft || seen.has(draft.slug)) continue;
    seen.add(draft.slug);
    drafts.push(draft);
  }
  return drafts;
}

/** Keyword names of a movie (`keywords.keywords`) or tv (`keywords.results`) append. */
export function keywordNames(keywords: KeywordLists | undefined): string[] {
  const list = keywords?.keywords ?? keywords?.results ?? [];
  return list.map((k) => k.name ?? '').filter((name) => name.trim() !== '');
}

export function languageNames(languages: Language[] | undefined): string[] {
  return (languages ?? []).map((l) => l.english_name?.trim() || l.name?.trim() || '').filter((name) => name !== '');
}

export function names(list: Named[] | undefined): string[] {
  return (list ?? []).map((item) => item.name?.trim() ?? '').filter((name) => name !== '');
}

export interface TitleTermSource {
  genres?: Named[];
  production_countries?: Named[];
  spoken_languages?: Language[];
  keywords?: KeywordLists;
}

/**
 * genre, country, language, by-year and (unless `withKeywords` is false) keyword terms.
 * `releaseDate` is the date the title's release_timestamp comes from.
 */
export function titleTerms(source: TitleTermSource, releaseDate: string | null, withKeywords = true): TermDraft[] {
  const year = releaseYear(releaseDate);
  return [
    ...termDrafts('genre', names(source.genres)),
    ...termDrafts('country', names(source.production_countries)),
    ...termDrafts('language', languageNames(source.spoken_languages)),
    ...termDrafts('by-year', year ? [year] : []),
    ...(withKeywords ? termDrafts('keyword', keywordNames(source.keywords).map(ucwords)) : []),
  ];
}

/** network (tv) or channel (drama) terms from networks[].name. */
export function networkTerms(networks: Named[] | undefined, taxonomy: 'network' | 'channel'): TermDraft[] {
  return termDrafts(taxonomy, names(networks));
}

/** Nationality: the last comma (or " - ") separated part of place_of_birth. */
export function nationalityName(placeOfBirth: string | null | undefined): string | null {
  const parts = (placeOfBirth ?? '')
    .split(/,|\s+-\s+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return parts.length > 0 ? parts[parts.length - 1] : null;
}

export function nationalityTerms(placeOfBirth: string | null | undefined): TermDraft[] {
  return termDrafts('nationality', [nationalityName(placeOfBirth)]);
}
