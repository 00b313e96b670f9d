/**
 * One bad entry of a list (a video with `key: null`, a cast member without a
 * name, a season without a number) must not refuse the whole title: the entry
 * is dropped and the payload validated again. Only a failure outside every
 * list (the title's own id, name or title) refuses the payload.
 */
import type { z } from 'zod';

export interface DroppedEntry {
  /** e.g. "videos.results.3" */
  at: string;
  reason: string;
}

/** Most entries dropped from one payload before it is refused as a whole. */
const MAX_DROPS = 1000;

/** Validates `json`, removing (in place) each list entry that fails; the removed ones are pushed to `dropped`. */
export function parseDroppingInvalidEntries<S extends z.ZodType>(schema: S, json: unknown, dropped: DroppedEntry[]): z.ZodSafeParseResult<z.output<S>> {
  for (;;) {
    const parsed = schema.safeParse(json);
    if (parsed.success || dropped.length >= MAX_DROPS) return parsed;
    const issue = parsed.error.issues[0];
    const at = lastIndex(issue.path);
    if (at < 0) return parsed;
    const list = valueAt(json, issue.path.slice(0, at));
    const index = issue.path[at] as number;
    if (!Array.isArray(list) || index >= list.length) return parsed;
    list.splice(index, 1);
    dropped.push({ at: issue.path.slice(0, at + 1).map(String).join('.'), reason: `${issue.path.slice(at + 1).map(String).join('.') || 'entry'}: ${issue.message}` });
  }
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
