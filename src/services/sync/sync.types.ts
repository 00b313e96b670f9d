import type { ContentStore } from '../../domain/content-store';
import type { SyncType } from '../../domain/sync';
import type { TmdbPerson } from '../../clients/tmdb/tmdb.schema';

export { syncOptionsSchema, syncTypeSchema } from '../../domain/sync';
export type { SyncType } from '../../domain/sync';

export interface SyncOptions {
  images: boolean;
  videos: boolean;
  credits: boolean;
  /** 'all' seasons, a list of season numbers, or none. TV and drama only. */
  seasons: 'all' | 'none' | number[];
  /** Existing WordPress post to attach the TMDb title to (the "Sync now" case). */
  postId?: number;
  /** Status of a title post this sync creates (an import as drafts); existing posts keep theirs. */
  status?: 'publish' | 'draft';
  /** Skip the 1 h response cache for the title and its seasons (bulk, daily and weekly runs). */
  fresh?: boolean;
  /** Told where the sync is inside the title: e.g. ("people", 120, 258), ("images", 3, 12), ("season", 4, 8). */
  onProgress?: SyncProgressObserver;
  /**
   * 'page': only what makes the title's page live (post, text, terms, poster, title row; a series' season and
   * episode posts and rows, no stills or logos); 'all' (default): everything. A page-stage sync leaves the
   * columns of the parts it skips as they are, so a later 'all' sync completes the title.
   */
  stage?: SyncStage;
  /** The caller refreshes the title's people itself (title.complete's people feed): no `people.refresh` job for them. */
  peopleByCaller?: boolean;
}

export type SyncStage = 'page' | 'all';

/** A page-stage sync of a title (a person has no page stage: it is always synced whole). */
export function isPageStage(options: Pick<SyncOptions, 'stage'>): boolean {
  return options.stage === 'page';
}

/** The title types a page stage applies to. */
type TitleType = Exclude<SyncType, 'person'>;

/**
 * Hands the rest of a title synced at the page stage to a background `title.complete` job (serve runs a
 * queue); `parentJobId` is the import or bulk job that made the page, so its screen can follow the rest.
 */
export type CompleteLater = (type: TitleType, tmdbId: number, options: CompletionOptions, parentJobId: number) => Promise<void>;

/** The sync options a completing job carries (what the job payload schema takes). */
export type CompletionOptions = Partial<Pick<SyncOptions, 'images' | 'videos' | 'credits' | 'seasons'>>;

export function completionOptions(options: Partial<SyncOptions>): CompletionOptions {
  const out: CompletionOptions = {};
  if (options.images !== undefined) out.images = options.images;
  if (options.videos !== undefined) out.videos = options.videos;
  if (options.credits !== undefined) out.credits = options.credits;
  if (options.seasons !== undefined) out.seasons = options.seasons;
  return out;
}

/** The part of the TMDb client that fetches one person. */
export interface PersonFetcher {
  getPerson(id: number, options?: { fresh?: boolean }): Promise<TmdbPerson>;
}

type SyncProgressObserver = (step: string, done: number, total: number) => void;

export function reportStep(options: SyncOptions, step: string, done: number, total: number): void {
  options.onProgress?.(step, done, total);
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = { images: true, videos: true, credits: true, seasons: 'all' };

export interface SyncCounts {
  people: number;
  /** People whose TMDb details were fetched and written by this sync. */
  peopleFetched: number;
  seasons: number;
  episodes: number;
  images: number;
  videos: number;
  castRows: number;
  crewRows: number;
}

export interface SyncResult {
  type: SyncType;
  tmdbId: number;
  postId: number;
  title: string;
  created: boolean;
  counts: SyncCounts;
  skippedVideos: number;
  /** TMDb paths of images WordPress refused (413, 415, a full disk): tried again at the next sync. */
  skippedImages?: string[];
  /** Fields left as an editor changed them (post title/content, table columns). */
  keptByEditor: string[];
  /** People credited by the title whose own details are due (fetched off the title's path). */
  peopleToRefresh?: { ids: number[]; portraits: number[] };
}

/** One line per synced title: the job log, the activity log and the CLI print it. */
export function formatSyncResult(result: SyncResult): string {
  const c = result.counts;
  const parts = [
    `${result.created ? 'created' : 'updated'} ${result.type} ${result.tmdbId} "${result.title}" as post ${result.postId}`,
    `people ${c.people} (${c.peopleFetched} fetched)`,
    `cast ${c.castRows}`,
    `crew ${c.crewRows}`,
  ];
  if (result.type === 'tv' || result.type === 'drama') parts.push(`seasons ${c.seasons}`, `episodes ${c.episodes}`);
  parts.push(`images ${c.images}`, `videos ${c.videos}`);
  const skipped = result.skippedImages ?? [];
  if (skipped.length > 0) parts.push(`${skipped.length} images refused by WordPress and skipped until the next sync (${skipped.join(' ')})`);
  return parts.join(', ');
}

export function emptyCounts(): SyncCounts {
  return { people: 0, peopleFetched: 0, seasons: 0, episodes: 0, images: 0, videos: 0, castRows: 0, crewRows: 0 };
}

/**
 * Gives the content store to use inside a database transaction. The local
 * store binds to the transaction (so a failed title leaves nothing); the
 * WordPress store ignores it (its writes are idempotent by natural key).
 */
export type ContentStoreBinder = (transaction: unknown) => ContentStore;
