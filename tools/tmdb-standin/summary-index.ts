import type { CatalogueRecord } from './fixture-catalogue';
import type { FixtureStore, Json } from './fixture-store';

export type SummaryKind = 'movie' | 'tv' | 'person';

/** Recorded list results (search, discover, trending) by kind and id, plus the keywords TMDb recordings mention. */
export class SummaryIndex {
  private readonly byKind: Record<SummaryKind, Map<number, Json>> = { movie: new Map(), tv: new Map(), person: new Map() };
  private readonly keywords = new Map<number, string>();

  constructor(store: FixtureStore, records: CatalogueRecord[]) {
    for (const rec of records) this.addRecord(rec);
    for (const file of [...store.list('search'), ...store.list('discover'), ...store.list('keyword'), ...store.list('other')]) {
      const kind = fileKind(file);
      if (!kind) continue;
      const body = store.read(file);
      if (kind === 'keyword') {
        const items = Array.isArray(body.results) ? (body.results as Json[]) : [body];
        for (const k of items) this.addKeyword(k);
        continue;
      }
      for (const item of (body.results as Json[] | undefined) ?? []) {
        const itemKind = kind === 'mixed' ? (item.media_type as SummaryKind | undefined) : kind;
        if (itemKind === 'movie' || itemKind === 'tv' || itemKind === 'person') this.add(itemKind, item);
      }
    }
  }

  get(kind: SummaryKind, id: number): Json | undefined {
    return this.byKind[kind].get(id);
  }

  /** Case-insensitive substring match on titles and names, most popular first. */
  search(kind: SummaryKind, query: string): Json[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const hits = [...this.byKind[kind].values()].filter((s) =>
      ['title', 'name', 'original_title', 'original_name'].some((f) =>
        String(s[f] ?? '')
          .toLowerCase()
          .includes(q),
      ),
    );
    return hits.sort((a, b) => Number(b.popularity ?? 0) - Number(a.popularity ?? 0));
  }

  searchKeywords(query: string): Json[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    return [...this.keywords]
      .filter(([, name]) => name.toLowerCase().includes(q))
      .sort(([, a], [, b]) => a.length - b.length || a.localeCompare(b))
      .map(([id, name]) => ({ id, name }));
  }

  keyword(id: number): string | undefined {
    return this.keywords.get(id);
  }

  keywordIds(): number[] {
    return [...this.keywords.keys()].sort((a, b) => a - b);
  }

  private addRecord(rec: CatalogueRecord): void {
    if (rec.kind === 'season') return;
    this.add(rec.kind, summarize(rec));
    const kw = rec.parts.keywords as Json | undefined;
    for (const k of ((kw?.keywords ?? kw?.results) as Json[] | undefined) ?? []) this.addKeyword(k);
  }

  private add(kind: SummaryKind, item: Json): void {
    if (typeof item.id !== 'number' || this.byKind[kind].has(item.id)) return;
    const name = kind === 'movie' ? item.title : item.name;
    if (typeof name !== 'string' || !name) return;
    this.byKind[kind].set(item.id, item);
  }

  private addKeyword(k: Json): void {
    if (typeof k.id === 'number' && typeof k.name === 'string' && !this.keywords.has(k.id)) this.keywords.set(k.id, k.name);
  }
}

/** What a record looks like in a search or discover result. */
export function summarize(rec: CatalogueRecord): Json {
  const b = rec.base;
  if (rec.kind === 'person') {
    return {
      id: b.id,
      name: b.name,
      original_name: b.name,
      adult: b.adult ?? false,
      gender: b.gender ?? 0,
      known_for_department: b.known_for_department ?? 'Acting',
      popularity: b.popularity ?? 0,
      profile_path: b.profile_path ?? null,
      known_for: [],
    };
  }
  const genreIds = ((b.genres as Json[] | undefined) ?? []).map((g) => g.id);
  const common = {
    id: b.id,
    adult: b.adult ?? false,
    backdrop_path: b.backdrop_path ?? null,
    poster_path: b.poster_path ?? null,
    genre_ids: genreIds,
    original_language: b.original_language ?? 'en',
    overview: b.overview ?? '',
    popularity: b.popularity ?? 0,
    vote_average: b.vote_average ?? 0,
    vote_count: b.vote_count ?? 0,
  };
  return rec.kind === 'movie'
    ? { ...common, title: b.title, original_title: b.original_title ?? b.title, release_date: b.release_date ?? '', video: false }
    : { ...common, name: b.name, original_name: b.original_name ?? b.name, first_air_date: b.first_air_date ?? '', origin_country: b.origin_country ?? [] };
}

function fileKind(file: string): SummaryKind | 'mixed' | 'keyword' | undefined {
  const name = file.split('/')[1];
  if (/collection|company|error|-id-|certification|watch-providers|genre|account|review|credit|network|episode-group|find/.test(name)) {
    return undefined;
  }
  if (file.startsWith('keyword/')) return name.includes('-movies') ? 'movie' : 'keyword';
  if (/-keyword[-.]/.test(name)) return 'keyword';
  if (/-multi-|trending-all/.test(name)) return 'mixed';
  if (/-movie/.test(name)) return 'movie';
  if (/-tv/.test(name)) return 'tv';
  if (/-person[-.]/.test(name)) return 'person';
  return undefined;
}
