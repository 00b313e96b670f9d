import { z } from 'zod';
import {
  num,
  str,
  tmdbAggregateCastSchema,
  tmdbAggregateCreditsSchema,
  tmdbAggregateCrewSchema,
  tmdbCastSchema,
  tmdbCompanySchema,
  tmdbContentRatingsSchema,
  tmdbCountrySchema,
  tmdbCreditsSchema,
  tmdbCrewSchema,
  tmdbExternalIdsSchema,
  tmdbGenreSchema,
  tmdbImageSchema,
  tmdbImagesSchema,
  tmdbKeywordSchema,
  tmdbKeywordsSchema,
  tmdbReleaseDatesSchema,
  tmdbSpokenLanguageSchema,
  tmdbVideoSchema,
  tmdbVideosSchema,
} from './tmdb-parts.schema';

export * from './tmdb-parts.schema';

const tmdbWatchProviderSchema = z.looseObject({
  provider_id: z.number().int().nullish(),
  provider_name: str,
  logo_path: str,
  display_priority: num,
});
const tmdbWatchProviderListSchema = z.array(tmdbWatchProviderSchema).nullish();

/** One region of `watch/providers`: TMDb's watch page for the title there, and who streams, rents or sells it. */
const tmdbWatchRegionSchema = z.looseObject({
  link: str,
  flatrate: tmdbWatchProviderListSchema,
  free: tmdbWatchProviderListSchema,
  ads: tmdbWatchProviderListSchema,
  rent: tmdbWatchProviderListSchema,
  buy: tmdbWatchProviderListSchema,
});

/** `/movie/{id}/watch/providers`, `/tv/{id}/watch/providers` (or appended as `watch/providers`): by region code. */
export const tmdbWatchProvidersSchema = z.looseObject({
  results: z.record(z.string(), tmdbWatchRegionSchema).default({}),
});

/** Where-to-watch data never fails a title's sync: a malformed block reads as absent. */
const watchProvidersField = tmdbWatchProvidersSchema.optional().catch(undefined);

/**
 * TMDb v3 payload schemas: titles, seasons, people, search and lists. Lenient
 * where TMDb is (most fields optional or nullable, unknown keys kept), strict on
 * what the sync cannot do without: ids, names and the shape of the lists it walks.
 */
export const tmdbMovieSchema = z.looseObject({
  id: z.number().int().positive(),
  title: z.string().min(1),
  original_title: str,
  overview: str,
  tagline: str,
  status: str,
  adult: z.boolean().nullish(),
  release_date: str,
  runtime: num,
  budget: num,
  revenue: num,
  popularity: num,
  vote_average: num,
  vote_count: num,
  imdb_id: str,
  homepage: str,
  original_language: str,
  poster_path: str,
  backdrop_path: str,
  genres: z.array(tmdbGenreSchema).default([]),
  production_companies: z.array(tmdbCompanySchema).default([]),
  production_countries: z.array(tmdbCountrySchema).default([]),
  spoken_languages: z.array(tmdbSpokenLanguageSchema).default([]),
  credits: tmdbCreditsSchema.optional(),
  images: tmdbImagesSchema.optional(),
  videos: tmdbVideosSchema.optional(),
  keywords: tmdbKeywordsSchema.optional(),
  release_dates: tmdbReleaseDatesSchema.optional(),
  external_ids: tmdbExternalIdsSchema.optional(),
  'watch/providers': watchProvidersField,
});

export const tmdbEpisodeSchema = z.looseObject({
  /** Absent (with season_number) on episodes embedded in pre-2015 season payloads. */
  id: z.number().nullish(),
  name: str,
  overview: str,
  air_date: str,
  episode_number: z.number().int(),
  season_number: z.number().int().nullish(),
  episode_type: str,
  runtime: num,
  still_path: str,
  vote_average: num,
  vote_count: num,
  crew: z.array(tmdbCrewSchema).default([]),
  guest_stars: z.array(tmdbCastSchema).default([]),
});

const tmdbSeasonSummarySchema = z.looseObject({
  /** Absent in pre-2015 tv payloads. */
  id: z.number().nullish(),
  name: str,
  overview: str,
  air_date: str,
  season_number: z.number().int(),
  episode_count: num,
  poster_path: str,
  vote_average: num,
});

export const tmdbSeasonSchema = z.looseObject({
  id: z.number(),
  name: str,
  overview: str,
  air_date: str,
  season_number: z.number().int(),
  poster_path: str,
  vote_average: num,
  episodes: z.array(tmdbEpisodeSchema).default([]),
});

const tmdbEpisodeRefSchema = z.looseObject({
  id: z.number(),
  season_number: z.number().int(),
  episode_number: z.number().int(),
  air_date: str,
  name: str,
});

const tmdbNetworkSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  logo_path: str,
  origin_country: str,
});

