/**
 * The library: every movie, series, drama and person row that has a TMDb id.
 * Read in keyset pages (by post ID) so a bulk run never holds the whole
 * library in memory.
 */
import type { Knex } from 'knex';
import { RUNNING_SERIES_FLAGS } from '../domain/column-values';
import { SYNC_TYPES, SyncType } from '../domain/sync';
import { Db, chunk, dbCall, toDate } from './repository-support';
import { TITLE_TABLES, tableName, ContentTableName } from './table-names';

/** The library's types are the sync types, in library order. */
export type LibraryType = SyncType;

export const LIBRARY_TYPES: readonly LibraryType[] = SYNC_TYPES;

export interface LibraryItem {
  type: LibraryType;
  postId: number;
  tmdbId: number;
}

interface RankedItem extends LibraryItem {
  syncedAt: Date | null;
}

const TABLES: Record<LibraryType, ContentTableName> = {
  movie: TITLE_TABLES.movie.title,
  tv: TITLE_TABLES.tv.title,
  drama: TITLE_TABLES.drama.title,
  person: 'tmu_people',
};

/** TMDb statuses of a movie that is not out yet. */
const UNRELEASED_STATUSES = ['Rumored', 'Planned', 'In Production', 'Post Production'];

export class LibraryRepository {
  constructor(
    private readonly db: Db,
    private readonly prefix: string,
  ) {}

  private table(type: LibraryType): string {
    return tableName(this.prefix, TABLES[type]);
  }

  private withTmdbId(type: LibraryType): Knex.QueryBuilder {
    return this.db(this.table(type)).whereNotNull('tmdb_id').andWhere('tmdb_id', '>', 0);
  }

  /** Rows with a TMDb id and the highest post ID among them (0 when none): the scope of a bulk run. */
  async extent(type: LibraryType): Promise<{ count: number; maxId: number }> {
    return dbCall(`count ${TABLES[type]}`, async () => {
      const row: { n?: unknown; maxId?: unknown } | undefined = await this.withTmdbId(type).count({ n: '*' }).max({ maxId: 'ID' }).first();
      return { count: Number(row?.n ?? 0), maxId: Number(row?.maxId ?? 0) };
    });
  }

  /** The next `limit` items after post ID `afterId` (up to `untilId`), by post ID. */
  async page(type: LibraryType, afterId: number, limit: number, untilId = Number.MAX_SAFE_INTEGER): Promise<LibraryItem[]> {
    return dbCall(`page ${TABLES[type]}`, async () => {
      const rows: Array<{ ID: unknown; tmdb_id: unknown }> = await this.withTmdbId(type)
        .select('ID', 'tmdb_id')
        .andWhere('ID', '>', afterId)
        .andWhere('ID', '<=', untilId)
        .orderBy('ID')
        .limit(limit);
      return rows.map((r) => ({ type, postId: Number(r.ID), tmdbId: Number(r.tmdb_id) }));
    });
  }

  /** The library items holding these TMDb ids (every row, when a legacy site has duplicates). */
  async findByTmdbIds(type: LibraryType, tmdbIds: readonly number[]): Promise<LibraryItem[]> {
    return dbCall(`find ${TABLES[type]} by tmdb_id`, async () => {
      const out: LibraryItem[] = [];
      for (const part of chunk([...new Set(tmdbIds)])) {
        const rows: Array<{ ID: unknown; tmdb_id: unknown }> = await this.db(this.table(type)).select('ID', 'tmdb_id').whereIn('tmdb_id', part).orderBy('ID');
        out.push(...rows.map((r) => ({ type, postId: Number(r.ID), tmdbId: Number(r.tmdb_id) })));
      }
      return out.sort((a, b) => a.postId - b.postId);
    });
  }

  /** Which of these posts were synced at or after `since` (a restarted job uses it to skip finished work). */
  async syncedSince(type: LibraryType, postIds: readonly number[], since: Date): Promise<Set<number>> {
    return dbCall(`read ${TABLES[type]}.synced_at`, async () => {
      const out = new Set<number>();
      for (const part of chunk([...postIds])) {
        const rows: Array<{ ID: unknown }> = await this.db(this.table(type)).select('ID').whereIn('ID', part).andWhere('synced_at', '>=', since);
        for (const r of rows) out.add(Number(r.ID));
      }
      return out;
    });
  }

