/**
 * Drafts stay drafts: a title's seasons, episodes, drama episodes, videos and
 * new people take the status of the title's post as it is in WordPress, whatever
 * started the sync. The plugin moves them when the title's status changes later.
 */
import type { ContentStore, PostType } from '../../domain/content-store';

/** The status a title's children and new people are written with. */
export type ChildStatus = 'publish' | 'draft';

/** A child post a sync found (not created) and that follows the title's status. */
export interface ChildPost {
  type: PostType;
  id: number;
}

/** Public only while the title is; a scheduled, private, pending or draft title keeps them as drafts. */
export function childStatusOf(titleStatus: string | undefined): ChildStatus {
  return titleStatus === 'publish' ? 'publish' : 'draft';
}

/** What a published title lifts to public: an editor's private or trashed post stays as it is. */
const LIFTED: ReadonlySet<string> = new Set(['draft', 'pending']);

/**
 * Posts that exist already follow the title: a published title publishes the people it credits
 * that are not public yet; an unpublished one takes its public children back to draft (an older
 * version published them). Statuses come in one read; a write goes only where a status changes.
 * Returns how many posts changed.
 */
export async function followTitleStatus(store: ContentStore, status: ChildStatus, people: number[], children: ChildPost[]): Promise<number> {
  const moves: ChildPost[] =
    status === 'publish'
      ? await postsIn(
          store,
          people.map((id) => ({ type: 'people' as const, id })),
          (s) => LIFTED.has(s),
        )
      : await postsIn(store, children, (s) => s === 'publish');
  for (const post of moves) await store.updatePost(post.type, post.id, { status });
  return moves.length;
}

async function postsIn(store: ContentStore, posts: ChildPost[], wanted: (status: string) => boolean): Promise<ChildPost[]> {
  if (posts.length === 0) return [];
  const statuses = await store.postStatuses(posts.map((p) => p.id));
  const seen = new Set<number>();
  return posts.filter((p) => {
    const status = statuses.get(p.id);
    if (status === undefined || seen.has(p.id) || !wanted(status)) return false;
    seen.add(p.id);
    return true;
  });
}