export const tmdbTvSchema = z.looseObject({
  id: z.number().int().positive(),
  name: z.string().min(1),
  original_name: str,
  overview: str,
  tagline: str,
  status: str,
  type: str,
  adult: z.boolean().nullish(),
  first_air_date: str,
  last_air_date: str,
  episode_run_time: z.array(z.number()).default([]),
  number_of_seasons: num,
  number_of_episodes: num,
  in_production: z.boolean().nullish(),
  popularity: num,
  vote_average: num,
  vote_count: num,
  homepage: str,
  original_language: str,
  origin_country: z.array(z.string()).default([]),
  poster_path: str,
  backdrop_path: str,
  genres: z.array(tmdbGenreSchema).default([]),
  networks: z.array(tmdbNetworkSchema).default([]),
  production_companies: z.array(tmdbCompanySchema).default([]),
  production_countries: z.array(tmdbCountrySchema).default([]),
  spoken_languages: z.array(tmdbSpokenLanguageSchema).default([]),
  seasons: z.array(tmdbSeasonSummarySchema).default([]),
  last_episode_to_air: tmdbEpisodeRefSchema.nullish(),
  next_episode_to_air: tmdbEpisodeRefSchema.nullish(),
  aggregate_credits: tmdbAggregateCreditsSchema.optional(),
  credits: tmdbCreditsSchema.optional(),
  images: tmdbImagesSchema.optional(),
  videos: tmdbVideosSchema.optional(),
  keywords: tmdbKeywordsSchema.optional(),
  content_ratings: tmdbContentRatingsSchema.optional(),
  external_ids: tmdbExternalIdsSchema.optional(),
  'watch/providers': watchProvidersField,
});

export const tmdbPersonSchema = z.looseObject({
  id: z.number().int().positive(),
  name: z.string().min(1),
  also_known_as: z.array(z.string()).default([]),
  biography: str,
  birthday: str,
  deathday: str,
  gender: num,
  homepage: str,
  imdb_id: str,
  known_for_department: str,
  place_of_birth: str,
  popularity: num,
  profile_path: str,
  adult: z.boolean().nullish(),
  external_ids: tmdbExternalIdsSchema.optional(),
  images: z.looseObject({ profiles: z.array(tmdbImageSchema).default([]) }).optional(),
});

/** What a search or browse result says of a title: movies fill title and release_date, TV name and first_air_date. */
export const titleResultFields = {
  media_type: str,
  title: str,
  name: str,
  original_title: str,
  original_name: str,
  release_date: str,
  first_air_date: str,
  poster_path: str,
};

const tmdbSearchResultSchema = z.looseObject({
  id: z.number(),
  ...titleResultFields,
  profile_path: str,
  overview: str,
  adult: z.boolean().nullish(),
  popularity: num,
  vote_count: num,
});

export const pagedSchema = <T extends z.ZodTypeAny>(item: T) =>
  z.looseObject({
    page: z.number().int(),
    results: z.array(item),
    total_pages: z.number().int().default(1),
    total_results: z.number().int().default(0),
  });

export const tmdbSearchPageSchema = pagedSchema(tmdbSearchResultSchema);
export const tmdbChangesPageSchema = pagedSchema(z.looseObject({ id: z.number(), adult: z.boolean().nullish() }));
export const tmdbKeywordSearchPageSchema = pagedSchema(tmdbKeywordSchema);

export const tmdbConfigurationSchema = z.looseObject({
  images: z.looseObject({
    base_url: str,
    secure_base_url: str,
    poster_sizes: z.array(z.string()).default([]),
    backdrop_sizes: z.array(z.string()).default([]),
    profile_sizes: z.array(z.string()).default([]),
    still_sizes: z.array(z.string()).default([]),
    logo_sizes: z.array(z.string()).default([]),
  }),
});

export type TmdbCast = z.infer<typeof tmdbCastSchema>;
export type TmdbCrew = z.infer<typeof tmdbCrewSchema>;
export type TmdbAggregateCast = z.infer<typeof tmdbAggregateCastSchema>;
export type TmdbAggregateCrew = z.infer<typeof tmdbAggregateCrewSchema>;
export type TmdbVideo = z.infer<typeof tmdbVideoSchema>;
export type TmdbExternalIds = z.infer<typeof tmdbExternalIdsSchema>;
export type TmdbMovie = z.infer<typeof tmdbMovieSchema>;
export type TmdbTv = z.infer<typeof tmdbTvSchema>;
export type TmdbSeason = z.infer<typeof tmdbSeasonSchema>;
export type TmdbEpisode = z.infer<typeof tmdbEpisodeSchema>;
export type TmdbPerson = z.infer<typeof tmdbPersonSchema>;
export type TmdbSearchResult = z.infer<typeof tmdbSearchResultSchema>;
export type TmdbSearchPage = z.infer<typeof tmdbSearchPageSchema>;
export type TmdbChangesPage = z.infer<typeof tmdbChangesPageSchema>;
export type TmdbKeywordSearchPage = z.infer<typeof tmdbKeywordSearchPageSchema>;
export type TmdbConfiguration = z.infer<typeof tmdbConfigurationSchema>;
export type TmdbWatchProviders = z.infer<typeof tmdbWatchProvidersSchema>;
export type TmdbWatchRegion = z.infer<typeof tmdbWatchRegionSchema>;

export type SearchType = 'movie' | 'tv' | 'person' | 'multi';

/** append_to_response lists: one request per title (docs/sync.md). */
export const APPEND_TO_RESPONSE = {
  movie: 'credits,images,videos,keywords,release_dates,external_ids,watch/providers',
  tv: 'aggregate_credits,images,videos,keywords,content_ratings,external_ids,watch/providers',
  // No combined_credits: nothing reads a person's filmography, and it is most of a person's answer.
  person: 'external_ids,images',
} as const;
