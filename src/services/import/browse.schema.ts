import { z } from 'zod';

export const BROWSE_SOURCES = [
  'search',
  'popular',
  'top_rated',
  'trending_day',
  'trending_week',
  'now_playing',
  'upcoming',
  'airing_today',
  'on_the_air',
  'discover',
  'keyword',
  'ids',
] as const;
export type BrowseSource = (typeof BROWSE_SOURCES)[number];

/** Friendly sort names, turned into TMDb's sort_by per kind. */
const BROWSE_SORTS = ['popularity', 'rating', 'votes', 'newest', 'oldest'] as const;
export type BrowseSort = (typeof BROWSE_SORTS)[number];

/** Pasted ids are resolved one by one; a paste is one page. */
export const MAX_PASTED_IDS = 100;

const year = z.coerce.number().int().min(1874).max(2100);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

/**
 * GET /tmdb/browse (and `tmu-sidecar import`). `type` drama browses TV: a
 * drama is a TV series kept in the drama tables.
 */
export const browseQuerySchema = z.object({
  source: z.enum(BROWSE_SOURCES),
  type: z.enum(['movie', 'tv', 'drama']).default('movie'),
  page: z.coerce.number().int().min(1).max(500).default(1),
  query: optionalText(200),
  year: year.optional(),
  year_from: year.optional(),
  year_to: year.optional(),
  /** A TMDb genre id, or its name in the sidecar's language. */
  genre: optionalText(60),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2}$/, 'language is an ISO 639-1 code such as en')
    .optional(),
  region: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/, 'region is an ISO 3166-1 code such as US')
    .optional(),
  min_votes: z.coerce.number().int().min(0).max(1_000_000).optional(),
  sort: z.enum(BROWSE_SORTS).optional(),
  keyword: optionalText(255),
  ids: optionalText(5000),
});

export type BrowseQuery = z.output<typeof browseQuerySchema>;

export interface BrowseItem {
  tmdb_id: number;
  type: 'movie' | 'tv';
  title: string;
  year: number | null;
  poster_url: string | null;
  vote_average: number | null;
  in_library: boolean;
  post_id: number | null;
  /** Where the library keeps it: a TV title kept as a drama says `drama`. */
  library_type: 'movie' | 'tv' | 'drama' | null;
}

export interface UnresolvedReference {
  input: string;
  message: string;
}

export interface BrowsePage {
  page: number;
  total_pages: number;
  total_results: number;
  items: BrowseItem[];
  /** `ids` only: what could not be resolved, one entry per pasted reference. */
  unresolved?: UnresolvedReference[];
}
