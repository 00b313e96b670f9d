import { ValidationError } from '../../errors';
import type { CastCredit, ColumnCodec, CrewCredit, ImageDraft, TermDraft, TitleDraft, VideoDraft } from '../../mappers/mapping.types';
import { buildVideoRow, mapVideos } from '../../mappers/video.mapper';
import { buildCastRows, buildCrewRows } from '../../mappers/credits.mapper';
import { knownForListsTitles } from '../../mappers/column-shapes';
import type { Repositories } from '../../repositories/repositories';
import type { TmdbVideo } from '../../clients/tmdb/tmdb.schema';
import type { ContentStore, PostInput, PostRef, PostType, Taxonomy } from '../../domain/content-store';
import type { ImageService, PreparedImage } from '../images/image.service';
import type { PeoplePlan } from './people.service';
import type { RowWrites } from './row-writes';
import type { SyncDeps } from './sync-deps';
import { isPageStage, reportStep, SyncCounts, SyncOptions } from './sync.types';
import type { ChildPost, ChildStatus } from './title-status';
import { guardedCreditRows, guardedVideosUpsert } from './editor-guard';
import { DEFAULT_WATCH_REGION } from '../../mappers/watch-providers.mapper';
import { namedImageDrafts, titleSubject } from '../../mappers/media-file-name';

/** How many top-billed cast members get a profile picture (from the people refresh): the star cast a title page shows. */
const CAST_PORTRAITS = 4;

export { guardedRowUpsert, guardedTitleUpsert, syncPostText } from './editor-guard';

export interface TitleMedia {
  poster: PreparedImage[];
  backdrops: PreparedImage[];
  videos: VideoDraft[];
  skippedVideos: number;
  /** The poster and backdrops to prepare (prepareTitleImages) once the title's look-up has found those WordPress has. */
  planned: { poster: ImageDraft[]; backdrops: ImageDraft[]; alt: string };
}

/**
 * Fetch phase for what every title has: its people (planned from the credits,
 * no TMDb request), poster, backdrops and videos. No WordPress request and no
 * writes: the title's one look-up (prefetchTitle) reads its terms, images, post,
 * people and videos together. The page stage plans the poster only.
 */
export async function fetchTitleExtras(
  deps: SyncDeps,
  draft: TitleDraft,
  videos: TmdbVideo[] | undefined,
  options: SyncOptions,
  extraCredits: Array<CastCredit | CrewCredit> = [],
): Promise<{ people: PeoplePlan | null; media: TitleMedia }> {
  const page = isPageStage(options);
  const withCredits = options.credits && !page;
  const credits: Array<CastCredit | CrewCredit> = withCredits ? [...draft.cast, ...draft.crew, ...extraCredits] : [];
  const portraits = new Set(options.images ? draft.cast.slice(0, CAST_PORTRAITS).map((c) => c.tmdbPersonId) : []);
  const people = withCredits ? await deps.people.plan(credits, deps.repos, portraits) : null;
  // Files named after the title and year; the TMDb path stays the attachment's key.
  const subject = titleSubject(draft.post.title, draft.releaseDate);
  const planned = {
    poster: options.images ? namedImageDrafts(imageDrafts([draft.poster]), subject) : [],
    backdrops: options.images && !page ? namedImageDrafts(imageDrafts(draft.backdrops), subject) : [],
    alt: draft.post.title,
  };
  const mapped = options.videos && !page ? mapVideos(videos) : { kept: [], skipped: [] };
  for (const skipped of mapped.skipped) deps.logger.info({ key: skipped.key, site: skipped.site }, 'video skipped: only YouTube and Vimeo are kept');
  return { people, media: { poster: [], backdrops: [], videos: mapped.kept, skippedVideos: mapped.skipped.length, planned } };
}

/** Poster and backdrops: the ones WordPress lacks downloaded at once (their own connection cap, not the API limiter). */
export async function prepareTitleImages(images: ImageService, store: ContentStore, media: TitleMedia): Promise<void> {
  const { poster, backdrops, alt } = media.planned;
  const all = [...poster, ...backdrops];
  if (all.length === 0) return;
  const found = await images.prepareEach(
    all.map((image) => ({ draft: image, alt })),
    store,
  );
  const prepared = new Map(found.map((p) => [p.draft.filePath, p]));
  const preparedOf = (drafts: ImageDraft[]) => drafts.map((d) => prepared.get(d.filePath)).filter((p): p is PreparedImage => p !== undefined);
  media.poster = preparedOf(poster);
  media.backdrops = preparedOf(backdrops);
}

