import type { PostInput, PostType, SyncMark } from '../../domain/content-store';
import type { WpPost, WpPostState } from './wordpress.types';

const TAXONOMIES: ReadonlySet<string> = new Set(['genre', 'country', 'language', 'by-year', 'keyword', 'network', 'channel', 'nationality']);

/**
 * The REST body that creates a post with all its fields at once: its terms (ids by taxonomy) and,
 * when given, the sync's success stamp, so a new title's page needs no update after its create.
 */
export function createBody(input: PostInput, termIds: Record<string, number[]> = {}): Record<string, unknown> {
  const meta: Record<string, unknown> = { tmu_key: input.key };
  if (input.tmdbId !== undefined) meta.tmdb_id = input.tmdbId;
  if (input.parentId !== undefined) meta.tmu_parent_id = input.parentId;
  if (input.syncedAt !== undefined) Object.assign(meta, syncedMeta({ at: input.syncedAt, error: null, skippedImages: [] }));
  return {
    title: input.title,
    content: input.content ?? '',
    status: input.status ?? 'publish',
    ...(input.date && input.date <= new Date().toISOString().slice(0, 10) ? { date: `${input.date}T12:00:00` } : {}),
    ...termIds,
    meta,
  };
}

/** The meta a sync's outcome writes: a success sets the time and clears the error; a failure keeps the last success. */
export function syncedMeta(status: SyncMark): Record<string, string> {
  const at = status.at.toISOString();
  const meta: Record<string, string> =
    status.error === null ? { tmu_last_synced_at: at, tmu_last_error: '', tmu_last_failed_at: '' } : { tmu_last_error: status.error, tmu_last_failed_at: at };
  if (status.skippedImages) meta.tmu_skipped_images = status.skippedImages.join(' ');
  return meta;
}

/** The post's editable state, as `tmu/v1/resolve` would report it, read from a REST answer. */
export function toState(type: PostType, post: WpPost): WpPostState {
  const terms: Record<string, number[]> = {};
  for (const [key, value] of Object.entries(post)) if (TAXONOMIES.has(key) && Array.isArray(value)) terms[key] = value.map(Number);
  return {
    id: post.id,
    type,
    status: post.status,
    title: post.title?.raw ?? post.title?.rendered ?? '',
    content: post.content?.raw ?? post.content?.rendered ?? '',
    featured_media: post.featured_media ?? 0,
    terms,
    meta: post.meta ?? {},
  };
}