  /**
   * The fallback refresh when TMDb's changes lists cannot cover the gap: first
   * titles not out yet or released within ±`windowDays` and running series
   * (finished = '0'), then everything else; least recently synced first, at most `limit`.
   */
  /**
   * The oldest sync time among these types' rows. `oldest` is null when a row
   * was never synced by the sidecar (a legacy import), which needs a full look.
   */
  async oldestSyncedAt(types: readonly LibraryType[]): Promise<{ empty: boolean; oldest: Date | null }> {
    return dbCall('read the oldest synced_at', async () => {
      let oldest: Date | null = null;
      let rows = 0;
      for (const type of types) {
        const row: { n?: unknown; oldest?: unknown } | undefined = await this.withTmdbId(type).count({ n: '*' }).min({ oldest: 'synced_at' }).first();
        const unsynced: { n?: unknown } | undefined = await this.withTmdbId(type).whereNull('synced_at').count({ n: '*' }).first();
        rows += Number(row?.n ?? 0);
        if (Number(unsynced?.n ?? 0) > 0) return { empty: false, oldest: null };
        const at = toDate(row?.oldest);
        if (at && (!oldest || at < oldest)) oldest = at;
      }
      return { empty: rows === 0, oldest };
    });
  }

  async refreshCandidates(now: Date, limit: number, windowDays = 90): Promise<LibraryItem[]> {
    return dbCall('pick titles to refresh', async () => {
      const since = new Date(now.getTime() - windowDays * 86_400_000).toISOString().slice(0, 10);
      const priority: RankedItem[] = [];
      priority.push(...(await this.ranked('movie', limit, (q) => q.where('release_date', '>=', since).orWhereIn('status', UNRELEASED_STATUSES))));
      for (const type of ['tv', 'drama'] as const) {
        priority.push(...(await this.ranked(type, limit, (q) => q.whereIn('finished', [...RUNNING_SERIES_FLAGS]).orWhere('release_date', '>=', since))));
      }
      const picked = leastRecentFirst(priority).slice(0, limit);
      const remaining = limit - picked.length;
      if (remaining <= 0) return picked.map(unranked);
      const taken = new Set(picked.map(itemKey));
      const rest: RankedItem[] = [];
      for (const type of LIBRARY_TYPES) {
        // Over-fetch by what is already taken, so skipping those still leaves enough.
        const rows = await this.ranked(type, remaining + picked.filter((p) => p.type === type).length);
        rest.push(...rows.filter((r) => !taken.has(itemKey(r))));
      }
      return [...picked, ...leastRecentFirst(rest).slice(0, remaining)].map(unranked);
    });
  }

  private async ranked(type: LibraryType, limit: number, where?: (q: Knex.QueryBuilder) => void): Promise<RankedItem[]> {
    const q = this.withTmdbId(type).select('ID', 'tmdb_id', 'synced_at');
    if (where) q.andWhere((w) => where(w));
    const rows: Array<{ ID: unknown; tmdb_id: unknown; synced_at: unknown }> = await q
      .orderBy([
        { column: 'synced_at', order: 'asc' },
        { column: 'ID', order: 'asc' },
      ])
      .limit(limit);
    return rows.map((r) => ({ type, postId: Number(r.ID), tmdbId: Number(r.tmdb_id), syncedAt: toDate(r.synced_at) }));
  }
}

const itemKey = (item: LibraryItem) => `${item.type}:${item.postId}`;
const unranked = ({ type, postId, tmdbId }: RankedItem): LibraryItem => ({ type, postId, tmdbId });

/** Never-synced first, then oldest sync first; ties by type order and post ID (stable across runs). */
function leastRecentFirst(items: RankedItem[]): RankedItem[] {
  const time = (d: Date | null) => (d ? d.getTime() : -Infinity);
  return [...items].sort((a, b) => time(a.syncedAt) - time(b.syncedAt) || LIBRARY_TYPES.indexOf(a.type) - LIBRARY_TYPES.indexOf(b.type) || a.postId - b.postId);
}
