import { z } from 'zod';

/** What one sync is about. The one list of sync types: library order (movies, TV, dramas, people). */
export const SYNC_TYPES = ['movie', 'tv', 'drama', 'person'] as const;

export type SyncType = (typeof SYNC_TYPES)[number];

export const syncTypeSchema = z.enum(SYNC_TYPES);

/** The sync options a webhook, a job payload or the CLI may set (every field optional). */
export const syncOptionsSchema = z
  .object({
    images: z.boolean().optional(),
    videos: z.boolean().optional(),
    credits: z.boolean().optional(),
    seasons: z.union([z.literal('all'), z.literal('none'), z.array(z.number().int().min(0))]).optional(),
  })
  .strict();

/** At most this many titles in one import (POST /import, `tmu-sidecar import`). */
export const MAX_IMPORT_ITEMS = 500;

/** What /discover/{kind} lists. A TV title already in the library as a drama stays a drama. */
export const DISCOVER_KINDS = ['movie', 'tv'] as const;

/** Titles a discovery or curated list holds: this many unless told, at most the maximum. */
export const DEFAULT_LIST_LIMIT = 20;
export const MAX_LIST_LIMIT = 100;
