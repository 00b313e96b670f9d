import { z } from 'zod';
import type { EnqueueInput, JobRecord } from '../domain/job';
import { DISCOVER_KINDS, discoverFiltersSchema } from '../services/discovery/discovery.schema';
import { keywordExpressionSlug } from '../services/discovery/keyword.service';
import { jobInput } from '../domain/job-registry';
import { CuratedList, ListService, MAX_LIST_LIMIT } from '../services/discovery/list.service';
import { ITEM_ACTIONS } from '../services/discovery/list-curation';
import { LIST_POST_STATUSES, MediaListItemRecord } from '../repositories/media-list.repository';

/** The list fields of `discover.requested {list: {...}}`; keyword and type come from the event itself. */
const listFieldsSchema = z
  .object({
    id: z.number().int().positive().optional(),
    title: z.string().trim().max(200).optional(),
    description: z.string().max(2000).optional(),
    refresh_cron: z.string().trim().max(64).nullable().optional(),
    filters: discoverFiltersSchema.optional(),
    /** Status of the posts made for the titles the list adds (the plugin checks who may publish). */
    status: z.enum(LIST_POST_STATUSES).optional(),
  })
  .strict();

/** `discover.requested {keyword, limit?, random?, list?, type?}`: `list` true (find or create) or the list's fields (create or edit). */
export const discoverRequestedEventSchema = z.object({
  event: z.literal('discover.requested'),
  keyword: z.string().trim().min(1).max(255),
  type: z.enum(DISCOVER_KINDS).optional(),
  limit: z.number().int().min(1).max(MAX_LIST_LIMIT).optional(),
  random: z.boolean().optional(),
  list: z.union([z.boolean(), listFieldsSchema]).optional(),
});

/** `list.refresh {list_id}`: refresh a curated list now. */
export const listRefreshEventSchema = z.object({ event: z.literal('list.refresh'), list_id: z.number().int().positive() });

/** `list.deleted {list_id}`: remove a curated list and its items. */
export const listDeletedEventSchema = z.object({ event: z.literal('list.deleted'), list_id: z.number().int().positive() });

/** `list.item {list_id, item_id, action, position?}`: an editor pins, unpins, removes, restores or moves one item. */
export const listItemEventSchema = z.object({
  event: z.literal('list.item'),
  list_id: z.number().int().positive(),
  item_id: z.number().int().positive(),
  action: z.enum(ITEM_ACTIONS),
  /** Wanted position among the shown items (move only). */
  position: z.number().int().min(1).max(MAX_LIST_LIMIT).optional(),
});

export type DiscoveryEvent =
  z.infer<typeof discoverRequestedEventSchema> | z.infer<typeof listRefreshEventSchema> | z.infer<typeof listDeletedEventSchema> | z.infer<typeof listItemEventSchema>;

export interface DiscoveryWebhookResult {
  status: number;
  body: Record<string, unknown>;
}

interface JobQueue {
  enqueue(input: EnqueueInput): Promise<{ job: JobRecord; created: boolean }>;
}

/**
 * The discovery events: list writes happen here (so the answer can carry the
 * list's id and slug); discovery and refresh work is queued as jobs.
 */
export class DiscoveryWebhooks {
  constructor(
    private readonly jobs: JobQueue,
    private readonly lists: ListService,
  ) {}

  async handle(event: DiscoveryEvent, deliveryId: string | null): Promise<DiscoveryWebhookResult> {
    switch (event.event) {
      case 'discover.requested':
        return this.discover(event, deliveryId);
      case 'list.refresh': {
        const list = await this.lists.get(event.list_id);
        const { job } = await this.jobs.enqueue(jobInput('list.refresh', { list_id: list.id }, { deliveryId }));
        return accepted(job, list);
      }
      case 'list.deleted':
        return { status: 200, body: { ok: true, removed: await this.lists.remove(event.list_id) } };
      case 'list.item': {
        const items = await this.lists.curate(event.list_id, event.item_id, event.action, event.position);
        return { status: 200, body: { ok: true, list_id: event.list_id, items: items.map(itemBody) } };
      }
    }
  }

  private async discover(event: z.infer<typeof discoverRequestedEventSchema>, deliveryId: string | null): Promise<DiscoveryWebhookResult> {
    const type = event.type ?? 'movie';
    if (event.list) {
      const list = await this.saveList(event, type);
      const payload = { keyword: list.keywordExpression, type: list.type, list_id: list.id };
      const { job } = await this.jobs.enqueue(jobInput('discover', payload, { deliveryId, objectKey: `list:${list.id}` }));
      return accepted(job, list);
    }
    const payload = { keyword: event.keyword, type, ...(event.limit ? { limit: event.limit } : {}), ...(event.random ? { random: true } : {}) };
    // Two identical plain discoveries waiting in the queue are one; random picks are each their own.
    const objectKey = event.random ? null : `discover:${type}:${keywordExpressionSlug(event.keyword)}:${event.limit ?? ''}`;
    const { job } = await this.jobs.enqueue(jobInput('discover', payload, { deliveryId, objectKey }));
    return { status: 202, body: { job_id: job.id, status: job.status } };
  }

  private async saveList(event: z.infer<typeof discoverRequestedEventSchema>, type: 'movie' | 'tv'): Promise<CuratedList> {
    if (event.list === true) return this.lists.findOrCreate(event.keyword, type, event.limit);
    const { id, ...fields } = event.list as z.infer<typeof listFieldsSchema>;
    const input = { keyword: event.keyword, type, ...(event.limit ? { limit: event.limit } : {}), ...fields };
    return id === undefined ? this.lists.create(input) : this.lists.update(id, input);
  }
}

function accepted(job: JobRecord, list: CuratedList): DiscoveryWebhookResult {
  return { status: 202, body: { job_id: job.id, status: job.status, list_id: list.id, slug: list.slug } };
}

function itemBody(item: MediaListItemRecord): Record<string, unknown> {
  return { id: item.id, position: item.position, post_id: item.postId, tmdb_id: item.tmdbId, media_type: item.mediaType, pinned: item.pinned, hidden: item.hidden };
}
