/**
 * Which recorded bodies make up each fixture-backed title. `base` is the
 * details body (its own appended blocks are used unless `parts` overrides
 * them); a part is `file` (the whole sub-resource body, minus its `id`) or
 * `file#key` (one appended block of another body). No `base` means the
 * details are synthetic and only the parts are recorded.
 */
export interface FixtureSource {
  base?: string;
  parts?: Record<string, string>;
}

/** Append names TMDb knows per kind; anything else in a base body is a details field. */
export const KNOWN_APPENDS = {
  movie: [
    'account_states',
    'alternative_titles',
    'changes',
    'credits',
    'external_ids',
    'images',
    'keywords',
    'lists',
    'recommendations',
    'release_dates',
    'releases',
    'reviews',
    'similar',
    'similar_movies',
    'trailers',
    'translations',
    'videos',
    'watch/providers',
  ],
  tv: [
    'account_states',
    'aggregate_credits',
    'alternative_titles',
    'changes',
    'content_ratings',
    'credits',
    'episode_groups',
    'external_ids',
    'images',
    'keywords',
    'lists',
    'recommendations',
    'reviews',
    'screened_theatrically',
    'similar',
    'translations',
    'videos',
    'watch/providers',
  ],
  person: ['changes', 'combined_credits', 'external_ids', 'images', 'latest', 'movie_credits', 'tagged_images', 'translations', 'tv_credits'],
  season: ['account_states', 'aggregate_credits', 'changes', 'credits', 'external_ids', 'images', 'translations', 'videos', 'watch/providers'],
} as const;

export type RecordKind = keyof typeof KNOWN_APPENDS;

/** The parts a title or a person is often recorded as, one file each. */
const TITLE_PARTS = ['credits', 'images', 'keywords', 'videos'] as const;
const PERSON_PARTS = ['images', 'movie_credits', 'tv_credits'] as const;

/** Parts recorded one file each, named `${prefix}${part}.json` with dashes for underscores; `stems` names the files that differ. */
function partFiles(prefix: string, parts: readonly string[], stems: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(parts.map((part) => [part, `${prefix}${stems[part] ?? part.replaceAll('_', '-')}.json`]));
}

export const MOVIE_SOURCES: Record<number, FixtureSource> = {
  550: {
    base: 'movie/krelinga-movie-550-append-credits-release-dates-external-ids-keywords-images.json',
    parts: {
      videos: 'movie/ceg-movie-550-videos.json',
      translations: 'movie/chiiya-movie-550-append-translations-videos-watch-providers-trimmed.json#translations',
      'watch/providers': 'movie/adamayoung-movie-550-append-all-trimmed.json#watch/providers',
    },
  },
  603: {
    parts: partFiles('movie/chiiya-movie-603-matrix-', TITLE_PARTS, { credits: 'credits-trimmed', images: 'images-trimmed', videos: 'videos-trimmed' }),
  },
  12313: { base: 'movie/ceg-movie-12313-append-all.json' },
  120: { base: 'movie/kiwilan-movie-120-lotr-append-alt-titles-credits-release-dates-recommendations-similar-videos.json' },
  348: { base: 'movie/krelinga-movie-348-alien-details.json' },
  607: { base: 'movie/moviebase-movie-607-men-in-black-append.json' },
  10140: { base: 'movie/moviebase-movie-10140-append-images-videos-credits.json' },
  47964: {
    base: 'movie/tmdblib-movie-47964-details.json',
    parts: partFiles('movie/tmdblib-movie-47964-', TITLE_PARTS, { images: 'images-en' }),
  },
  49026: { base: 'movie/tmdblib-movie-tt1345836-dark-knight-rises-append-credits-images-keywords.json' },
  460790: { base: 'movie/qalandarov-movie-460790-append-images-videos.json' },
};

