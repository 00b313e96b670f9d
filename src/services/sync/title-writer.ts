import { ValidationError } from '../../errors';
import type { CastCredit, ColumnCodec, CrewCredit, ImageDraft, PostDraft, TermDraft, TitleDraft, VideoDraft } from '../../mappers/mapping.types';
import { buildVideoRow, mapVideos } from '../../mappers/video.mapper';
import { buildCastRows, buildCrewRows } from '../../mappers/credits.mapper';
import { knownForListsTitles } from '../../mappers/column-shapes';
import type { Repositories } from '../../repositories/repositories';
import type { TmdbVideo } from '../../clients/tmdb/tmdb.types';
import type { ContentStore, PostRef, PostType, Taxonomy } from '../content-store/content-store';
import type { ImageService, PreparedImage } from '../images/image.service';
import { guardFields } from './editor-guard';
import type { FetchedPeople } from './people.service';
import type { RowWrites } from './row-writes';
import type { SyncDeps } from './sync-deps';
import type { SyncCounts, SyncOptions } from './sync.types';

/** How many top-billed cast members get a profile picture with a title sync. */
export const CAST_PORTRAITS = 10;

export interface TitleMedia {
  poster: PreparedImage[];
  backdrops: PreparedImage[];
  videos: VideoDraft[];
  skippedVideos: number;
}

/** Fetch phase for what every title has: people, poster, backdrops and videos. No writes. */
export async function fetchTitleExtras(
  deps: SyncDeps,
  draft: TitleDraft,
  videos: TmdbVideo[] | undefined,
  options: SyncOptions,
): Promise<{ people: FetchedPeople | null; media: TitleMedia }> {
  const credits: Array<CastCredit | CrewCredit> = options.credits ? [...draft.cast, ...draft.crew] : [];
  const portraits = new Set(options.images ? draft.cast.slice(0, CAST_PORTRAITS).map((c) => c.tmdbPersonId) : []);
  const people = options.credits ? await deps.people.fetch(credits, deps.repos, deps.store, portraits) : null;
  const alt = draft.post.title;
  const poster = options.images && draft.poster ? await deps.images.prepare([draft.poster], alt, deps.store) : [];
  const backdrops = options.images ? await deps.images.prepare(draft.backdrops, alt, deps.store) : [];
  const mapped = options.videos ? mapVideos(videos) : { kept: [], skipped: [] };
  for (const skipped of mapped.skipped) deps.logger.info({ key: skipped.key, site: skipped.site }, 'video skipped: only YouTube and Vimeo are kept');
  return { people, media: { poster, backdrops, videos: mapped.kept, skippedVideos: mapped.skipped.length } };
}

/**
 * Resolves the WordPress post of a title: an explicit post (Sync now), the post
 * a previous sync or the legacy importer linked in the tmu_* table, or a new one.
 */
export async function resolveTitlePost(
  store: ContentStore,
  existingPostId: number | null,
  type: PostType,
  draft: TitleDraft,
  requestedPostId: number | undefined,
): Promise<PostRef> {
  if (requestedPostId !== undefined) {
    if (existingPostId !== null && existingPostId !== requestedPostId) {
      throw new ValidationError(
        `TMDb ${draft.kind} ${draft.tmdbId} is already synced as post ${existingPostId}, not post ${requestedPostId}`,
        { field: 'post_id' },
      );
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
    status: 'publish',
    date: draft.post.date,
  });
}

/**
 * Title and content follow TMDb unless an editor changed them since the last
 * sync; a post that had text before its first sync keeps it (legacy fill rule).
 */
export async function syncPostText(
  store: ContentStore,
  repos: Repositories,
  rows: RowWrites,
  type: PostType,
  ref: PostRef,
  post: PostDraft,
): Promise<string[]> {
  const desired = { title: post.title, content: post.content };
  const prints = await repos.fingerprints.get(`${type}:post`, ref.id);
  const stored = ref.created ? null : await store.getPost(type, ref.id);
  // A brand-new editor screen is an auto-draft titled "Auto Draft": nothing an editor typed.
  const autoDraft = stored?.status === 'auto-draft';
  const current = ref.created ? desired : autoDraft ? null : stored;
  const guard = guardFields(current ? { title: current.title, content: current.content } : null, desired, prints, { fillOnly: true });
  const update: { title?: string; content?: string; status?: 'draft' } = Object.fromEntries(
    Object.entries(guard.write).filter(([field, value]) => stored?.[field as 'title' | 'content'] !== value),
  );
  // WordPress deletes week-old auto-drafts; a synced post must outlive that.
  if (autoDraft) update.status = 'draft';
  if (Object.keys(update).length > 0) await store.updatePost(type, ref.id, update);
  rows.add((r) => r.fingerprints.save(`${type}:post`, ref.id, guard.prints));
  return guard.kept;
}

