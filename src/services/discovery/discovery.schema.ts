import { z } from 'zod';
import { syncOptionsSchema } from '../sync/sync.types';
import type { SyncOptions } from '../sync/sync.types';

/** What /discover/{kind} lists. A TV title already in the library as a drama stays a drama. */
export type DiscoverKind = 'movie' | 'tv';
export type ListMediaType = 'movie' | 'tv' | 'drama';

export { DISCOVER_KINDS } from '../../domain/sync';

/** Sort orders a list may use; release_date maps to primary_release_date (movie) or first_air_date (tv). */
const SORT_ORDERS = [
  'popularity.desc',
  'popularity.asc',
  'vote_average.desc',
  'vote_average.asc',
  'vote_count.desc',
  'vote_count.asc',
  'release_date.desc',
  'release_date.asc',
] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

/**
 * Filters of a discovery or a curated list (stored as JSON with the list).
 * `language` is the language of the answers, `original_language` the titles'
 * original language, `region` a country (movies: release region; tv: origin country).
 */
export const discoverFiltersSchema = z
  .object({
    include_adult: z.boolean().optional(),
    language: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must look like en-US')
      .optional(),
    original_language: z
      .string()
      .regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code')
      .optional(),
    region: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 code such as US')
      .optional(),
    release_from: isoDate.optional(),
    release_to: isoDate.optional(),
    min_vote_count: z.number().int().min(0).max(1_000_000).optional(),
    sort_by: z.enum(SORT_ORDERS).optional(),
    /** Overrides the light discovery sync options for this list. */
    sync: syncOptionsSchema.optional(),
  })
  .strict()
  .refine((f) => !f.release_from || !f.release_to || f.release_from <= f.release_to, {
    message: 'release_from must not be after release_to',
    path: ['release_from'],
  });

export type DiscoverFilters = z.infer<typeof discoverFiltersSchema>;

/** One title a discovery found, synced (or found in the library). */
export interface DiscoveredTitle {
  tmdbId: number;
  kind: DiscoverKind;
  mediaType: ListMediaType;
  postId: number;
  title: string;
  /** false when the title was already in the library and was reused as is. */
  synced: boolean;
  created: boolean;
}

export interface DiscoveryError {
  tmdbId: number;
  message: string;
}

export interface DiscoveryResult {
  items: DiscoveredTitle[];
  pagesRead: number;
  totalPages: number;
  totalResults: number;
  /** Results left out: adult titles the site does not allow, duplicates across pages. */
  skipped: { adult: number; duplicate: number };
  /** Titles that could not be synced (TMDb 404, bad payload); the discovery went on without them. */
  errors: DiscoveryError[];
}

export type DiscoverySyncOptions = Partial<Omit<SyncOptions, 'postId'>>;

export type SyncPart = 'images' | 'videos' | 'credits' | 'seasons';

/** Light defaults for titles found by discovery: only the parts named are synced (seasons: all or none). */
export function syncOptionsFromParts(parts: readonly SyncPart[]): DiscoverySyncOptions {
  return {
    images: parts.includes('images'),
    videos: parts.includes('videos'),
    credits: parts.includes('credits'),
    seasons: parts.includes('seasons') ? 'all' : 'none',
  };
}

/** Identity of a title across refreshes: a drama is the TMDb tv title it came from. */
export function titleKey(mediaType: ListMediaType | DiscoverKind, tmdbId: number): string {
  return `${mediaType === 'movie' ? 'movie' : 'tv'}:${tmdbId}`;
}