/**
 * The title's one look-up, before any write: its post (or its key when it has none yet), its terms,
 * images and video posts, the people its credits would create and the statuses of those it credits
 * already (a published title publishes them).
 */
export async function prefetchTitle(
  store: ContentStore,
  title: { postIds: Array<number | null | undefined>; key?: { type: PostType; key: string }; terms: TermDraft[] },
  people: PeoplePlan | null,
  media: TitleMedia,
): Promise<void> {
  await store.prefetch({
    posts: title.postIds.filter((id): id is number => typeof id === 'number'),
    statuses: [...(people?.known.values() ?? [])],
    terms: title.terms,
    media: [...media.planned.poster, ...media.planned.backdrops].map((d) => d.filePath),
    keys: [
      ...(title.key ? [title.key] : []),
      ...media.videos.map((v) => ({ type: 'video' as const, key: v.sourceKey })),
      ...(people?.create ?? []).map((p) => ({ type: 'people' as const, key: String(p.tmdbPersonId) })),
    ],
  });
}

/**
 * Resolves the WordPress post of a title: an explicit post (Sync now), the post
 * a previous sync or the legacy importer linked in the tmu_* table, or a new one (`created`: what
 * a new post is made with beyond its text: its terms, the sync's stamp).
 */
export async function resolveTitlePost(
  store: ContentStore,
  existingPostId: number | null,
  type: PostType,
  draft: TitleDraft,
  requestedPostId: number | undefined,
  status: 'publish' | 'draft' = 'publish',
  created: Pick<PostInput, 'terms' | 'syncedAt'> = {},
): Promise<PostRef> {
  if (requestedPostId !== undefined) {
    if (existingPostId !== null && existingPostId !== requestedPostId) {
      throw new ValidationError(`TMDb ${draft.kind} ${draft.tmdbId} is already synced as post ${existingPostId}, not post ${requestedPostId}`, { field: 'post_id' });
    }
    const post = await store.getPost(type, requestedPostId);
    if (!post) throw new ValidationError(`Post ${requestedPostId} does not exist`, { field: 'post_id', status: 404 });
    return { id: requestedPostId, created: false };
  }
  if (existingPostId !== null && (await store.getPost(type, existingPostId))) return { id: existingPostId, created: false };
  return store.findOrCreatePost({
    type,
    key: String(draft.tmdbId),
    tmdbId: draft.tmdbId,
    title: draft.post.title,
    content: draft.post.content,
    status,
    date: draft.post.date,
    ...created,
  });
}

export async function writeTerms(store: ContentStore, type: PostType, postId: number, terms: TermDraft[]): Promise<void> {
  const byTaxonomy = new Map<Taxonomy, TermDraft[]>();
  for (const term of terms) byTaxonomy.set(term.taxonomy, [...(byTaxonomy.get(term.taxonomy) ?? []), term]);
  await store.ensureTerms(terms);
  for (const [taxonomy, list] of byTaxonomy) await store.setTerms(type, postId, taxonomy, list);
}

/** Poster → featured image; backdrops → attachment ids in TMDb order. */
export async function writeTitleImages(
  images: ImageService,
  store: ContentStore,
  type: PostType,
  postId: number,
  media: TitleMedia,
  counts: SyncCounts,
  options?: SyncOptions,
  skipped?: string[],
): Promise<number[]> {
  const total = media.poster.length + media.backdrops.length;
  const report = (done: number) => options && reportStep(options, 'images', done, total);
  const onSkipped = (filePath: string) => skipped?.push(filePath);
  const poster = media.poster[0]?.draft.filePath;
  if (poster !== undefined && media.poster[0].existingId === null) store.planFeaturedImage?.(postId, poster);
  const [posterIds, backdropIds] = await Promise.all([
    images.store(media.poster, postId, store, (done) => report(done), onSkipped),
    images.store(media.backdrops, postId, store, (done) => report(media.poster.length + done), onSkipped),
  ]);
  const featured = [...posterIds.values()][0];
  if (featured !== undefined) await store.setFeaturedImage(type, postId, featured, posterIds.has(poster ?? '') ? poster : undefined);
  counts.images += posterIds.size + backdropIds.size;
  return [...backdropIds.values()];
}

