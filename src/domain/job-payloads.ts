import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DISCOVER_KINDS, MAX_IMPORT_ITEMS, MAX_LIST_LIMIT, SYNC_TYPES, SyncType, syncOptionsSchema, syncTypeSchema } from './sync';

/**
 * The WordPress user who asked for a job (the plugin sends it in signed requests), so WordPress
 * shows the job's log and errors to that user and to administrators only. Absent for scheduled work.
 */
export const requestedBySchema = z.number().int().positive().optional();

/** `sync`: one title or person. */
export const syncPayloadSchema = z.object({
  type: syncTypeSchema,
  tmdb_id: z.number().int().positive(),
  post_id: z.number().int().positive().optional(),
  options: syncOptionsSchema.optional(),
  requested_by: requestedBySchema,
});

export type SyncPayload = z.infer<typeof syncPayloadSchema>;

/** `bulk` (and the weekly `refresh`): the library, or the types named. */
export const bulkPayloadSchema = z.object({
  types: z.array(syncTypeSchema).min(1).optional(),
  limit: z.number().int().positive().optional(),
  options: syncOptionsSchema.optional(),
  /** Set when a schedule enqueued the job (weekly refresh). */
  schedule: z.string().max(32).optional(),
});

export type BulkPayload = z.infer<typeof bulkPayloadSchema>;

/** The library order, whatever order the request named the types in. */
export function orderedTypes(types?: readonly SyncType[]): SyncType[] {
  return types ? SYNC_TYPES.filter((t) => types.includes(t)) : [...SYNC_TYPES];
}

/** Queue identity of a bulk request: the same scope queued twice is one job. */
export function bulkObjectKey(payload: BulkPayload): string {
  const options = payload.options ? JSON.stringify(payload.options, Object.keys(payload.options).sort()) : '';
  return `bulk:${orderedTypes(payload.types).join(',')}:${payload.limit ?? 'all'}:${options}`.slice(0, 191);
}

/** YYYY-MM-DD of a day that exists: Date.parse reads 2024-02-30 as 1 March, so the day must come back unchanged. */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const time = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === s;
}

/** A calendar day, not in the future. */
export const sinceSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2024-05-01')
  .refine(isCalendarDate, 'must be a real date')
  .refine((s) => Date.parse(`${s}T00:00:00Z`) <= Date.now(), 'must not be in the future');

/** `changes`: the daily incremental sync. */
export const changesPayloadSchema = z.object({
  since: sinceSchema.optional(),
  /** Set when a schedule enqueued the job (daily run). */
  schedule: z.string().max(32).optional(),
});

export type ChangesPayload = z.infer<typeof changesPayloadSchema>;

export const changesObjectKey = (since?: string) => `changes:${since ?? 'auto'}`;

/** POST /import and `tmu-sidecar import`, as queued. */
export const importPayloadSchema = z.object({
  items: z
    // `resync` on one item: the user restored its trashed post and wants it synced, even without a re-sync of all.
    .array(z.object({ type: z.enum(['movie', 'tv', 'drama']), tmdb_id: z.number().int().positive(), resync: z.boolean().optional() }).strict())
    .min(1, 'items must name at least one title')
    .max(MAX_IMPORT_ITEMS, `at most ${MAX_IMPORT_ITEMS} items per import`),
  status: z.enum(['draft', 'publish']).default('publish'),
  options: syncOptionsSchema.optional(),
  resync: z.boolean().default(false),
  requested_by: requestedBySchema,
});

export type ImportPayload = z.output<typeof importPayloadSchema>;

/** Queue identity: the same request sent twice while the first is still queued is one job (per user: each sees their own job). */
export function importObjectKey(payload: ImportPayload): string {
  const items = payload.items.map((i) => `${i.type}:${i.tmdb_id}${i.resync ? ':resync' : ''}`).sort();
  const canonical = JSON.stringify([items, payload.status, payload.resync, payload.options ?? {}, ...(payload.requested_by ? [payload.requested_by] : [])]);
  return `import:${createHash('sha256').update(canonical).digest('hex').slice(0, 40)}`;
}

/** `discover.requested` as queued: a list refresh (list_id / list), one random pick, or a plain discovery. */
export const discoverPayloadSchema = z.object({
  keyword: z.string().trim().min(1).max(255),
  type: z.enum(DISCOVER_KINDS).optional(),
  limit: z.number().int().min(1).max(MAX_LIST_LIMIT).optional(),
  random: z.boolean().optional(),
  list: z.boolean().optional(),
  list_id: z.number().int().positive().optional(),
});

