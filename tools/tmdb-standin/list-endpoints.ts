import type { CatalogueRecord } from './fixture-catalogue';
import type { Json } from './fixture-store';
import { summarize } from './summary-index';
import { isAdultSynthetic } from './synthetic-ids';
import type { TmdbCatalogue } from './tmdb-catalogue';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type ChangesKind = 'movie' | 'tv' | 'person';
type ListKind = 'movie' | 'tv';

const PAGE_SIZE = 20;
const CHANGES_PAGE_SIZE = 100;
const MAX_CHANGES_DAYS = 14;
const SYNTHETIC_PATTERN = /^synthetic (movie|series|person) (\d+)$/i;

/**
 * Test controls of /discover (reach them with discoverControls(standin.catalogue)):
 * TMDb's answers change over time, and a list refresh has to cope with that.
 */
export interface DiscoverControls {
  /** These titles no longer match any discovery (as if they had lost their keywords). */
  hide(kind: ListKind, ids: number[]): void;
  /** These titles come first, in this order, in every discovery they match (as if they had become the most popular). */
  promote(kind: ListKind, ids: number[]): void;
  reset(): void;
}

class DiscoverState implements DiscoverControls {
  readonly hidden: Record<ListKind, Set<number>> = { movie: new Set(), tv: new Set() };
  promoted: Record<ListKind, number[]> = { movie: [], tv: [] };

  hide(kind: ListKind, ids: number[]): void {
    for (const id of ids) this.hidden[kind].add(id);
  }

  promote(kind: ListKind, ids: number[]): void {
    this.promoted[kind] = [...ids];
  }

  reset(): void {
    this.hidden.movie.clear();
    this.hidden.tv.clear();
    this.promoted = { movie: [], tv: [] };
  }
}

/** One set of controls per stand-in (keyed by its catalogue, which the stand-in hands out). */
const CONTROLS = new WeakMap<TmdbCatalogue, DiscoverState>();

export function discoverControls(catalogue: TmdbCatalogue): DiscoverControls {
  return controlsOf(catalogue);
}

function controlsOf(catalogue: TmdbCatalogue): DiscoverState {
  let state = CONTROLS.get(catalogue);
  if (!state) {
    state = new DiscoverState();
    CONTROLS.set(catalogue, state);
  }
  return state;
}

/** Adult synthetic titles give include_adult something to filter. */
export { isAdultSynthetic };

/** Search, discover, keyword and changes lists: paged like TMDb, built from the catalogue. */
export class ListEndpoints {
  private readonly changes = new Map<ChangesKind, number[]>();
  private readonly controls: DiscoverState;
  private recordedKeywordSearches?: Map<string, string>;

  constructor(
    private readonly catalogue: TmdbCatalogue,
    private readonly syntheticSize: number,
  ) {
    this.controls = controlsOf(catalogue);
  }

  setChanges(kind: ChangesKind, ids: number[]): void {
    this.changes.set(kind, [...ids]);
  }

  changesPage(kind: ChangesKind, q: URLSearchParams): Reply {
    const page = parsePage(q);
    if (typeof page !== 'number') return page;
    const start = q.get('start_date');
    const end = q.get('end_date');
    if (start && end && (Date.parse(end) - Date.parse(start)) / 86_400_000 > MAX_CHANGES_DAYS) {
      return { status: 422, body: this.catalogue.store.read('error/adamayoung-error-20-invalid-date-range.json') };
    }
    const ids = this.changes.get(kind);
    const items = ids ? ids.map((id) => ({ id, adult: false })) : this.catalogue.store.read<Json[]>(`changes/18months-${kind}-changes-list.json#results`);
    return { status: 200, body: paginate(items, page, CHANGES_PAGE_SIZE) };
  }

  search(kind: ListKind | 'person' | 'multi', q: URLSearchParams): Reply {
    const page = parsePage(q);
    if (typeof page !== 'number') return page;
    const query = q.get('query')?.trim();
    if (!query) return { status: 422, body: this.catalogue.store.read('error/jdrouet-error-422-query-must-be-provided.json') };
    const kinds = kind === 'multi' ? (['movie', 'tv', 'person'] as const) : [kind];
    const results = kinds.flatMap((k) => {
      const hits = [...this.syntheticHit(k, query), ...this.catalogue.summaries().search(k, query)];
      return kind === 'multi' ? hits.map((h) => ({ ...h, media_type: k })) : hits;
    });
    if (kind === 'multi') results.sort((a, b) => Number(b.popularity ?? 0) - Number(a.popularity ?? 0));
    return { status: 200, body: paginate(dedupe(results), page, PAGE_SIZE) };
  }

