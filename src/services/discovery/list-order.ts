import type { ListItemChanges, MediaListItemRecord } from '../../repositories/media-list.repository';
import { DiscoveredTitle, titleKey } from './discovery.schema';

export interface RefreshPlan extends ListItemChanges {
  /** The list after the refresh, in order (removed titles left out). */
  order: Array<{ tmdbId: number; mediaType: DiscoveredTitle['mediaType']; postId: number | null }>;
  kept: number;
  added: number;
  removed: number;
}

type Slot = { row: MediaListItemRecord; title?: DiscoveredTitle } | { row?: undefined; title: DiscoveredTitle };

/** Titles a refresh must not look for: pinned ones stay anyway, removed ones never come back. */
export function curatedKeys(current: MediaListItemRecord[]): Set<string> {
  return new Set(current.filter((r) => r.pinned || r.hidden).map((r) => titleKey(r.mediaType, r.tmdbId)));
}

/**
 * Stable order: pinned titles keep their place; titles that stay keep their
 * relative order around them, new titles go after them in TMDb's order,
 * titles that dropped out are removed. Titles an editor removed stay out (their
 * rows are kept as they are). Positions are 1..n; a row is only touched when
 * its position, post or type changes.
 */
export function planRefresh(current: MediaListItemRecord[], found: DiscoveredTitle[], limit: number): RefreshPlan {
  const foundByKey = new Map<string, DiscoveredTitle>();
  for (const t of found) if (!foundByKey.has(titleKey(t.kind, t.tmdbId))) foundByKey.set(titleKey(t.kind, t.tmdbId), t);

  const sorted = [...current].sort((a, b) => a.position - b.position || a.id - b.id);
  const visible = sorted.filter((r) => !r.hidden);
  const pinned = visible.filter((r) => r.pinned);
  const keptRows: Array<{ row: MediaListItemRecord; title: DiscoveredTitle }> = [];
  const keptKeys = new Set<string>();
  for (const row of visible) {
    const key = titleKey(row.mediaType, row.tmdbId);
    const title = foundByKey.get(key);
    if (!row.pinned && title && !keptKeys.has(key)) {
      keptRows.push({ row, title });
      keptKeys.add(key);
    }
  }
  const known = new Set(sorted.map((r) => titleKey(r.mediaType, r.tmdbId)));
  const newcomers = [...foundByKey.entries()].filter(([key]) => !known.has(key)).map(([, t]) => t);

  const free = Math.max(0, Math.max(0, limit) - pinned.length);
  const keptInList = keptRows.slice(0, free);
  const addedInList = newcomers.slice(0, free - keptInList.length);
  const stays = new Set([...pinned, ...keptInList.map((k) => k.row)].map((r) => r.id));
  const slots = placePinned(
    pinned.map((row) => ({ row, title: foundByKey.get(titleKey(row.mediaType, row.tmdbId)) })),
    [...keptInList, ...addedInList.map((title) => ({ title }))],
  );

  const plan: RefreshPlan = { remove: [], update: [], insert: [], order: [], kept: stays.size, added: addedInList.length, removed: 0 };
  for (const row of visible) if (!stays.has(row.id)) plan.remove.push(row.id);
  plan.removed = plan.remove.length;
  slots.forEach((slot, i) => {
    const position = i + 1;
    if (!slot.row) {
      const { postId, tmdbId, mediaType } = slot.title;
      plan.insert.push({ position, postId, tmdbId, mediaType });
      plan.order.push({ tmdbId, mediaType, postId });
      return;
    }
    // A pinned title TMDb no longer finds keeps its post.
    const postId = slot.title?.postId ?? slot.row.postId;
    const mediaType = slot.title?.mediaType ?? slot.row.mediaType;
    const tmdbId = slot.row.tmdbId;
    if (slot.row.position !== position || slot.row.postId !== postId || slot.row.mediaType !== mediaType) {
      plan.update.push({ id: slot.row.id, position, postId, mediaType });
    }
    plan.order.push({ tmdbId, mediaType, postId });
  });
  return plan;
}

/** Pinned rows at their positions (the next free one when taken or past the end), the rest in order around them. */
function placePinned(pins: Slot[], rest: Slot[]): Slot[] {
  const total = pins.length + rest.length;
  const slots: Array<Slot | undefined> = new Array<Slot | undefined>(total).fill(undefined);
  for (const pin of pins) {
    let at = Math.min(Math.max(1, pin.row?.position ?? 1), total) - 1;
    while (slots[at] !== undefined) at = (at + 1) % total;
    slots[at] = pin;
  }
  let next = 0;
  return slots.map((slot) => slot ?? rest[next++]);
}
