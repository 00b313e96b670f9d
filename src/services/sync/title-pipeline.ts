/**
 * One title's sync, the steps movies, TV series and dramas share: find or create
 * the post, its text, terms, people, images and videos through the content store
 * (no transaction open), then every tmu_* row in one short transaction, cast/crew
 * and known_for last.
 * A title type plugs in its own steps (a series' network logos, seasons and episodes).
 */
import type { ContentStore } from '../../domain/content-store';
import { buildStarCast } from '../../mappers/credits.mapper';
import { decodeHtmlText } from '../../mappers/tmdb-text.mapper';
import type { TermDraft, TitleDraft } from '../../mappers/mapping.types';
import type { Repositories } from '../../repositories/repositories';
import type { PeoplePlan } from './people.service';
import { RowWrites } from './row-writes';
import type { SyncDeps } from './sync-deps';
import { emptyCounts, isPageStage, reportStep, SyncCounts, SyncOptions, SyncResult } from './sync.types';
import { ChildPost, ChildStatus, childStatusOf, followTitleStatus } from './title-status';
import {
  addToKnownFor,
  prefetchTitle,
  prepareTitleImages,
  resolveTitlePost,
  syncPostText,
  TitleMedia,
  writeCredits,
  writeTerms,
  writeTitleImages,
  writeVideos,
} from './title-writer';

type TitleKind = 'movie' | 'tv' | 'drama';

/** What a title row references, once the WordPress side is written. */
export interface TitleRefs {
  postId: number;
  people: Map<number, number>;
  videoPostIds: number[];
  imageIds: Awaited<ReturnType<typeof writeTitleImages>>;
}

/** Where a type's steps write: repositories (reads before the rows; the transaction's in writeTitleRow), the session's store, the rows queued for the end. */
interface TitleStepContext {
  repos: Repositories;
  store: ContentStore;
  rows: RowWrites;
  refs: TitleRefs;
  counts: SyncCounts;
  syncedAt: Date;
  /** What the title's new children are written with: the title post's own status, mapped. */
  childStatus: ChildStatus;
  /** Children found rather than created: they follow the title's status too. */
  children: ChildPost[];
}

/** One title, fetched and mapped (no writes yet), with the steps its type adds. */
export interface TitlePlan {
  kind: TitleKind;
  /** The tmu_* title table. */
  table: 'movies' | 'tv' | 'dramas';
  tmdbId: number;
  draft: TitleDraft;
  people: PeoplePlan | null;
  media: TitleMedia;
  /** Terms the post gets (a series adds its networks or channels). */
  terms: TermDraft[];
  /** WordPress work right after the terms (a series' network logos). */
  afterTerms?(store: ContentStore, postId: number, counts: SyncCounts): Promise<void>;
  /** WordPress work and queued rows before the store sends its writes (a series' seasons and episodes). */
  beforeFlush?(context: TitleStepContext): Promise<void>;
  /** Writes the title row after the queued rows; returns the columns an editor kept. */
  writeTitleRow(context: TitleStepContext): Promise<string[]>;
}

export async function runTitlePipeline(deps: SyncDeps, plan: TitlePlan, options: SyncOptions): Promise<SyncResult> {
  // WordPress first, with no transaction open: a slow WordPress (posts, uploads, batches) then holds
  // neither a pooled connection nor a row lock, so bulk lanes do not wait on each other's connections.
  const store = deps.bindStore(null);
  // A page going live goes ahead of background work (people, videos, galleries) in WordPress's shared queues.
  if (isPageStage(options) && store.atPagePriority) return store.atPagePriority(() => runTitleSteps(deps, plan, options, store));
  return runTitleSteps(deps, plan, options, store);
}

