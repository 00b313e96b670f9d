import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { dbCall, toDate, toNumber } from './repository-support';

type ListItemMediaType = 'movie' | 'tv' | 'drama';

/** Status of the posts a list creates for the titles it adds. */
export const LIST_POST_STATUSES = ['draft', 'publish'] as const;
export type ListPostStatus = (typeof LIST_POST_STATUSES)[number];

/** One row of tmu_media_lists. `filters` is the stored JSON text, parsed by the list service. */
export interface MediaListRecord {
  id: number;
  slug: string;
  /** Slug of the keyword expression (what random picks and the plugin look lists up by). */
  keyword: string | null;
  title: string;
  description: string;
  filters: string;
  itemLimit: number;
  refreshCron: string | null;
  postStatus: ListPostStatus;
  lastRefreshedAt: Date | null;
  itemsChangedAt: Date | null;
  lastError: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface MediaListItemRecord {
  id: number;
  listId: number;
  position: number;
  postId: number | null;
  tmdbId: number;
  mediaType: ListItemMediaType;
  /** Stays at its position and in the list, whatever a refresh finds. */
  pinned: boolean;
  /** Removed by an editor: not shown, and a refresh does not add the title again. */
  hidden: boolean;
}

/** An editor's change to items: flags of one item, and the positions that follow from it. */
export interface ItemCuration {
  flags?: { id: number; pinned?: boolean; hidden?: boolean };
  positions: Array<{ id: number; position: number }>;
}

interface NewListItem {
  position: number;
  postId: number;
  tmdbId: number;
  mediaType: ListItemMediaType;
}

/** What a refresh changes, computed by the list service; applied in one transaction. */
export interface ListItemChanges {
  remove: number[];
  update: Array<{ id: number; position: number; postId: number | null; mediaType: ListItemMediaType }>;
  insert: NewListItem[];
}

export interface ListFields {
  keyword: string;
  title: string;
  description: string;
  filters: string;
  itemLimit: number;
  refreshCron: string | null;
  postStatus: ListPostStatus;
}

type Row = Record<string, unknown>;

/** tmu_media_lists and tmu_media_list_items: curated lists with ordered items. */
export class MediaListRepository {
  private readonly lists: string;
  private readonly items: string;

  constructor(
    private readonly db: Knex,
    prefix: string,
  ) {
    this.lists = `${prefix}tmu_media_lists`;
    this.items = `${prefix}tmu_media_list_items`;
  }

  /** Inserts a list; its slug comes from its id, so it is set in the same transaction. */
  async create(fields: ListFields, slugFor: (id: number) => string, now: Date): Promise<MediaListRecord> {
    return dbCall(`create ${this.lists}`, () =>
      this.db.transaction(async (trx) => {
        const [id] = await trx(this.lists).insert({ ...columns(fields), slug: `pending-${randomUUID()}`, created_at: now, updated_at: now });
        await trx(this.lists)
          .where({ id })
          .update({ slug: slugFor(Number(id)) });
        return toList(await trx(this.lists).where({ id }).first());
      }),
    );
  }

  async update(id: number, fields: Partial<ListFields>, now: Date): Promise<MediaListRecord | null> {
    return dbCall(`update ${this.lists}#${id}`, async () => {
      const updated = await this.db(this.lists)
        .where({ id })
        .update({ ...columns(fields), updated_at: now });
      return updated ? this.findById(id) : null;
    });
  }

  /** Removes a list and its items together. */
  async delete(id: number): Promise<boolean> {
    return dbCall(`delete ${this.lists}#${id}`, () =>
      this.db.transaction(async (trx) => {
        await trx(this.items).where({ list_id: id }).delete();
        return (await trx(this.lists).where({ id }).delete()) > 0;
      }),
    );
  }

  async findById(id: number): Promise<MediaListRecord | null> {
    return dbCall(`read ${this.lists}#${id}`, async () => {
      const row = (await this.db(this.lists).where({ id }).first()) as Row | undefined;
      return row ? toList(row) : null;
    });
  }

  async findBySlug(slug: string): Promise<MediaListRecord | null> {
    return dbCall(`read ${this.lists} ${slug}`, async () => {
      const row = (await this.db(this.lists).where({ slug }).first()) as Row | undefined;
      return row ? toList(row) : null;
    });
  }

  async listAll(): Promise<MediaListRecord[]> {
    return dbCall(`list ${this.lists}`, async () => ((await this.db(this.lists).orderBy('id')) as Row[]).map(toList));
  }

  /** Lists with a refresh schedule. */
  async listScheduled(): Promise<MediaListRecord[]> {
    return dbCall(`list scheduled ${this.lists}`, async () =>
      ((await this.db(this.lists).whereNotNull('refresh_cron').andWhere('refresh_cron', '<>', '').orderBy('id')) as Row[]).map(toList),
    );
  }

  async listByKeyword(keyword: string): Promise<MediaListRecord[]> {
    return dbCall(`list ${this.lists} of ${keyword}`, async () => ((await this.db(this.lists).where({ keyword }).orderBy('id')) as Row[]).map(toList));
  }

  async listItems(listId: number): Promise<MediaListItemRecord[]> {
    return dbCall(`read ${this.items} of #${listId}`, async () =>
      ((await this.db(this.items).where({ list_id: listId }).orderBy('position').orderBy('id')) as Row[]).map(toItem),
    );
  }

