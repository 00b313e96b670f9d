import { validate as validateCron } from 'node-cron';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError, describeError, ValidationError } from '../../errors';
import { LIST_POST_STATUSES, ListPostStatus, MediaListItemRecord, MediaListRecord, MediaListRepository } from '../../repositories/media-list.repository';
import { ListItemNotFoundError, ListNotFoundError } from './discovery.errors';
import type { DiscoveryService } from './discovery.service';
import { DISCOVER_KINDS, DiscoverFilters, discoverFiltersSchema, DiscoverKind, DiscoveryResult } from './discovery.schema';
import { keywordExpressionSlug, KeywordService, parseKeywordExpression } from './keyword.service';
import { curatedKeys, planRefresh, RefreshPlan } from './list-order';
import { ItemAction, planCuration } from './list-curation';
import { listSlug } from './list-slug';
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from '../../domain/sync';

export { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT };
/** New lists refresh daily unless told otherwise. */
const DEFAULT_REFRESH_CRON = '0 5 * * *';

/** What an editor sets on a list (webhook `discover.requested {list:{...}}`, CLI --list). */
const listInputSchema = z
  .object({
    keyword: z.string().trim().min(1).max(255),
    type: z.enum(DISCOVER_KINDS).optional(),
    title: z.string().trim().max(200).optional(),
    description: z.string().max(2000).optional(),
    limit: z.number().int().min(1).max(MAX_LIST_LIMIT).optional(),
    /** A 5-field cron expression; null or '' = refresh only when asked. */
    refresh_cron: z.string().trim().max(64).nullable().optional(),
    filters: discoverFiltersSchema.optional(),
    /** Status of the posts the list creates for the titles it adds; draft unless told. */
    status: z.enum(LIST_POST_STATUSES).optional(),
  })
  .strict();

export type ListInput = z.infer<typeof listInputSchema>;

/** The JSON stored in tmu_media_lists.filters. */
const storedFiltersSchema = z.object({ type: z.enum(DISCOVER_KINDS), keyword: z.string().min(1), filters: discoverFiltersSchema });
type StoredFilters = z.infer<typeof storedFiltersSchema>;

export interface CuratedList extends MediaListRecord {
  type: DiscoverKind;
  /** The keyword expression as typed, e.g. "time travel" or "queer|lgbt". */
  keywordExpression: string;
  discoverFilters: DiscoverFilters;
}

export interface RefreshOutcome {
  list: CuratedList;
  items: MediaListItemRecord[];
  plan: RefreshPlan;
  changed: boolean;
  discovery: DiscoveryResult;
}

export interface ListServiceDeps {
  repo: MediaListRepository;
  keywords: KeywordService;
  discovery: DiscoveryService;
  logger: Logger;
  now?: () => Date;
}

/** Curated lists: create, edit, delete and refresh (`<title-slug>-<id>`, or `<keyword-slug>-spotlight-<id>` without a title). */
export class ListService {
  private readonly now: () => Date;

