import type { CatalogueRecord } from './fixture-catalogue';
import { KNOWN_APPENDS } from './fixture-sources';
import type { Json } from './fixture-store';
import { applyLanguage } from './language-overlay';

/** TMDb ignores append_to_response items past the 20th. */
const MAX_APPENDS = 20;

export interface ComposeOptions {
  appends: string[];
  language?: string;
  /** include_image_language split on commas; 'null' means images without a language. */
  imageLanguages?: string[];
}

/** Details plus each requested sub-resource, as TMDb would answer `?append_to_response=...`. */
export function composeResponse(rec: CatalogueRecord, options: ComposeOptions): Json {
  const known = new Set<string>(KNOWN_APPENDS[rec.kind]);
  const out: Json = { ...rec.base };
  for (const name of [...new Set(options.appends)].slice(0, MAX_APPENDS)) {
    if (!known.has(name)) continue;
    const value = rec.parts[name] ?? derivePart(rec, name) ?? emptyPart(rec, name);
    if (value !== undefined) out[name] = value;
  }
  if (out.images && options.imageLanguages?.length) out.images = filterImages(out.images as Json, options.imageLanguages);
  const translations = (rec.parts.translations as Json | undefined)?.translations as Json[] | undefined;
  return applyLanguage(rec.kind, out, translations, options.language);
}

/** Blocks that can be built from other recorded blocks. */
function derivePart(rec: CatalogueRecord, name: string): unknown {
  const p = rec.parts as Record<string, Json | undefined>;
  if (name === 'combined_credits' && (p.movie_credits || p.tv_credits)) {
    const tag = (block: Json | undefined, media: string, role: string) => ((block?.[role] as Json[] | undefined) ?? []).map((c) => ({ ...c, media_type: media }));
    return {
      cast: [...tag(p.movie_credits, 'movie', 'cast'), ...tag(p.tv_credits, 'tv', 'cast')],
      crew: [...tag(p.movie_credits, 'movie', 'crew'), ...tag(p.tv_credits, 'tv', 'crew')],
    };
  }
  if (name === 'aggregate_credits' && p.credits) {
    const episodes = Number(rec.base.number_of_episodes ?? (rec.base.episodes as unknown[] | undefined)?.length ?? 1);
    const cast = ((p.credits.cast as Json[] | undefined) ?? []).map(({ character, credit_id, ...rest }) => ({
      ...rest,
      roles: [{ credit_id, character, episode_count: episodes }],
      total_episode_count: episodes,
    }));
    const crew = ((p.credits.crew as Json[] | undefined) ?? []).map(({ job, credit_id, ...rest }) => ({
      ...rest,
      jobs: [{ credit_id, job, episode_count: episodes }],
      total_episode_count: episodes,
    }));
    return { cast, crew };
  }
  if (name === 'credits' && p.aggregate_credits) {
    const first = (list: unknown, field: string) => (list as Json[] | undefined)?.[0]?.[field] ?? null;
    return {
      cast: ((p.aggregate_credits.cast as Json[] | undefined) ?? []).map(({ roles, ...rest }) => ({
        ...rest,
        character: first(roles, 'character'),
        credit_id: first(roles, 'credit_id'),
      })),
      crew: ((p.aggregate_credits.crew as Json[] | undefined) ?? []).map(({ jobs, ...rest }) => ({
        ...rest,
        job: first(jobs, 'job'),
        credit_id: first(jobs, 'credit_id'),
      })),
    };
  }
  return undefined;
}

/** What TMDb appends for a title that has none of that data. */
function emptyPart(rec: CatalogueRecord, name: string): unknown {
  switch (name) {
    case 'credits':
    case 'aggregate_credits':
    case 'combined_credits':
    case 'movie_credits':
    case 'tv_credits':
      return { cast: [], crew: [] };
    case 'images':
      return rec.kind === 'person' ? { profiles: [] } : rec.kind === 'season' ? { posters: [] } : { backdrops: [], logos: [], posters: [] };
    case 'keywords':
      return rec.kind === 'movie' ? { keywords: [] } : { results: [] };
    case 'external_ids':
      return { imdb_id: rec.base.imdb_id ?? null, wikidata_id: null, facebook_id: null, instagram_id: null, twitter_id: null };
    case 'videos':
    case 'release_dates':
    case 'content_ratings':
      return { results: [] };
    case 'alternative_titles':
      return rec.kind === 'movie' ? { titles: [] } : { results: [] };
    case 'watch/providers':
      return { results: {} };
    case 'recommendations':
    case 'similar':
    case 'reviews':
    case 'tagged_images':
      return { page: 1, results: [], total_pages: 0, total_results: 0 };
    case 'translations':
      return { translations: [] };
    default:
      return undefined;
  }
}

function filterImages(images: Json, languages: string[]): Json {
  const wanted = new Set(languages.map((l) => l.trim().toLowerCase()));
  const keep = (img: Json) => wanted.has(img.iso_639_1 == null ? 'null' : String(img.iso_639_1).toLowerCase());
  const out: Json = { ...images };
  for (const [key, value] of Object.entries(images)) {
    if (Array.isArray(value)) out[key] = (value as Json[]).filter(keep);
  }
  return out;
}
