import type { PostType } from '../../domain/content-store';

/** Small list helpers of the WordPress content store. */

export function groupBy<T, K, V>(items: T[], key: (item: T) => K, value: (item: T) => V): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), value(item)]);
  return groups;
}

export function groupKeys(keys: Array<{ type: PostType; key: string }>): Array<{ type: PostType; keys: string[] }> {
  return [...groupBy(keys, (k) => k.type, (k) => k.key)].map(([type, list]) => ({ type, keys: [...new Set(list)] }));
}

export function sameSet(a: number[], b: number[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}