  searchKeyword(q: URLSearchParams): Reply {
    const page = parsePage(q);
    if (typeof page !== 'number') return page;
    const query = q.get('query')?.trim();
    if (!query) return { status: 422, body: this.catalogue.store.read('error/jdrouet-error-422-query-must-be-provided.json') };
    // A query TMDb was recorded answering (e.g. "disney") gets the recorded answer, in TMDb's own order.
    const recorded = this.recordedKeywordSearch(query);
    if (recorded) return { status: 200, body: paginate(this.catalogue.store.read<Json[]>(`${recorded}#results`), page, PAGE_SIZE) };
    return { status: 200, body: paginate(this.catalogue.summaries().searchKeywords(query), page, PAGE_SIZE) };
  }

  /**
   * Honours with_keywords (',' = all, '|' = any), include_adult, vote_count.gte, vote_average.gte,
   * with_original_language, with_origin_country, the release/air date ranges and sort_by
   * (default popularity.desc); other parameters are accepted and ignored. Deterministic per query.
   */
  discover(kind: ListKind, q: URLSearchParams): Reply {
    const page = parsePage(q);
    if (typeof page !== 'number') return page;
    const raw = q.get('with_keywords');
    const keywordIds = raw ? raw.split(/[|,]/).map(Number).filter(Number.isInteger) : [];
    const ids = keywordIds.length ? this.keywordTitles(kind, keywordIds, raw?.includes(',') ?? false) : this.allTitles(kind);
    const hidden = this.controls.hidden[kind];
    const matching = ids
      .filter((id) => !hidden.has(id))
      .map((id) => (kind === 'movie' ? this.catalogue.movie(id) : this.catalogue.tv(id)))
      .filter((r): r is CatalogueRecord => !!r)
      .map((r) => this.summary(kind, r))
      .filter(discoverFilter(kind, q));
    const sorted = promote(sortResults(matching, kind, q.get('sort_by') ?? 'popularity.desc'), this.controls.promoted[kind]);
    return { status: 200, body: paginate(sorted, page, PAGE_SIZE) };
  }

  keywordMovies(keywordId: number, q: URLSearchParams): Reply {
    const params = new URLSearchParams(q);
    params.set('with_keywords', String(keywordId));
    const reply = this.discover('movie', params);
    return reply.status === 200 ? { ...reply, body: { id: keywordId, ...(reply.body as Json) } } : reply;
  }

  private summary(kind: ListKind, rec: CatalogueRecord): Json {
    const s = summarize(rec);
    return rec.synthetic && isAdultSynthetic(kind, rec.base.id as number) ? { ...s, adult: true } : s;
  }

  private recordedKeywordSearch(query: string): string | undefined {
    if (!this.recordedKeywordSearches) {
      this.recordedKeywordSearches = new Map();
      for (const file of this.catalogue.store.list('search')) {
        const m = /-search-keyword-([a-z0-9-]+)\.json$/.exec(file);
        if (m && !this.recordedKeywordSearches.has(m[1])) this.recordedKeywordSearches.set(m[1], file);
      }
    }
    return this.recordedKeywordSearches.get(query.trim().toLowerCase());
  }

  private syntheticHit(kind: 'movie' | 'tv' | 'person', query: string): Json[] {
    const m = SYNTHETIC_PATTERN.exec(query);
    const wanted = m && { movie: 'movie', series: 'tv', person: 'person' }[m[1].toLowerCase()];
    if (!m || wanted !== kind) return [];
    const rec = kind === 'movie' ? this.catalogue.movie(+m[2]) : kind === 'tv' ? this.catalogue.tv(+m[2]) : this.catalogue.person(+m[2]);
    return rec ? [summarize(rec)] : [];
  }

  /** Recorded titles first (most popular first), then synthetic ids. */
  private allTitles(kind: ListKind): number[] {
    const recorded = this.recordedByPopularity(kind);
    const synthetic: number[] = [];
    for (let id = 10_001; synthetic.length < this.syntheticSize; id += 7) {
      if (!this.catalogue.fixtures.has(kind, id) && !this.catalogue.isMissing(id)) synthetic.push(id);
    }
    return [...recorded, ...synthetic];
  }

