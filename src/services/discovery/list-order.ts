import type { ListItemChanges, MediaListItemRecord } from '../../repositories/media-list.repository';
import { DiscoveredTitle, titleKey } from './discovery.types';

export interface RefreshPlan extends ListItemChanges {
  /** The list after the refresh, in order. */
  order: Array<{ tmdbId: number; mediaType: DiscoveredTitle['mediaType']; postId: number }>;
  kept: number;
  added: number;
  removed: number;
}

/**
 * Stable order: titles that stay keep their relative order, new titles go
 * after them in TMDb's order, titles that dropped out are removed. Positions
 * are 1..n; a row is only touched when its position, post or type changes.
 */
export function planRefresh(current: MediaListItemRecord[], found: DiscoveredTitle[], limit: number): RefreshPlan {
  const foundByKey = new Map<string, DiscoveredTitle>();
  for (const t of found) if (!foundByKey.has(titleKey(t.kind, t.tmdbId))) foundByKey.set(titleKey(t.kind, t.tmdbId), t);

  const sorted = [...current].sort((a, b) => a.position - b.position || a.id - b.id);
  const keptRows: Array<{ row: MediaListItemRecord; title: DiscoveredTitle }> = [];
  const keptKeys = new Set<string>();
  for (const row of sorted) {
    const key = titleKey(row.mediaType, row.tmdbId);
    const title = foundByKey.get(key);
    if (title && !keptKeys.has(key)) {
      keptRows.push({ row, title });
      keptKeys.add(key);
    }
  }
  const known = new Set(sorted.map((r) => titleKey(r.mediaType, r.tmdbId)));
  const newcomers = [...foundByKey.entries()].filter(([key]) => !known.has(key)).map(([, t]) => t);

  const max = Math.max(0, limit);
  const keptInList = keptRows.slice(0, max);
  const addedInList = newcomers.slice(0, max - keptInList.length);
  const stays = new Set(keptInList.map((k) => k.row.id));

  const plan: RefreshPlan = { remove: [], update: [], insert: [], order: [], kept: keptInList.length, added: addedInList.length, removed: 0 };
  for (const row of sorted) if (!stays.has(row.id)) plan.remove.push(row.id);
  plan.removed = plan.remove.length;
  keptInList.forEach(({ row, title }, i) => {
    const position = i + 1;
    if (row.position !== position || row.postId !== title.postId || row.mediaType !== title.mediaType) {
      plan.update.push({ id: row.id, position, postId: title.postId, mediaType: title.mediaType });
    }
    plan.order.push({ tmdbId: title.tmdbId, mediaType: title.mediaType, postId: title.postId });
  });
  addedInList.forEach((t, i) => {
    plan.insert.push({ position: keptInList.length + i + 1, postId: t.postId, tmdbId: t.tmdbId, mediaType: t.mediaType });
    plan.order.push({ tmdbId: t.tmdbId, mediaType: t.mediaType, postId: t.postId });
  });
  return plan;
}
