import { z } from 'zod';

/**
 * The parts TMDb v3 payloads share (credits, images, videos, keywords, dates,
 * external ids); tmdb.schema.ts builds titles, seasons and people from them.
 * Lenient where TMDb is (most fields optional or nullable, unknown keys kept).
 */
export const str = z.string().nullish();
/** Numbers; recordings from before ~2015 send some floats (popularity, image vote_average) as numeric strings. */
const numericString = z
  .string()
  .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/)
  .transform(Number);
export const num = z.union([z.number(), numericString]).nullish();

export const tmdbGenreSchema = z.looseObject({ id: z.number(), name: z.string() });
export const tmdbCompanySchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  logo_path: str,
  origin_country: str,
});
export const tmdbCountrySchema = z.looseObject({ iso_3166_1: z.string(), name: z.string() });
export const tmdbSpokenLanguageSchema = z.looseObject({
  iso_639_1: z.string(),
  name: str,
  english_name: str,
});

export const tmdbCastSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  character: str,
  order: num,
  gender: num,
  known_for_department: str,
  profile_path: str,
  credit_id: str,
  popularity: num,
});
export const tmdbCrewSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  department: str,
  job: str,
  gender: num,
  known_for_department: str,
  profile_path: str,
  credit_id: str,
  popularity: num,
});
export const tmdbCreditsSchema = z.looseObject({
  cast: z.array(tmdbCastSchema).default([]),
  crew: z.array(tmdbCrewSchema).default([]),
});

const roleSchema = z.looseObject({ character: str, episode_count: num, credit_id: str });
const jobSchema = z.looseObject({ job: str, episode_count: num, credit_id: str });
export const tmdbAggregateCastSchema = tmdbCastSchema.extend({
  roles: z.array(roleSchema).default([]),
  total_episode_count: num,
});
export const tmdbAggregateCrewSchema = tmdbCrewSchema.extend({
  jobs: z.array(jobSchema).default([]),
  total_episode_count: num,
});
export const tmdbAggregateCreditsSchema = z.looseObject({
  cast: z.array(tmdbAggregateCastSchema).default([]),
  crew: z.array(tmdbAggregateCrewSchema).default([]),
});

export const tmdbImageSchema = z.looseObject({
  file_path: z.string(),
  width: num,
  height: num,
  aspect_ratio: num,
  iso_639_1: str,
  vote_average: num,
  vote_count: num,
});
export const tmdbImagesSchema = z.looseObject({
  backdrops: z.array(tmdbImageSchema).default([]),
  posters: z.array(tmdbImageSchema).default([]),
  logos: z.array(tmdbImageSchema).default([]),
  profiles: z.array(tmdbImageSchema).default([]),
  stills: z.array(tmdbImageSchema).default([]),
});

export const tmdbVideoSchema = z.looseObject({
  id: z.string().nullish(),
  key: z.string(),
  name: z.string().nullish(),
  site: z.string().nullish(),
  type: z.string().nullish(),
  official: z.boolean().nullish(),
  iso_639_1: str,
  published_at: str,
  size: num,
});
export const tmdbVideosSchema = z.looseObject({ results: z.array(tmdbVideoSchema).default([]) });

export const tmdbKeywordSchema = z.looseObject({ id: z.number(), name: z.string() });
/** Movies put keywords under `keywords`, TV under `results`. */
export const tmdbKeywordsSchema = z.looseObject({
  keywords: z.array(tmdbKeywordSchema).optional(),
  results: z.array(tmdbKeywordSchema).optional(),
});

const tmdbReleaseDateSchema = z.looseObject({
  certification: str,
  release_date: str,
  type: num,
  note: str,
  iso_639_1: str,
});
export const tmdbReleaseDatesSchema = z.looseObject({
  results: z.array(z.looseObject({ iso_3166_1: z.string(), release_dates: z.array(tmdbReleaseDateSchema).default([]) })).default([]),
});
export const tmdbContentRatingsSchema = z.looseObject({
  results: z.array(z.looseObject({ iso_3166_1: z.string(), rating: str })).default([]),
});
export const tmdbExternalIdsSchema = z.looseObject({
  imdb_id: str,
  facebook_id: str,
  instagram_id: str,
  twitter_id: str,
  youtube_id: str,
  tiktok_id: str,
  wikidata_id: str,
  tvdb_id: num,
});
