import type { CatalogueRecord } from './fixture-catalogue';
import type { Json } from './fixture-store';
import type { ListEndpoints, Reply } from './list-endpoints';
import { summarize } from './summary-index';
import { hash32 } from './synthetic-ids';
import type { TmdbCatalogue } from './tmdb-catalogue';

type Kind = 'movie' | 'tv';
const PAGE_SIZE = 20;
/** Synthetic titles carry IMDb ids tt(90000000 + id) for movies and tt(80000000 + id) for series. */
const SYNTHETIC_IMDB_BASE: Record<Kind, number> = { movie: 90_000_000, tv: 80_000_000 };
const EMPTY_FIND = { movie_results: [], person_results: [], tv_results: [], tv_episode_results: [], tv_season_results: [] };

/**
 * TMDb's browse lists, built from the same catalogue as /discover:
 * /{kind}/popular and /top_rated (by popularity, by rating), /trending/{kind}/{day|week},
 * /movie/now_playing, /movie/upcoming, /tv/airing_today, /tv/on_the_air (a
 * deterministic shuffle) and /find/{imdb id}. Like TMDb, these lists take no
 * include_adult: adult titles come through, and clients must drop them.
 */
export class BrowseEndpoints {
  constructor(
    private readonly catalogue: TmdbCatalogue,
    private readonly lists: ListEndpoints,
  ) {}

  routes(): Array<[RegExp, (m: RegExpExecArray, q: URLSearchParams) => Reply]> {
    return [
      [/^\/(movie|tv)\/(popular|top_rated)$/, (m, q) => this.ranked(m[1] as Kind, m[2] === 'popular' ? 'popularity.desc' : 'vote_average.desc', q)],
      [/^\/movie\/(now_playing|upcoming)$/, (m, q) => this.calendar('movie', m[1], q)],
      [/^\/tv\/(airing_today|on_the_air)$/, (m, q) => this.calendar('tv', m[1], q)],
      [/^\/trending\/(movie|tv)\/(day|week)$/, (m, q) => this.trending(m[1] as Kind, m[2], q)],
      [/^\/find\/([^/]+)$/, (m, q) => this.find(decodeURIComponent(m[1]), q)],
    ];
  }

  private ranked(kind: Kind, sortBy: string, q: URLSearchParams): Reply {
    const params = new URLSearchParams({ sort_by: sortBy, include_adult: 'true', page: q.get('page') ?? '1' });
    return this.lists.discover(kind, params);
  }

  private calendar(kind: Kind, list: string, q: URLSearchParams): Reply {
    const all = this.shuffled(kind, list).filter((item) => hash32(`${list}:member:${item.id as number}`) % 3 === 0);
    const reply = this.page(all, q);
    if (reply.status !== 200 || kind !== 'movie') return reply;
    return { ...reply, body: { dates: { minimum: '2026-11-01', maximum: '2026-12-31' }, ...(reply.body as Json) } };
  }

  private trending(kind: Kind, window: string, q: URLSearchParams): Reply {
    return this.page(
      this.shuffled(kind, `trending:${window}`).map((item) => ({ ...item, media_type: kind })),
      q,
    );
  }

  /** Every title /discover knows, in an order that depends only on the list name. */
  private shuffled(kind: Kind, seed: string): Json[] {
    const all: Json[] = [];
    const params = new URLSearchParams({ include_adult: 'true' });
    for (let page = 1; ; page += 1) {
      params.set('page', String(page));
      const body = this.lists.discover(kind, params).body as { results: Json[]; total_pages: number };
      all.push(...body.results);
      if (page >= body.total_pages) break;
    }
    return all
      .map((item) => ({ item, rank: hash32(`${seed}:${item.id as number}`) }))
      .sort((a, b) => a.rank - b.rank)
      .map((r) => r.item);
  }

  private page(items: Json[], q: URLSearchParams): Reply {
    const page = Number(q.get('page') ?? '1');
    if (!Number.isInteger(page) || page < 1 || page > 500) {
      return { status: 400, body: { status_code: 22, status_message: 'Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.', success: false } };
    }
    const start = (page - 1) * PAGE_SIZE;
    return { status: 200, body: { page, results: items.slice(start, start + PAGE_SIZE), total_pages: Math.ceil(items.length / PAGE_SIZE), total_results: items.length } };
  }

  /** /find by IMDb id: recorded titles by their recorded id, synthetic ones by their id pattern; unknown ids find nothing (200, empty lists). */
  private find(externalId: string, q: URLSearchParams): Reply {
    if (q.get('external_source') !== 'imdb_id') {
      return { status: 400, body: { success: false, status_code: 5, status_message: 'Invalid parameters: Your request parameters are incorrect.' } };
    }
    const found = this.findRecorded(externalId) ?? this.findSynthetic(externalId);
    if (!found) return { status: 200, body: EMPTY_FIND };
    const key = found.kind === 'movie' ? 'movie_results' : 'tv_results';
    return { status: 200, body: { ...EMPTY_FIND, [key]: [{ ...summarize(found.rec), media_type: found.kind }] } };
  }

  private findRecorded(imdbId: string): { kind: Kind; rec: CatalogueRecord } | undefined {
    for (const kind of ['movie', 'tv'] as const) {
      for (const id of this.catalogue.fixtures.ids(kind)) {
        const rec = kind === 'movie' ? this.catalogue.movie(id) : this.catalogue.tv(id);
        const ids = rec?.parts.external_ids as Json | undefined;
        if (rec && (rec.base.imdb_id === imdbId || ids?.imdb_id === imdbId)) return { kind, rec };
      }
    }
    return undefined;
  }

  private findSynthetic(imdbId: string): { kind: Kind; rec: CatalogueRecord } | undefined {
    const n = /^tt(\d+)$/.exec(imdbId);
    if (!n) return undefined;
    for (const kind of ['movie', 'tv'] as const) {
      const id = Number(n[1]) - SYNTHETIC_IMDB_BASE[kind];
      if (id <= 0 || id >= 10_000_000 || this.catalogue.fixtures.has(kind, id)) continue;
      const rec = kind === 'movie' ? this.catalogue.movie(id) : this.catalogue.tv(id);
      if (rec?.synthetic) return { kind, rec };
    }
    return undefined;
  }
}
