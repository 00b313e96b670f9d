/**
 * One bad entry of a list (a video with `key: null`, a cast member without a
 * name, a season without a number) must not refuse the whole title: the entry
 * is dropped and the payload validated again. A field of the wrong type outside
 * the lists (`runtime: "abc"`, `adult: "yes"`, `genres: null`) is dropped the
 * same way, so it reads as absent. Only the title's identity (its id, title,
 * name, season or episode number) refuses the payload.
 */
import type { z } from 'zod';

export interface DroppedEntry {
  /** e.g. "videos.results.3" */
  at: string;
  reason: string;
}

/** Most entries dropped from one payload before it is refused as a whole. */
const MAX_DROPS = 1000;
/** Top-level fields without which a payload is not the title asked for. */
const IDENTITY = new Set(['id', 'title', 'name', 'season_number', 'episode_number']);

/** Validates `json`, removing (in place) each list entry that fails; the removed ones are pushed to `dropped`. */
export function parseDroppingInvalidEntries<S extends z.ZodType>(schema: S, json: unknown, dropped: DroppedEntry[]): z.ZodSafeParseResult<z.output<S>> {
  for (;;) {
    const parsed = schema.safeParse(json);
    if (parsed.success || dropped.length >= MAX_DROPS) return parsed;
    const issue = parsed.error.issues[0];
    const at = lastIndex(issue.path);
    if (at < 0) {
      if (!dropField(json, issue.path, dropped, issue.message)) return parsed;
      continue;
    }
    const list = valueAt(json, issue.path.slice(0, at));
    const index = issue.path[at] as number;
    if (!Array.isArray(list) || index >= list.length) return parsed;
    list.splice(index, 1);
    dropped.push({
      at: issue.path
        .slice(0, at + 1)
        .map(String)
        .join('.'),
      reason: `${
        issue.path
          .slice(at + 1)
          .map(String)
          .join('.') || 'entry'
      }: ${issue.message}`,
    });
  }
}

/** Removes a wrongly typed field outside the lists; false for the identity, the root, or a field already removed. */
function dropField(root: unknown, path: readonly PropertyKey[], dropped: DroppedEntry[], message: string): boolean {
  if (path.length === 0 || (path.length === 1 && IDENTITY.has(String(path[0])))) return false;
  const parent = valueAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (parent === null || typeof parent !== 'object' || !Object.prototype.hasOwnProperty.call(parent, key)) return false;
  delete (parent as Record<PropertyKey, unknown>)[key];
  dropped.push({ at: path.map(String).join('.'), reason: `field: ${message}` });
  return true;
}

function lastIndex(path: readonly PropertyKey[]): number {
  for (let i = path.length - 1; i >= 0; i -= 1) if (typeof path[i] === 'number') return i;
  return -1;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