  /** Items of every list of a keyword (the stored fallback of a random pick), one per title. */
  async itemsForKeyword(keyword: string): Promise<Array<MediaListItemRecord & { listSlug: string }>> {
    return dbCall(`read ${this.items} of ${keyword}`, async () => {
      const rows = (await this.db(`${this.items} as i`)
        .join(`${this.lists} as l`, 'l.id', 'i.list_id')
        .where('l.keyword', keyword)
        .whereNotNull('i.post_id')
        .where('i.hidden', 0)
        .select('i.*', 'l.slug as list_slug')
        .orderBy('i.list_id')
        .orderBy('i.position')) as Row[];
      const seen = new Set<string>();
      return rows
        .map((r) => ({ ...toItem(r), listSlug: String(r.list_slug) }))
        .filter((i) => !seen.has(`${i.mediaType}:${i.tmdbId}`) && seen.add(`${i.mediaType}:${i.tmdbId}`));
    });
  }

  /**
   * Writes a refresh in ONE transaction: a reader sees the old list or the new
   * one, never half of each. Nothing but last_refreshed_at moves when nothing changed.
   */
  async applyRefresh(listId: number, changes: ListItemChanges, now: Date): Promise<void> {
    const changed = changes.remove.length + changes.update.length + changes.insert.length > 0;
    await dbCall(`refresh ${this.lists}#${listId}`, () =>
      this.db.transaction(async (trx) => {
        if (changes.remove.length) await trx(this.items).where({ list_id: listId }).whereIn('id', changes.remove).delete();
        for (const u of changes.update) {
          await trx(this.items).where({ id: u.id, list_id: listId }).update({ position: u.position, post_id: u.postId, media_type: u.mediaType });
        }
        if (changes.insert.length) {
          await trx(this.items).insert(changes.insert.map((i) => ({ list_id: listId, position: i.position, post_id: i.postId, tmdb_id: i.tmdbId, media_type: i.mediaType })));
        }
        await trx(this.lists)
          .where({ id: listId })
          .update({ last_refreshed_at: now, last_error: null, ...(changed ? { items_changed_at: now } : {}) });
      }),
    );
  }

  /** An editor's pin, removal or move, in one transaction; the list counts as changed (new ETag). */
  async applyCuration(listId: number, change: ItemCuration, now: Date): Promise<void> {
    await dbCall(`curate ${this.items} of #${listId}`, () =>
      this.db.transaction(async (trx) => {
        const { flags } = change;
        if (flags && (flags.pinned !== undefined || flags.hidden !== undefined)) {
          const set: Row = {};
          if (flags.pinned !== undefined) set.pinned = flags.pinned ? 1 : 0;
          if (flags.hidden !== undefined) set.hidden = flags.hidden ? 1 : 0;
          await trx(this.items).where({ id: flags.id, list_id: listId }).update(set);
        }
        for (const p of change.positions) await trx(this.items).where({ id: p.id, list_id: listId }).update({ position: p.position });
        await trx(this.lists).where({ id: listId }).update({ items_changed_at: now });
      }),
    );
  }

  async recordError(listId: number, message: string): Promise<void> {
    await dbCall(`record error on ${this.lists}#${listId}`, () =>
      this.db(this.lists)
        .where({ id: listId })
        .update({ last_error: message.slice(0, 2000) }),
    );
  }
}

function columns(fields: Partial<ListFields>): Row {
  const out: Row = {};
  if (fields.keyword !== undefined) out.keyword = fields.keyword;
  if (fields.title !== undefined) out.title = fields.title;
  if (fields.description !== undefined) out.description = fields.description;
  if (fields.filters !== undefined) out.filters = fields.filters;
  if (fields.itemLimit !== undefined) out.item_limit = fields.itemLimit;
  if (fields.refreshCron !== undefined) out.refresh_cron = fields.refreshCron;
  if (fields.postStatus !== undefined) out.post_status = fields.postStatus;
  return out;
}

function toList(row: Row): MediaListRecord {
  return {
    id: Number(row.id),
    slug: String(row.slug),
    keyword: row.keyword === null || row.keyword === undefined ? null : String(row.keyword),
    title: String(row.title ?? ''),
    description: String(row.description ?? ''),
    filters: String(row.filters ?? '{}'),
    itemLimit: toNumber(row.item_limit) ?? 0,
    refreshCron: row.refresh_cron ? String(row.refresh_cron) : null,
    // A row from before migration 008 has no status: draft, as for a new list.
    postStatus: row.post_status === 'publish' ? 'publish' : 'draft',
    lastRefreshedAt: toDate(row.last_refreshed_at),
    itemsChangedAt: toDate(row.items_changed_at),
    lastError: row.last_error ? String(row.last_error) : null,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function toItem(row: Row): MediaListItemRecord {
  return {
    id: Number(row.id),
    listId: Number(row.list_id),
    position: Number(row.position),
    postId: toNumber(row.post_id),
    tmdbId: Number(row.tmdb_id),
    mediaType: String(row.media_type) as ListItemMediaType,
    pinned: Number(row.pinned ?? 0) === 1,
    hidden: Number(row.hidden ?? 0) === 1,
  };
}
