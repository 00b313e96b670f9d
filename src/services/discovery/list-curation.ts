import type { ItemCuration, MediaListItemRecord } from '../../repositories/media-list.repository';

/** What an editor may do to one item of a curated list. */
export const ITEM_ACTIONS = ['pin', 'unpin', 'remove', 'restore', 'move'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

/**
 * The change an editor's action makes. Shown items are numbered 1..n again
 * after it; a removed item leaves the numbering and a restored one comes back
 * at the end. `to` (move only) is the wanted position among the shown items.
 * Null when the item is not in the list.
 */
export function planCuration(items: MediaListItemRecord[], itemId: number, action: ItemAction, to?: number): ItemCuration | null {
  const item = items.find((i) => i.id === itemId);
  if (!item) return null;
  const shown = items.filter((i) => !i.hidden && i.id !== itemId).sort((a, b) => a.position - b.position || a.id - b.id);
  let flags: ItemCuration['flags'];
  let order: MediaListItemRecord[];
  switch (action) {
    case 'pin':
    case 'unpin':
      flags = { id: itemId, pinned: action === 'pin' };
      order = item.hidden ? shown : insertAt(shown, item, item.position);
      break;
    case 'remove':
      flags = { id: itemId, hidden: true, pinned: false };
      order = shown;
      break;
    case 'restore':
      flags = { id: itemId, hidden: false };
      order = [...shown, item];
      break;
    case 'move':
      order = item.hidden ? shown : insertAt(shown, item, to ?? item.position);
      break;
  }
  const positions = order.map((row, i) => ({ id: row.id, position: i + 1 })).filter((p) => items.find((i) => i.id === p.id)?.position !== p.position);
  return { flags, positions };
}

/** The list with `item` at 1-based `position` (clamped to the list). */
function insertAt(list: MediaListItemRecord[], item: MediaListItemRecord, position: number): MediaListItemRecord[] {
  const at = Math.min(Math.max(1, Math.trunc(position)), list.length + 1) - 1;
  return [...list.slice(0, at), item, ...list.slice(at)];
}
