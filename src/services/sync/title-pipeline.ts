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

export type TitleKind = 'movie' | 'tv' | 'drama';

/** What a title row references, once the WordPress side is written. */
export interface TitleRefs {
  postId: number;
  people: Map<number, number>;
  videoPostIds: number[];
  imageIds: Awaited<ReturnType<typeof writeTitleImages>>;
}

/** Where a type's steps write: repositories (reads before the rows; the transaction's in writeTitleRow), the session's store, the rows queued for the end. */
export interface TitleStepContext {
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
  const syncedAt = (deps.now ?? (() => new Date()))();
  const counts = emptyCounts();
  const { kind, draft, people, media } = plan;
  // WordPress first, with no transaction open: a slow WordPress (posts, uploads, batches) then holds
  // neither a pooled connection nor a row lock, so bulk lanes do not wait on each other's connections.
  const store = deps.bindStore(null);
  const rows = new RowWrites();
  const repos = deps.repos;
  const existing = await repos[plan.table].findPostIdByTmdbId(plan.tmdbId);
  // One look-up for the whole title; a title with no post yet is looked up by its key, so its create asks nothing more.
  const postId = options.postId ?? existing;
  const key = postId === null || postId === undefined ? { type: kind, key: String(plan.tmdbId) } : undefined;
  await prefetchTitle(store, { postIds: [postId], key, terms: plan.terms }, people, media);
  await prepareTitleImages(deps.images, store, media);
  const ref = await resolveTitlePost(store, existing, kind, draft, options.postId, options.status);
  // The post's actual status, whichever way the sync came (import, webhook, Sync now, bulk, schedule).
  const childStatus = childStatusOf((await store.getPost(kind, ref.id))?.status);
  const children: ChildPost[] = [];
  const keptText = await syncPostText(store, repos, rows, kind, ref, draft.post);
  await writeTerms(store, kind, ref.id, plan.terms);
  await plan.afterTerms?.(store, ref.id, counts);
  const peopleIds = await writePeople(deps, store, rows, people, counts, options, childStatus);
  // Images WordPress refused: listed on the post and in the job's log line, uploaded again at the next sync.
  const skippedImages: string[] = [];
  const imageIds = await writeTitleImages(deps.images, store, kind, ref.id, media, counts, options, skippedImages);
  const videoPostIds = await writeVideos(deps, store, rows, ref.id, media.videos, counts, childStatus, children);
  const refs = { postId: ref.id, people: peopleIds, videoPostIds, imageIds };
  const context: TitleStepContext = { repos, store, rows, refs, counts, syncedAt, childStatus, children };
  await plan.beforeFlush?.(context);
  await followTitleStatus(store, childStatus, [...peopleIds.values()], children);
  await store.markSynced(kind, ref.id, { at: syncedAt, error: null, skippedImages });
  await store.flush();
  reportStep(options, 'rows', 0, 1);
  // Then the tmu_* rows alone in one short transaction (every id they need is known by now).
  // The page stage makes no people posts: the credits rows wait for the complete sync.
  const withCredits = options.credits && !isPageStage(options);
  const keptColumns = await deps.unitOfWork.run(async (txRepos) => {
    await rows.flush(txRepos);
    const kept = await plan.writeTitleRow({ ...context, repos: txRepos });
    if (withCredits) await writeCredits(txRepos, plan.table, ref.id, draft, peopleIds, counts);
    if (withCredits) await addToKnownFor(txRepos, deps.codec, buildStarCast(draft.cast, peopleIds).map((s) => s.person), ref.id);
    return kept;
  });
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
