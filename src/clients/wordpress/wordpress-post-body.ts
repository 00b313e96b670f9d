import type { PostInput, PostType } from '../../domain/content-store';
import type { WpPost, WpPostState } from './wordpress.types';

const TAXONOMIES: ReadonlySet<string> = new Set(['genre', 'country', 'language', 'by-year', 'keyword', 'network', 'channel', 'nationality']);

/** The REST body that creates a post with all its fields at once. */
export function createBody(input: PostInput): Record<string, unknown> {
  const meta: Record<string, unknown> = { tmu_key: input.key };
  if (input.tmdbId !== undefined) meta.tmdb_id = input.tmdbId;
  if (input.parentId !== undefined) meta.tmu_parent_id = input.parentId;
  return {
    title: input.title,
    content: input.content ?? '',
    status: input.status ?? 'publish',
    ...(input.date && input.date <= new Date().toISOString().slice(0, 10) ? { date: `${input.date}T12:00:00` } : {}),
    meta,
  };
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