async function runTitleSteps(deps: SyncDeps, plan: TitlePlan, options: SyncOptions, store: ContentStore): Promise<SyncResult> {
  const syncedAt = (deps.now ?? (() => new Date()))();
  const counts = emptyCounts();
  const { kind, draft, people, media } = plan;
  const rows = new RowWrites();
  const repos = deps.repos;
  const existing = await repos[plan.table].findPostIdByTmdbId(plan.tmdbId);
  // One look-up for the whole title; a title with no post yet is looked up by its key, so its create asks nothing more.
  const postId = options.postId ?? existing;
  const key = postId === null || postId === undefined ? { type: kind, key: String(plan.tmdbId) } : undefined;
  await prefetchTitle(store, { postIds: [postId], key, terms: plan.terms }, people, media);
  // The poster's download and encode, the missing terms and the post need nothing of one another: at once.
  // A new post is created with its terms and this sync's stamp: its page then needs no update request.
  const [ref] = await Promise.all([
    resolveTitlePost(store, existing, kind, draft, options.postId, options.status, { terms: plan.terms, syncedAt }),
    prepareTitleImages(deps.images, store, media),
    store.ensureTerms(plan.terms),
  ]);
  // The post's actual status, whichever way the sync came (import, webhook, Sync now, bulk, schedule).
  const childStatus = childStatusOf((await store.getPost(kind, ref.id))?.status);
  const children: ChildPost[] = [];
  const keptText = await syncPostText(store, repos, rows, kind, ref, draft.post);
  await writeTerms(store, kind, ref.id, plan.terms);
  await plan.afterTerms?.(store, ref.id, counts);
  const peopleIds = await writePeople(deps, store, rows, people, counts, options, childStatus);
  // Images WordPress refused: listed on the post and in the job's log line, uploaded again at the next sync.
  const skippedImages: string[] = [];
  const page = isPageStage(options);
  const imagesWritten = writeTitleImages(deps.images, store, kind, ref.id, media, counts, options, skippedImages);
  imagesWritten.catch(() => undefined); // awaited below, in either stage
  // The page stage's images (the poster) are in no row it writes: its update and rows go while it uploads.
  const imageIds = page ? [] : await imagesWritten;
  const videoPostIds = await writeVideos(deps, store, rows, ref.id, media.videos, counts, childStatus, children);
  const refs = { postId: ref.id, people: peopleIds, videoPostIds, imageIds };
  const context: TitleStepContext = { repos, store, rows, refs, counts, syncedAt, childStatus, children };
  await plan.beforeFlush?.(context);
  await followTitleStatus(store, childStatus, [...peopleIds.values()], children);
  await store.markSynced(kind, ref.id, { at: syncedAt, error: null, skippedImages });
  // The page stage writes its rows while the post's update and its poster are on their way: the rows
  // need only the ids known by now, and the page is live once all are done (a failure fails the sync).
  const flushed = store.flush();
  if (!page) await flushed;
  const [keptColumns] = await Promise.all([
    writeRows(deps, plan, context, options),
    flushed,
    page ? afterImages(store, kind, ref.id, syncedAt, imagesWritten, flushed, skippedImages) : null,
  ]);
  return {
    type: kind,
    tmdbId: plan.tmdbId,
    postId: ref.id,
    // Log lines and job results are plain text, not HTML.
    title: decodeHtmlText(draft.post.title),
    created: ref.created,
    counts,
    skippedVideos: media.skippedVideos,
    skippedImages,
    keptByEditor: [...keptText, ...keptColumns],
    peopleToRefresh: people ? { ids: people.refresh, portraits: people.portraits } : undefined,
  };
}

/**
 * What the images change on the post once stored, after its update went: the featured image where the upload
 * could not set it, and the images WordPress refused (nothing is sent when neither).
 */
async function afterImages(
  store: ContentStore,
  kind: TitleKind,
  postId: number,
  syncedAt: Date,
  imagesWritten: Promise<unknown>,
  flushed: Promise<void>,
  skippedImages: string[],
): Promise<void> {
  await Promise.all([imagesWritten, flushed]);
  if (skippedImages.length > 0) await store.markSynced(kind, postId, { at: syncedAt, error: null, skippedImages });
  await store.flush();
}

/** The title's tmu_* rows alone in one short transaction; returns the columns an editor kept. */
async function writeRows(deps: SyncDeps, plan: TitlePlan, context: TitleStepContext, options: SyncOptions): Promise<string[]> {
  const { rows, refs, counts } = context;
  reportStep(options, 'rows', 0, 1);
  // The page stage makes no people posts: the credits rows wait for the complete sync.
  const withCredits = options.credits && !isPageStage(options);
  return deps.unitOfWork.run(async (txRepos) => {
    await rows.flush(txRepos);
    const kept = await plan.writeTitleRow({ ...context, repos: txRepos });
    if (withCredits) await writeCredits(txRepos, plan.table, refs.postId, plan.draft, refs.people, counts, kept);
    if (withCredits)
      await addToKnownFor(
        txRepos,
        deps.codec,
        buildStarCast(plan.draft.cast, refs.people).map((s) => s.person),
        refs.postId,
      );
    return kept;
  });
}

/** People posts for the credits (their details come later); reported as a step. */
async function writePeople(
  deps: SyncDeps,
  store: ContentStore,
  rows: RowWrites,
  people: PeoplePlan | null,
  counts: SyncCounts,
  options: SyncOptions,
  status: ChildStatus,
): Promise<Map<number, number>> {
  reportStep(options, 'people', 0, people ? people.known.size + people.create.length : 0);
  const peopleIds = people ? await deps.people.write(people, store, rows, status) : new Map<number, number>();
  counts.people = peopleIds.size;
  reportStep(options, 'people', peopleIds.size, peopleIds.size);
  return peopleIds;
}