  constructor(private readonly deps: ListServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async create(raw: ListInput): Promise<CuratedList> {
    const input = parseInput(raw);
    const keywordSlug = keywordExpressionSlug(input.keyword);
    const record = await this.deps.repo.create(
      {
        keyword: keywordSlug,
        title: input.title || defaultTitle(input.keyword),
        description: input.description ?? '',
        filters: storeFilters({ type: input.type ?? 'movie', keyword: input.keyword, filters: input.filters ?? {} }),
        itemLimit: input.limit ?? DEFAULT_LIST_LIMIT,
        refreshCron: input.refresh_cron === undefined ? DEFAULT_REFRESH_CRON : input.refresh_cron || null,
        postStatus: input.status ?? 'draft',
      },
      // The slug follows the title given ("Best of 2024" -> best-of-2024-7), else the keyword.
      (id) => listSlug(input.title, keywordSlug, id),
      this.now(),
    );
    return toCurated(record);
  }

  /** Changes what is given; the slug stays (pages and shortcodes use it). */
  async update(id: number, raw: Partial<ListInput>): Promise<CuratedList> {
    const current = await this.get(id);
    const input = parseInput({ ...raw, keyword: raw.keyword ?? current.keywordExpression });
    const changes = {
      keyword: keywordExpressionSlug(input.keyword),
      filters: storeFilters({ type: input.type ?? current.type, keyword: input.keyword, filters: input.filters ?? current.discoverFilters }),
      ...(input.title !== undefined ? { title: input.title || defaultTitle(input.keyword) } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.limit !== undefined ? { itemLimit: input.limit } : {}),
      ...(input.refresh_cron !== undefined ? { refreshCron: input.refresh_cron || null } : {}),
      ...(input.status !== undefined ? { postStatus: input.status } : {}),
    };
    const updated = await this.deps.repo.update(id, changes, this.now());
    if (!updated) throw new ListNotFoundError(id);
    return toCurated(updated);
  }

  async remove(id: number): Promise<boolean> {
    return this.deps.repo.delete(id);
  }

  /** By id or slug. */
  async get(ref: number | string): Promise<CuratedList> {
    const record = typeof ref === 'number' || /^\d+$/.test(ref) ? await this.deps.repo.findById(Number(ref)) : await this.deps.repo.findBySlug(ref);
    if (!record) throw new ListNotFoundError(ref);
    return toCurated(record);
  }

  async all(): Promise<CuratedList[]> {
    return (await this.deps.repo.listAll()).map(toCurated);
  }

  async items(listId: number): Promise<MediaListItemRecord[]> {
    return this.deps.repo.listItems(listId);
  }

  /** An editor's pin, unpin, remove, restore or move of one item; a refresh keeps it. */
  async curate(listId: number, itemId: number, action: ItemAction, to?: number): Promise<MediaListItemRecord[]> {
    const list = await this.get(listId);
    const change = planCuration(await this.deps.repo.listItems(list.id), itemId, action, to);
    if (!change) throw new ListItemNotFoundError(list.id, itemId);
    await this.deps.repo.applyCuration(list.id, change, this.now());
    return this.deps.repo.listItems(list.id);
  }

  /** The first list of this keyword and type, or a new one with the defaults (CLI --list, `list: true`). */
  async findOrCreate(keyword: string, type: DiscoverKind, limit?: number, status?: ListPostStatus): Promise<CuratedList> {
    const slug = keywordExpressionSlug(keyword);
    const existing = (await this.deps.repo.listByKeyword(slug)).map(toCurated).find((l) => l.type === type);
    if (!existing) return this.create({ keyword, type, limit, status });
    const changes = {
      ...(limit !== undefined && limit !== existing.itemLimit ? { limit } : {}),
      ...(status !== undefined && status !== existing.postStatus ? { status } : {}),
    };
    return Object.keys(changes).length ? this.update(existing.id, changes) : existing;
  }

  /**
   * Discovers the list's titles again and writes the difference in one
   * transaction. On failure the items stay as they were and last_error says why.
   */
  async refresh(ref: number | string, options: { signal?: AbortSignal; refreshKeywords?: boolean } = {}): Promise<RefreshOutcome> {
    const list = await this.get(ref);
    try {
      const resolved = await this.deps.keywords.resolveExpression(list.keywordExpression, { refresh: options.refreshKeywords });
      const current = await this.deps.repo.listItems(list.id);
      const pinned = current.filter((i) => i.pinned && !i.hidden).length;
      const discovery = await this.deps.discovery.discover({
        kind: list.type,
        withKeywords: resolved.withKeywords,
        filters: list.discoverFilters,
        // Pinned titles hold their places; removed ones are neither synced nor counted.
        limit: Math.max(0, list.itemLimit - pinned),
        skip: curatedKeys(current),
        status: list.postStatus,
        signal: options.signal,
      });
      if (options.signal?.aborted) throw new AppError('cancelled', `refresh of list ${list.slug} was cancelled`);
      const plan = planRefresh(current, discovery.items, list.itemLimit);
      await this.deps.repo.applyRefresh(list.id, plan, this.now());
      const changed = plan.remove.length + plan.update.length + plan.insert.length > 0;
      this.deps.logger.info({ list: list.slug, kept: plan.kept, added: plan.added, removed: plan.removed }, 'curated list refreshed');
      const items = (await this.deps.repo.listItems(list.id)).filter((i) => !i.hidden);
      return { list: await this.get(list.id), items, plan, changed, discovery };
    } catch (error) {
      await this.deps.repo
        .recordError(list.id, describeError(error))
        .catch((e: unknown) => this.deps.logger.warn({ err: describeError(e) }, 'could not record the refresh error on the list'));
      throw error;
    }
  }
}

function parseInput(raw: unknown): ListInput {
  const parsed = listInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(issue.message, { field: issue.path.join('.') || 'list' });
  }
  const input = parsed.data;
  parseKeywordExpression(input.keyword);
  if (input.refresh_cron && (input.refresh_cron.split(/\s+/).length !== 5 || !validateCron(input.refresh_cron))) {
    throw new ValidationError(`"${input.refresh_cron}" is not a 5-field cron expression (minute hour day month weekday)`, { field: 'refresh_cron' });
  }
  return input;
}

function storeFilters(value: StoredFilters): string {
  return JSON.stringify(value);
}

function toCurated(record: MediaListRecord): CuratedList {
  let stored: StoredFilters;
  try {
    stored = storedFiltersSchema.parse(JSON.parse(record.filters));
  } catch (cause) {
    throw new ValidationError(`List ${record.slug} has unreadable filters: ${describeError(cause)}`, { field: 'filters', cause });
  }
  return { ...record, type: stored.type, keywordExpression: stored.keyword, discoverFilters: stored.filters };
}

function defaultTitle(keyword: string): string {
  const words = parseKeywordExpression(keyword).parts.join(' & ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} spotlight`;
}
