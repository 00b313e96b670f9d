import type { PostType } from '../../domain/content-store';
import type { BatchRequest } from './wordpress.types';

/** Small list and request helpers of the WordPress content store. */

export function groupBy<T, K, V>(items: T[], key: (item: T) => K, value: (item: T) => V): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), value(item)]);
  return groups;
}

export function groupKeys(keys: Array<{ type: PostType; key: string }>): Array<{ type: PostType; keys: string[] }> {
  return [
    ...groupBy(
      keys,
      (k) => k.type,
      (k) => k.key,
    ),
  ].map(([type, list]) => ({ type, keys: [...new Set(list)] }));
}

export function sameSet(a: number[], b: number[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

/** An update's answer is read for its status only. */
const UPDATE_FIELDS = 'id';

/** A deferred update of one post: its REST type and the fields to PUT. */
export interface PostPatch {
  type: PostType;
  body: Record<string, unknown>;
}

/** A later patch of the same post wins field by field; its meta merges into the earlier meta. */
export function mergePatch(current: Record<string, unknown>, body: Record<string, unknown>): Record<string, unknown> {
  const meta = { ...(current.meta as object | undefined), ...(body.meta as object | undefined) };
  return { ...current, ...body, ...(Object.keys(meta).length > 0 ? { meta } : {}) };
}

/** The /batch/v1 PUTs of a session's post and term patches. */
export function patchRequests(patches: Array<[number, PostPatch]>, termPatches: Array<[string, Record<string, unknown>]>): BatchRequest[] {
  return [
    ...patches.map(([id, p]) => ({ method: 'PUT' as const, path: `/wp/v2/${p.type}/${id}`, body: { ...p.body, _fields: UPDATE_FIELDS } })),
    ...termPatches.map(([path, meta]) => ({ method: 'PUT' as const, path, body: { meta, _fields: UPDATE_FIELDS } })),
  ];
}
