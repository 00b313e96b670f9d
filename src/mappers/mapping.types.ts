/**
 * Shapes the mappers hand to the sync service: WordPress drafts (posts, terms,
 * images, videos) and TMDb credits normalised across movie credits, TV
 * aggregate credits and episode guest stars. Rows themselves live in src/domain/rows.ts.
 */
import type { Taxonomy } from '../domain/content-store';

export interface PostDraft {
  title: string;
  content: string;
  /** Y-m-d post date (legacy backdating rules); absent when TMDb has no usable date. */
  date?: string;
}

export interface TermDraft {
  taxonomy: Taxonomy;
  name: string;
  slug: string;
}

export interface CastCredit {
  tmdbPersonId: number;
  name: string;
  /** Movie/episode: `character`; TV aggregate: roles[].character joined with " | ". '' when TMDb has none. */
  character: string;
  order: number;
  /** TV/drama aggregate: total_episode_count; null elsewhere. */
  count: number | null;
  gender: number | null;
  profilePath: string | null;
  knownForDepartment: string | null;
}

export interface CrewCredit {
  tmdbPersonId: number;
  name: string;
  department: string;
  /** Movie/episode: `job`; TV aggregate: jobs[].job joined with " | ". */
  job: string;
  count: number | null;
  gender: number | null;
  profilePath: string | null;
  knownForDepartment: string | null;
}

export interface VideoDraft {
  key: string;
  site: 'YouTube' | 'Vimeo';
  name: string;
  type: string;
  /** Natural key of the video post: the YouTube key itself (as legacy video_data.source), `vimeo:<key>` for Vimeo. */
  sourceKey: string;
}

export type ImageKind = 'poster' | 'backdrop' | 'profile' | 'still' | 'logo';

export interface ImageDraft {
  /** TMDb file path, e.g. `/abc.jpg`: the idempotence key of the attachment. */
  filePath: string;
  kind: ImageKind;
  /** TMDb size to download, never 'original'. */
  size: string;
  /** The file's name without extension ("fight-club-1999-poster"); absent: TMDb's hash and the kind. */
  fileStem?: string;
}

export interface ColumnCodec {
  format: 'php' | 'json';
  encode(value: unknown): string;
  /** Accepts either format; null/'' → null. */
  decode(text: string | null): unknown;
}

export interface TitleDraft {
  kind: 'movie' | 'tv' | 'drama';
  tmdbId: number;
  post: PostDraft;
  terms: TermDraft[];
  cast: CastCredit[];
  crew: CrewCredit[];
  videos: VideoDraft[];
  poster: ImageDraft | null;
  backdrops: ImageDraft[];
  releaseDate: string | null;
  releaseTimestamp: number | null;
  /** Certification chosen for the region (movie: release_dates, tv: content_ratings). */
  certification: string | null;
}

export interface TitleRefs {
  postId: number;
  /** TMDb person id → people post ID. */
  people: ReadonlyMap<number, number>;
  videoPostIds: number[];
  /** Backdrop attachment IDs. */
  imageIds: number[];
}

export interface MapOptions {
  /** ISO 3166-1 region for release dates and certifications; default 'US'. */
  region?: string;
  /** When given, a post date that is not in the past is left out (WordPress would schedule the post). */
  now?: Date;
}