  /** Synthetic title t's first keyword is pool[t % pool.length], which makes "titles with keyword k" enumerable. */
  private keywordTitles(kind: ListKind, keywordIds: number[], all: boolean): number[] {
    const pool = this.catalogue.keywordPool();
    const has = (rec: CatalogueRecord | undefined) => {
      const kw = rec?.parts.keywords as Json | undefined;
      const ids = (((kw?.keywords ?? kw?.results) as Json[] | undefined) ?? []).map((k) => k.id);
      return all ? keywordIds.every((k) => ids.includes(k)) : keywordIds.some((k) => ids.includes(k));
    };
    const record = (id: number) => (kind === 'movie' ? this.catalogue.movie(id) : this.catalogue.tv(id));
    const out = this.recordedByPopularity(kind).filter((id) => has(record(id)));
    const seen = new Set(out);
    for (const k of keywordIds) {
      const index = pool.findIndex((p) => p.id === k);
      if (index < 0) continue;
      // Bounded by syntheticSize candidates: an AND of keywords may match few of them.
      for (let t = 1; t <= this.syntheticSize; t += 1) {
        const id = index + t * pool.length;
        if (this.catalogue.isMissing(id)) break;
        if (seen.has(id) || this.catalogue.fixtures.has(kind, id) || (all && !has(record(id)))) continue;
        seen.add(id);
        out.push(id);
      }
    }
    return out;
  }

  private recordedByPopularity(kind: ListKind): number[] {
    return this.catalogue.fixtures
      .ids(kind)
      .map((id) => (kind === 'movie' ? this.catalogue.movie(id) : this.catalogue.tv(id)))
      .filter((r): r is CatalogueRecord => !!r)
      .sort((a, b) => Number(b.base.popularity ?? 0) - Number(a.base.popularity ?? 0))
      .map((r) => r.base.id as number);
  }
}

const DATE_FIELDS: Record<ListKind, { field: string; params: string[] }> = {
  movie: { field: 'release_date', params: ['primary_release_date', 'release_date'] },
  tv: { field: 'first_air_date', params: ['first_air_date', 'air_date'] },
};

function discoverFilter(kind: ListKind, q: URLSearchParams): (item: Json) => boolean {
  const adult = q.get('include_adult') === 'true';
  const minVotes = Number(q.get('vote_count.gte') ?? 0);
  const minAverage = Number(q.get('vote_average.gte') ?? 0);
  const language = q.get('with_original_language');
  const country = q.get('with_origin_country');
  const dates = DATE_FIELDS[kind];
  const from = dates.params.map((p) => q.get(`${p}.gte`)).find(Boolean);
  const to = dates.params.map((p) => q.get(`${p}.lte`)).find(Boolean);
  return (item) => {
    const date = String(item[dates.field] ?? '');
    if (!adult && item.adult === true) return false;
    if (Number(item.vote_count ?? 0) < minVotes || Number(item.vote_average ?? 0) < minAverage) return false;
    if (language && item.original_language !== language) return false;
    if (country && !((item.origin_country as string[] | undefined) ?? []).includes(country)) return false;
    if ((from || to) && !date) return false;
    return !(from && date < from) && !(to && date > to);
  };
}

/** Stable sort on popularity, vote_average, vote_count or the release/air date. */
function sortResults(items: Json[], kind: ListKind, sortBy: string): Json[] {
  const [field, direction] = sortBy.split('.');
  const key = ['primary_release_date', 'release_date', 'first_air_date'].includes(field) ? DATE_FIELDS[kind].field : field;
  if (!['popularity', 'vote_average', 'vote_count', DATE_FIELDS[kind].field].includes(key)) return items;
  const sign = direction === 'asc' ? 1 : -1;
  const value = (i: Json) => (key.endsWith('date') ? String(i[key] ?? '') : Number(i[key] ?? 0));
  return [...items].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return x === y ? 0 : x < y ? -sign : sign;
  });
}

function promote(items: Json[], first: number[]): Json[] {
  if (first.length === 0) return items;
  const byId = new Map(items.map((i) => [i.id as number, i]));
  const head = first.map((id) => byId.get(id)).filter((i): i is Json => !!i);
  const lifted = new Set(head.map((i) => i.id));
  return [...head, ...items.filter((i) => !lifted.has(i.id))];
}

function parsePage(q: URLSearchParams): number | Reply {
  const raw = q.get('page') ?? '1';
  const page = Number(raw);
  if (!Number.isInteger(page) || page < 1 || page > 500) {
    return {
      status: 400,
      body: { status_code: 22, status_message: 'Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.', success: false },
    };
  }
  return page;
}

function paginate(items: Json[], page: number, size: number): Json {
  const start = (page - 1) * size;
  return { page, results: items.slice(start, start + size), total_pages: Math.ceil(items.length / size), total_results: items.length };
}

function dedupe(items: Json[]): Json[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${String(i.media_type ?? '')}:${String(i.id)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
