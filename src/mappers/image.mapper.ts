/**
 * Which TMDb images to download, and at what size: never 'original', which is many times
 * larger than any size a page shows.
 */
import type { ImageDraft, ImageKind } from './mapping.types';

export const IMAGE_SIZES: Readonly<Record<ImageKind, string>> = {
  poster: 'w500',
  backdrop: 'w1280',
  profile: 'h632',
  still: 'w300',
  logo: 'w300',
};

const MAX_BACKDROPS = 10;

interface ImageSource {
  file_path: string;
  iso_639_1?: string | null;
  vote_average?: number | null;
  vote_count?: number | null;
}

function validPath(path: string | null | undefined): string | null {
  const trimmed = path?.trim();
  return trimmed && trimmed.startsWith('/') && trimmed.length > 1 ? trimmed : null;
}

export function imageDraft(filePath: string | null | undefined, kind: ImageKind): ImageDraft | null {
  const path = validPath(filePath);
  return path ? { filePath: path, kind, size: IMAGE_SIZES[kind] } : null;
}

/** Textless (null / 'xx') first, then English, then the rest. */
function languageRank(language: string | null | undefined): number {
  if (!language || language === 'xx') return 0;
  return language === 'en' ? 1 : 2;
}

/**
 * Images of one kind: at most `limit`, textless then English first, best voted first
 * within a language group; TMDb order breaks ties; duplicates and bad paths dropped.
 */
export function selectImages(images: ImageSource[] | undefined, kind: ImageKind, limit: number): ImageDraft[] {
  const ranked = (images ?? [])
    .map((image, index) => ({ image, index }))
    .sort(
      (a, b) =>
        languageRank(a.image.iso_639_1) - languageRank(b.image.iso_639_1) ||
        (b.image.vote_average ?? 0) - (a.image.vote_average ?? 0) ||
        (b.image.vote_count ?? 0) - (a.image.vote_count ?? 0) ||
        a.index - b.index,
    );
  const seen = new Set<string>();
  const drafts: ImageDraft[] = [];
  for (const { image } of ranked) {
    if (drafts.length >= limit) break;
    const draft = imageDraft(image.file_path, kind);
    if (!draft || seen.has(draft.filePath)) continue;
    seen.add(draft.filePath);
    drafts.push(draft);
  }
  return drafts;
}

/** The gallery (`images` column): selectImages over the images append, else the details `backdrop_path` alone. */
export function selectBackdrops(backdrops: ImageSource[] | undefined, fallbackPath?: string | null, limit = MAX_BACKDROPS): ImageDraft[] {
  const source = backdrops && backdrops.length > 0 ? backdrops : fallbackPath ? [{ file_path: fallbackPath }] : [];
  return selectImages(source, 'backdrop', limit);
}

/** Full CDN URL of a draft, e.g. imageUrl('https://image.tmdb.org/t/p', draft). */
export function imageUrl(baseUrl: string, draft: ImageDraft): string {
  return `${baseUrl.replace(/\/+$/, '')}/${draft.size}${draft.filePath}`;
}