/** Video posts (found by site + key), new ones with the title's status; their tmu_videos rows are queued on `rows`. */
export async function writeVideos(
  deps: SyncDeps,
  store: ContentStore,
  rows: RowWrites,
  parentPostId: number,
  videos: VideoDraft[],
  counts: SyncCounts,
  status: ChildStatus,
  found: ChildPost[],
): Promise<number[]> {
  const refs = await store.findOrCreatePosts(
    videos.map((video) => ({ type: 'video' as const, key: video.sourceKey, title: video.name || video.type, status, parentId: parentPostId })),
  );
  for (const ref of refs) if (!ref.created) found.push({ type: 'video', id: ref.id });
  const ids = refs.map((ref) => ref.id);
  const videoRows = videos.map((video, i) => buildVideoRow(ids[i], parentPostId, video, deps.codec));
  const created = new Set(refs.filter((ref) => ref.created).map((ref) => ref.id));
  if (videoRows.length > 0) rows.add((r) => guardedVideosUpsert(r, videoRows, created));
  counts.videos += ids.length;
  return ids;
}

export function imageDrafts(drafts: Array<ImageDraft | null>): ImageDraft[] {
  return drafts.filter((d): d is ImageDraft => d !== null);
}

/** Columns a disabled part of the sync (or one the page stage leaves for later) must leave as they are. */
export function withoutDisabledColumns<T extends object>(row: T, options: SyncOptions): T {
  const copy = { ...row } as Record<string, unknown>;
  const page = isPageStage(options);
  if (!options.credits || page) delete copy.star_cast;
  if (!options.videos || page) delete copy.videos;
  if (!options.images || page) delete copy.images;
  return copy as T;
}

/** The region the title's where-to-watch list is for; read before the rows' transaction opens. */
export async function watchRegionOf(deps: SyncDeps): Promise<string> {
  return deps.watchRegion ? deps.watchRegion() : DEFAULT_WATCH_REGION;
}

/**
 * Cast and crew link rows of a title (a diff: unchanged rows keep their IDs). `count` exists for tv and dramas only.
 * `kept`: the title row's columns an editor kept; while `star_cast` is one, the cast rows the templates read stay the editor's,
 * as do cast or crew rows an editor changed (guardedCreditRows).
 */
export async function writeCredits(
  repos: Repositories,
  table: 'movies' | 'tv' | 'dramas',
  postId: number,
  draft: TitleDraft,
  people: ReadonlyMap<number, number>,
  counts: SyncCounts,
  kept: readonly string[] = [],
): Promise<void> {
  const withCount = table !== 'movies';
  const cast = buildCastRows(draft.cast, people, draft.releaseTimestamp, withCount);
  const crew = buildCrewRows(draft.crew, people, draft.releaseTimestamp, withCount);
  // Rows an editor changed (or, for the cast, a star cast an editor changed) stay as they are.
  await guardedCreditRows(repos, table, postId, { cast, crew }, kept.includes('star_cast') ? ['cast'] : []);
  counts.castRows = cast.length;
  counts.crewRows = crew.length;
}

/** Legacy rule: each star of a title lists the title's post ID in `known_for`. Adds it once: one read, a write only where it was missing. */
export async function addToKnownFor(repos: Repositories, codec: ColumnCodec, starPostIds: number[], titlePostId: number): Promise<void> {
  // The json format's known_for is a department (the theme's meaning), not a list of titles.
  if (!knownForListsTitles(codec.format) || starPostIds.length === 0) return;
  const rows = await repos.people.getRows(starPostIds, ['ID', 'known_for']);
  for (const personId of new Set(starPostIds)) {
    const row = rows.get(personId);
    if (!row) continue;
    const current = codec.decode((row.known_for as string | null) ?? null);
    const list = Array.isArray(current) ? current.map(Number) : [];
    if (list.includes(titlePostId)) continue;
    await repos.people.updateKnownFor(personId, codec.encode([...list, titlePostId]));
  }
}