/**
 * Upserts a row keyed by post ID, leaving alone the columns an editor changed
 * since the last sync (fingerprints under `objectType`). Returns the columns kept.
 */
export async function guardedRowUpsert<R extends { ID: number }>(
  repos: Repositories,
  objectType: string,
  row: R,
  read: (postId: number) => Promise<unknown>,
  write: (row: Partial<R> & { ID: number }) => Promise<unknown>,
): Promise<string[]> {
  const current = (await read(row.ID)) as Partial<R> | null;
  const prints = await repos.fingerprints.get(objectType, row.ID);
  const guard = guardFields(current, row, prints);
  await write({ ...guard.write, ID: row.ID });
  await repos.fingerprints.save(objectType, row.ID, guard.prints, prints);
  return guard.kept;
}

/** Upserts a title row, leaving alone the columns an editor changed since the last sync. */
export async function guardedTitleUpsert<R extends { ID: number }>(
  repos: Repositories,
  table: 'movies' | 'tv' | 'dramas',
  objectType: string,
  row: R,
): Promise<string[]> {
  const titles = repos[table] as unknown as { getRow(id: number): Promise<unknown>; upsertRow(r: unknown): Promise<unknown> };
  return guardedRowUpsert(repos, objectType, row, (id) => titles.getRow(id), (w) => titles.upsertRow(w));
}

export async function writeTerms(store: ContentStore, type: PostType, postId: number, terms: TermDraft[]): Promise<void> {
  const byTaxonomy = new Map<Taxonomy, TermDraft[]>();
  for (const term of terms) byTaxonomy.set(term.taxonomy, [...(byTaxonomy.get(term.taxonomy) ?? []), term]);
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
): Promise<number[]> {
  const posterIds = await images.store(media.poster, postId, store);
  const backdropIds = await images.store(media.backdrops, postId, store);
  const featured = [...posterIds.values()][0];
  if (featured !== undefined) await store.setFeaturedImage(type, postId, featured);
  counts.images += posterIds.size + backdropIds.size;
  return [...backdropIds.values()];
}

/** Video posts (found by site + key); their tmu_videos rows are queued on `rows`. */
export async function writeVideos(
  deps: SyncDeps,
  store: ContentStore,
  rows: RowWrites,
  parentPostId: number,
  videos: VideoDraft[],
  counts: SyncCounts,
): Promise<number[]> {
  const ids: number[] = [];
  for (const video of videos) {
    const ref = await store.findOrCreatePost({
      type: 'video',
      key: video.sourceKey,
      title: video.name || video.type,
      status: 'publish',
      parentId: parentPostId,
    });
    const row = buildVideoRow(ref.id, parentPostId, video, deps.codec);
    rows.add((r) => r.videos.upsertVideo(row));
    ids.push(ref.id);
  }
  counts.videos += ids.length;
  return ids;
}

export function imageDrafts(drafts: Array<ImageDraft | null>): ImageDraft[] {
  return drafts.filter((d): d is ImageDraft => d !== null);
}

/** Columns a disabled part of the sync must leave as they are. */
export function withoutDisabledColumns<T extends object>(row: T, options: SyncOptions): T {
  const copy = { ...row } as Record<string, unknown>;
  if (!options.credits) delete copy.star_cast;
  if (!options.videos) delete copy.videos;
  if (!options.images) delete copy.images;
  return copy as T;
}

/** Cast and crew link rows of a title (a diff: unchanged rows keep their IDs). `count` exists for tv and dramas only. */
export async function writeCredits(
  repos: Repositories,
  table: 'movies' | 'tv' | 'dramas',
  postId: number,
  draft: TitleDraft,
  people: ReadonlyMap<number, number>,
  counts: SyncCounts,
): Promise<void> {
  const withCount = table !== 'movies';
  const cast = buildCastRows(draft.cast, people, draft.releaseTimestamp, withCount);
  const crew = buildCrewRows(draft.crew, people, draft.releaseTimestamp, withCount);
  await repos[table].replaceCast(postId, cast);
  await repos[table].replaceCrew(postId, crew);
  counts.castRows = cast.length;
  counts.crewRows = crew.length;
}

/** Legacy rule: each star of a title lists the title's post ID in `known_for`. Adds it once. */
export async function addToKnownFor(
  repos: Repositories,
  codec: ColumnCodec,
  starPostIds: number[],
  titlePostId: number,
): Promise<void> {
  // The json format's known_for is a department (the theme's meaning), not a list of titles.
  if (!knownForListsTitles(codec.format)) return;
  for (const personId of starPostIds) {
    const row = await repos.people.getRow(personId);
    if (!row) continue;
    const current = codec.decode((row.known_for as string | null) ?? null);
    const list = Array.isArray(current) ? current.map(Number) : [];
    if (list.includes(titlePostId)) continue;
    await repos.people.upsertRow({ ID: personId, known_for: codec.encode([...list, titlePostId]) });
  }
}
