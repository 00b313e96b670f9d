/**
 * Helpers of the admin suites on the whole product: the sync jobs queued for a post, and a movie post
 * with a TMDb id written over REST (the sidecar's way, so no auto-sync).
 */
import { tmdbId } from '../../support/factories';
import type { FullStack } from './full-stack';

/** Fast syncs: details only. */
export const QUICK = { images: false, videos: false, credits: false };
export const SETTINGS_PAGE = 'options-general.php?page=tmu-sidecar';

/** The sync jobs of one post, oldest first. */
export async function syncJobsForPost(s: FullStack, postId: number): Promise<Array<{ id: number; status: string }>> {
  const rows: Array<{ id: number; status: string; payload: string }> = await s.app.db(`${s.wp.tablePrefix}tmu_sync_jobs`).where({ type: 'sync' }).orderBy('id');
  return rows.filter((r) => JSON.parse(r.payload).post_id === postId).map((r) => ({ id: Number(r.id), status: r.status }));
}

export async function newMovie(s: FullStack, title: string, id = tmdbId()): Promise<number> {
  const created = await s.api('POST', '/wp/v2/movie', { body: { title, status: 'publish', meta: { tmdb_id: id } } });
  expect(created.status).toBe(201);
  return created.body.id;
}
