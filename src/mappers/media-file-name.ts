import type { ImageDraft, ImageKind } from './mapping.types';
import { removeAccents } from './slug';
import { decodeHtmlText } from './tmdb-text.mapper';

/** Longest slug of the subject in a file name: room left for the role, a number, WordPress's "-2" and the sizes' "-300x450". */
export const MAX_SUBJECT_CHARS = 60;

/** "Fight Club" + 1999 → "fight-club-1999": ASCII only, lowercase, dashes; empty when nothing Latin is left. */
export function mediaSubjectSlug(subject: string): string {
  const ascii = removeAccents(decodeHtmlText(subject))
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= MAX_SUBJECT_CHARS) return ascii;
  const cut = ascii.slice(0, MAX_SUBJECT_CHARS);
  // Whole words: cut at the last dash when there is one.
  const dash = cut.lastIndexOf('-');
  return (dash > 0 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
}

/**
 * The stem of a media file named after what it shows and its role: "fight-club-1999-poster",
 * "fight-club-1999-backdrop-2", "brad-pitt-profile". `number` 1 (or none) adds no number. Null
 * when the subject has no Latin letters or digits (the caller keeps TMDb's file name then).
 */
export function mediaFileStem(subject: string, kind: ImageKind, number = 1): string | null {
  const slug = mediaSubjectSlug(subject);
  if (!slug) return null;
  return number > 1 ? `${slug}-${kind}-${number}` : `${slug}-${kind}`;
}

/** A title's subject: its name and, when known, the year it came out ("Fight Club 1999"). */
export function titleSubject(title: string, releaseDate: string | null | undefined): string {
  const year = /^(\d{4})/.exec(releaseDate ?? '')?.[1];
  return year ? `${title} ${year}` : title;
}

/** An episode's subject: "Breaking Bad s01e02" (its still becomes breaking-bad-s01e02-still). */
export function episodeSubject(series: string, season: number, episode: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${series} s${two(season)}e${two(episode)}`;
}

/** The drafts with their file stems: the second image of a kind is "-2", and so on. The TMDb path stays the key. */
export function namedImageDrafts(drafts: ImageDraft[], subject: string): ImageDraft[] {
  const seen = new Map<ImageKind, number>();
  return drafts.map((draft) => {
    const number = (seen.get(draft.kind) ?? 0) + 1;
    seen.set(draft.kind, number);
    const fileStem = mediaFileStem(subject, draft.kind, number);
    return fileStem ? { ...draft, fileStem } : draft;
  });
}
