import type { ResolveAnswer, ResolveQuery } from './wordpress.types';

/** Most keys per list (and per type or taxonomy) one merged request carries: the plugin's limit. */
const DEFAULT_CHUNK = 1000;

interface Waiter {
  query: ResolveQuery;
  resolve: (answer: ResolveAnswer) => void;
  reject: (error: unknown) => void;
}

export interface CoalescerOptions {
  /** Most keys per list in one request (RESOLVE_CHUNK). */
  chunk?: number;
  /** Milliseconds a first look-up waits for others to join it when none is in flight. */
  windowMs?: number;
  /** Requests in flight at once; look-ups arriving meanwhile wait and go out merged. */
  maxInFlight?: number;
}

/**
 * Merges `tmu/v1/resolve` look-ups of concurrent syncs into one request: those that arrive while
 * another is in flight (or within a few ms of the first) go out together, up to `chunk` keys per
 * list. Each caller gets an answer holding only what it asked for (plus `host` and the table
 * prefix); a failed request rejects every caller it carried.
 */
export class ResolveCoalescer {
  private readonly waiting: Waiter[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly chunk: number;
  private readonly windowMs: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly send: (query: ResolveQuery) => Promise<ResolveAnswer>,
    options: CoalescerOptions = {},
  ) {
    this.chunk = options.chunk ?? DEFAULT_CHUNK;
    this.windowMs = options.windowMs ?? 2;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  resolve(query: ResolveQuery): Promise<ResolveAnswer> {
    return new Promise<ResolveAnswer>((resolve, reject) => {
      this.waiting.push({ query, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer || this.inFlight >= this.maxInFlight || this.waiting.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, this.windowMs);
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const group = this.takeGroup();
      this.inFlight += 1;
      void this.run(group).finally(() => {
        this.inFlight -= 1;
        // Those that came meanwhile go out at once, merged: they already waited a round trip.
        if (this.waiting.length > 0) this.pump();
      });
    }
  }

  /** The first waiter, and every later one whose keys still fit the merged request (FIFO otherwise). */
  private takeGroup(): Waiter[] {
    const group: Waiter[] = [];
    let merged: ResolveQuery = {};
    for (let i = 0; i < this.waiting.length;) {
      const candidate = mergeQueries(merged, this.waiting[i].query);
      if (group.length > 0 && !fits(candidate, this.chunk)) {
        i += 1;
        continue;
      }
      group.push(this.waiting.splice(i, 1)[0]);
      merged = candidate;
    }
    return group;
  }

  private async run(group: Waiter[]): Promise<void> {
    const merged = group.reduce<ResolveQuery>((acc, w) => mergeQueries(acc, w.query), {});
    try {
      const answer = await this.send(group.length === 1 ? group[0].query : merged);
      for (const waiter of group) waiter.resolve(group.length === 1 ? answer : answerFor(waiter.query, answer));
    } catch (error) {
      for (const waiter of group) waiter.reject(error);
    }
  }
}

/** Two queries as one: lists united, keys deduplicated, groups of one type or taxonomy joined. */
export function mergeQueries(a: ResolveQuery, b: ResolveQuery): ResolveQuery {
  const out: ResolveQuery = {};
  const tmdbIds = mergeGroups(
    a.tmdbIds,
    b.tmdbIds,
    (g) => g.type,
    (type, keys) => ({ type, keys }),
  );
  const keys = mergeGroups(
    a.keys,
    b.keys,
    (g) => g.type,
    (type, list) => ({ type, keys: list }),
  );
  const terms = mergeGroups(
    a.terms?.map((t) => ({ type: t.taxonomy, keys: t.slugs })),
    b.terms?.map((t) => ({ type: t.taxonomy, keys: t.slugs })),
    (g) => g.type,
    (taxonomy, slugs) => ({ taxonomy, slugs }),
  );
  if (tmdbIds.length > 0) out.tmdbIds = tmdbIds;
  if (keys.length > 0) out.keys = keys;
  if (terms.length > 0) out.terms = terms;
  const posts = union(a.posts, b.posts);
  const media = union(a.media, b.media);
  const statuses = union(a.statuses, b.statuses);
  if (posts.length > 0) out.posts = posts;
  if (media.length > 0) out.media = media;
  if (statuses.length > 0) out.statuses = statuses;
  return out;
}

function mergeGroups<G extends { type: string; keys: string[] }, R>(
  a: G[] | undefined,
  b: G[] | undefined,
  name: (g: G) => string,
  make: (name: string, keys: string[]) => R,
): R[] {
  const groups = new Map<string, Set<string>>();
  for (const group of [...(a ?? []), ...(b ?? [])]) {
    const set = groups.get(name(group)) ?? new Set<string>();
    for (const key of group.keys) set.add(key);
    groups.set(name(group), set);
  }
  return [...groups].filter(([, set]) => set.size > 0).map(([n, set]) => make(n, [...set]));
}

function union<T>(a: T[] | undefined, b: T[] | undefined): T[] {
  return [...new Set([...(a ?? []), ...(b ?? [])])];
}

/** Whether every list of the query stays within the plugin's per-list limit. */
function fits(query: ResolveQuery, chunk: number): boolean {
  const lists = [
    query.posts ?? [],
    query.media ?? [],
    query.statuses ?? [],
    ...(query.tmdbIds ?? []).map((g) => g.keys),
    ...(query.keys ?? []).map((g) => g.keys),
    ...(query.terms ?? []).map((g) => g.slugs),
  ];
  return lists.every((list) => list.length <= chunk);
}

/** The part of a merged answer one query asked for; `host` and `table_prefix` as they came. */
export function answerFor(query: ResolveQuery, answer: ResolveAnswer): ResolveAnswer {
  const pick = (found: Record<string, Record<string, number>> | undefined, groups: Array<{ type: string; keys: string[] }> | undefined) => {
    const out: Record<string, Record<string, number>> = {};
    for (const group of groups ?? []) {
      const ids = found?.[group.type] ?? {};
      for (const key of group.keys) {
        if (ids[key] === undefined) continue;
        out[group.type] ??= {};
        out[group.type][key] = ids[key];
      }
    }
    return out;
  };
  const tmdbIds = pick(answer.tmdb_ids, query.tmdbIds);
  const keys = pick(answer.keys, query.keys);
  const terms = pick(
    answer.terms,
    query.terms?.map((t) => ({ type: t.taxonomy, keys: t.slugs })),
  );
  const askedPosts = new Set(query.posts ?? []);
  const media: Record<string, number> = {};
  for (const path of query.media ?? []) if (answer.media?.[path] !== undefined) media[path] = answer.media[path];
  const out: ResolveAnswer = {
    tmdb_ids: tmdbIds,
    keys,
    posts: (answer.posts ?? []).filter((p) => askedPosts.has(p.id)),
    terms,
    media,
  };
  if (answer.statuses) {
    // The statuses asked, and those of the posts this query found by key (as the plugin answers them).
    const wanted = new Set<string>([...(query.statuses ?? []).map(String), ...idsOf(tmdbIds), ...idsOf(keys)]);
    out.statuses = Object.fromEntries(Object.entries(answer.statuses).filter(([id]) => wanted.has(id)));
  }
  if (answer.table_prefix !== undefined) out.table_prefix = answer.table_prefix;
  if (answer.host !== undefined) out.host = answer.host;
  return out;
}

function idsOf(found: Record<string, Record<string, number>>): string[] {
  return Object.values(found).flatMap((ids) => Object.values(ids).map(String));
}