export type DiscoverPayload = z.infer<typeof discoverPayloadSchema>;

/** `list.refresh`: one curated list, by id or slug. */
export const refreshListPayloadSchema = z.union([z.object({ list_id: z.number().int().positive() }), z.object({ slug: z.string().min(1).max(191) })]);

export type RefreshListPayload = z.infer<typeof refreshListPayloadSchema>;

/** `people.refresh`: the people a title sync made from its credits, and those who get a portrait. */
export const peopleRefreshPayloadSchema = z.object({
  ids: z.array(z.number().int().positive()).max(20_000),
  portraits: z.array(z.number().int().positive()).default([]),
});

export type PeopleRefreshPayload = z.output<typeof peopleRefreshPayloadSchema>;

/** Most people one merged `people.refresh` job takes (rounds of 100 inside it): a retry of it stays short. */
export const MAX_MERGED_PEOPLE = 1_000;

/**
 * A waiting `people.refresh` job's payload with more people added (each once), or null when the
 * result would pass MAX_MERGED_PEOPLE (or the waiting payload is not one): queue a job of its own then.
 */
export function mergePeopleRefresh(waiting: unknown, ids: readonly number[], portraits: readonly number[]): PeopleRefreshPayload | null {
  const parsed = peopleRefreshPayloadSchema.safeParse(waiting);
  if (!parsed.success) return null;
  const merged = [...new Set([...parsed.data.ids, ...ids])];
  if (merged.length > MAX_MERGED_PEOPLE) return null;
  return { ids: merged, portraits: [...new Set([...parsed.data.portraits, ...portraits])] };
}

/** Most titles one merged `title.complete` job takes: its look-ups, writes and uploads shared, a retry of it still short. */
export const MAX_MERGED_TITLES = 25;

/**
 * `title.complete`: the rest of a title an import or a bulk made live at the page stage (backdrops,
 * stills, logos, videos, people and credits). `parent_job` comes first, so the stored payload starts
 * with it and the import screen finds an import's completions with one prefix match.
 */
export const titleCompletePayloadSchema = z.object({
  parent_job: z.number().int().positive(),
  type: z.enum(['movie', 'tv', 'drama']),
  tmdb_id: z.number().int().positive(),
  options: syncOptionsSchema.optional(),
  /** Titles of the same import or bulk merged into this job while it waited (one round, completed several at once). */
  more: z
    .array(z.object({ type: z.enum(['movie', 'tv', 'drama']), tmdb_id: z.number().int().positive() }).strict())
    .max(MAX_MERGED_TITLES - 1)
    .optional(),
});

export type TitleCompletePayload = z.output<typeof titleCompletePayloadSchema>;

/** One completion per title queued at a time: a title imported twice meanwhile is completed once. */
export const titleCompleteObjectKey = (p: Pick<TitleCompletePayload, 'type' | 'tmdb_id'>) => `complete:${p.type}:${p.tmdb_id}`;

export type CompletionTitle = Pick<TitleCompletePayload, 'type' | 'tmdb_id'>;

/** Every title a `title.complete` job completes: the one it was queued for, then those merged into it. */
export function titlesOf(payload: TitleCompletePayload): CompletionTitle[] {
  return [{ type: payload.type, tmdb_id: payload.tmdb_id }, ...(payload.more ?? [])];
}

/**
 * A waiting `title.complete` job's payload with one more title, `waiting` itself when the title is in it
 * already, or null when the job belongs to another import or bulk, carries other options, or is full.
 */
export function mergeTitleComplete(waiting: Record<string, unknown>, next: TitleCompletePayload): Record<string, unknown> | null {
  const parsed = titleCompletePayloadSchema.safeParse(waiting);
  if (!parsed.success || parsed.data.parent_job !== next.parent_job) return null;
  if (canonicalOptions(parsed.data.options) !== canonicalOptions(next.options)) return null;
  const titles = titlesOf(parsed.data);
  if (titles.some((t) => t.type === next.type && t.tmdb_id === next.tmdb_id)) return waiting;
  if (titles.length >= MAX_MERGED_TITLES) return null;
  return { ...parsed.data, more: [...(parsed.data.more ?? []), { type: next.type, tmdb_id: next.tmdb_id }] };
}

const canonicalOptions = (options: TitleCompletePayload['options']) => JSON.stringify(options ?? {}, Object.keys(options ?? {}).sort());