/** The c-eg 1399 "append-all" body carries another show's appended blocks, so those come from GoT recordings. */
export const TV_SOURCES: Record<number, FixtureSource> = {
  1399: {
    base: 'tv/ceg-tv-1399-game-of-thrones-append-all.json',
    parts: {
      aggregate_credits: 'tv/krelinga-tv-1399-append-aggregate-credits-content-ratings-credits-external-ids-keywords.json#aggregate_credits',
      credits: 'tv/krelinga-tv-1399-append-aggregate-credits-content-ratings-credits-external-ids-keywords.json#credits',
      keywords: 'tv/krelinga-tv-1399-append-aggregate-credits-content-ratings-credits-external-ids-keywords.json#keywords',
      content_ratings: 'tv/krelinga-tv-1399-append-aggregate-credits-content-ratings-credits-external-ids-keywords.json#content_ratings',
      external_ids: 'tv/krelinga-tv-1399-append-aggregate-credits-content-ratings-credits-external-ids-keywords.json#external_ids',
      images: 'tv/jdrouet-tv-images.json',
      videos: 'tv/ceg-tv-videos.json',
      translations: 'tv/adamayoung-tv-1399-append-all-trimmed.json#translations',
      // The base recording's block lists three other regions only.
      'watch/providers': 'tv/adamayoung-tv-1399-append-all-trimmed.json#watch/providers',
    },
  },
  1396: {
    base: 'tv/tmdblib-tv-1396-breaking-bad-details.json',
    parts: {
      ...partFiles('tv/tmdblib-tv-1396-', TITLE_PARTS, { images: 'images-en' }),
      external_ids: 'tv/phptmdb-tv-1396-breaking-bad-append-all.json#external_ids',
      content_ratings: 'tv/phptmdb-tv-1396-breaking-bad-append-all.json#content_ratings',
      'watch/providers': 'tv/phptmdb-tv-1396-breaking-bad-append-all.json#watch/providers',
    },
  },
  76479: {
    base: 'tv/chiiya-tv-76479-the-boys-details.json',
    parts: {
      aggregate_credits: 'tv/chiiya-tv-76479-append-aggregate-credits-alt-titles-changes-content-ratings-credits-trimmed.json#aggregate_credits',
      credits: 'tv/chiiya-tv-76479-append-aggregate-credits-alt-titles-changes-content-ratings-credits-trimmed.json#credits',
      content_ratings: 'tv/chiiya-tv-76479-append-aggregate-credits-alt-titles-changes-content-ratings-credits-trimmed.json#content_ratings',
      images: 'tv/chiiya-tv-76479-append-episode-groups-external-ids-images-keywords-recommendations-trimmed.json#images',
      external_ids: 'tv/chiiya-tv-76479-append-episode-groups-external-ids-images-keywords-recommendations-trimmed.json#external_ids',
      keywords: 'tv/chiiya-tv-76479-keywords.json',
      videos: 'tv/chiiya-tv-76479-append-reviews-similar-translations-videos-watch-providers-trimmed.json#videos',
    },
  },
  96677: {
    base: 'tv/moviebase-tv-96677-lupin-append.json',
    parts: {
      aggregate_credits: 'tv/moviebase-tv-96677-aggregate-credits.json',
      images: 'tv/moviebase-tv-96677-lupin-with-images.json#images',
    },
  },
  1668: { base: 'tv/tmdblib-tv-1668-friends-append-videos.json' },
  1400: { base: 'tv/tmdblib-tv-1400-append-episode-groups.json' },
  2: { base: 'tv/jdrouet-tv-2-clerks-details.json' },
  253: { base: 'tv/vfalies-tv-253-star-trek-details.json' },
};

/** Keyed `${tvId}/${seasonNumber}`; other seasons of a fixture series are synthesized from its seasons[] summary. */
export const SEASON_SOURCES: Record<string, FixtureSource> = {
  '1399/1': {
    base: 'tv-season/ceg-tv-1399-season-1-details.json',
    parts: {
      credits: 'tv-season/krelinga-tv-1399-season-1-append-aggregate-credits-credits-external-ids.json#credits',
      aggregate_credits: 'tv-season/krelinga-tv-1399-season-1-append-aggregate-credits-credits-external-ids.json#aggregate_credits',
      external_ids: 'tv-season/krelinga-tv-1399-season-1-append-aggregate-credits-credits-external-ids.json#external_ids',
      images: 'tv-season/chiiya-tv-1399-season-1-append-trimmed.json#images',
      videos: 'tv-season/chiiya-tv-1399-season-1-append-trimmed.json#videos',
    },
  },
  '1396/1': {
    base: 'tv-season/tmdblib-tv-1396-season-1-details.json',
    parts: {
      aggregate_credits: 'tv-season/tmdblib-tv-1396-season-1-aggregate-credits.json',
      images: 'tv-season/tmdblib-tv-1396-season-1-append-images.json#images',
    },
  },
};

export const PERSON_SOURCES: Record<number, FixtureSource> = {
  287: { base: 'person/moviebase-person-287-brad-pitt-append.json' },
  1: {
    base: 'person/18months-person-1-george-lucas-details.json',
    parts: partFiles('person/18months-person-1-', PERSON_PARTS),
  },
  62: {
    base: 'person/tmdblib-person-62-bruce-willis-details.json',
    parts: partFiles('person/tmdblib-person-62-', PERSON_PARTS),
  },
  12312: { base: 'person/ceg-person-12312-append-all.json' },
  11701: { base: 'person/moviebase-person-11701-angelina-jolie-append-all.json' },
  33: { base: 'person/phptmdb-person-33-gary-sinise-append.json' },
  4347: {
    base: 'person/tmdblib-person-4347-append-movie-tv-credits-external-ids-images-tagged-images-changes-combined.json',
  },
};

/** Templates the synthetic catalogue clones. */
export const TEMPLATES = { movie: 550, tv: 1399, person: 287, season: '1399/1' } as const;
