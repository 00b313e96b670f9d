import { z } from 'zod';
import { tmdbGenreSchema, tmdbSearchPageSchema } from './tmdb.schema';

/** Payloads the shared types file does not cover. */
export const tmdbGenreListSchema = z.looseObject({ genres: z.array(tmdbGenreSchema) });
export const tmdbAuthenticationSchema = z.looseObject({ success: z.boolean().optional(), status_code: z.number().optional() });
/** /discover results have the shape of search results. */
export const tmdbDiscoverPageSchema = tmdbSearchPageSchema;

export type TmdbGenreList = z.infer<typeof tmdbGenreListSchema>;
export type TmdbDiscoverPage = z.infer<typeof tmdbDiscoverPageSchema>;
