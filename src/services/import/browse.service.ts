import type { TmdbBrowseClient, TmdbBrowsePage, TmdbBrowseResult } from '../../clients/tmdb/tmdb-browse.client';
import type { TmdbGenreList } from '../../clients/tmdb/tmdb-extra.schemas';
import type { TmdbMovie, TmdbTv } from '../../clients/tmdb/tmdb.schema';
import { AppError, describeError, TmdbNotFoundError, ValidationError } from '../../errors';
import { discoverParams } from './browse-params';
import { BrowseItem, BrowsePage, BrowseQuery, MAX_PASTED_IDS, UnresolvedReference } from './browse.schema';
import type { LibraryLookup, TitleKind } from './library-lookup';
import { parseTmdbReferences, TmdbReference } from './tmdb-references';

/** TMDb never pages past 500. */
const MAX_PAGES = 500;

export interface BrowseDeps {
  browse: Pick<TmdbBrowseClient, 'list' | 'trending' | 'search' | 'discover' | 'findByImdbId'>;
  /** Details of pasted ids: the same cached request the sync makes next. */
  details: { getMovie(id: number): Promise<TmdbMovie>; getTv(id: number): Promise<TmdbTv> };
  genres: { getGenres(kind: TitleKind): Promise<TmdbGenreList> };
  keywords: { resolveExpression(expression: string): Promise<{ withKeywords: string }> };
  library: LibraryLookup;
  imageBaseUrl: string;
  /** ALLOW_ADULT: otherwise adult titles are never asked for, and dropped when TMDb sends them anyway. */
  allowAdult: boolean;
}

/** One page of a TMDb source, each title marked with whether (and as which post) the site has it. */
export class BrowseService {
  constructor(private readonly deps: BrowseDeps) {}

  async browse(q: BrowseQuery): Promise<BrowsePage> {
    const kind: TitleKind = q.type === 'movie' ? 'movie' : 'tv';
    if (q.source === 'ids') return this.pasted(kind, q.ids);
    const page = await this.fetch(kind, q);
    const results = page.results.filter((r) => this.deps.allowAdult || r.adult !== true);
    return {
      page: page.page,
      total_pages: Math.min(page.total_pages, MAX_PAGES),
      total_results: page.total_results,
      items: await this.present(kind, results),
    };
  }

  /** TMDb's genres of a kind, for the import screen's Genre select. */
  async genres(kind: TitleKind): Promise<Array<{ id: number; name: string }>> {
    const { genres } = await this.deps.genres.getGenres(kind);
    return genres.map((g) => ({ id: g.id, name: g.name }));
  }

  private fetch(kind: TitleKind, q: BrowseQuery): Promise<TmdbBrowsePage> {
    const { browse } = this.deps;
    switch (q.source) {
      case 'search':
        if (!q.query) throw new ValidationError('query is required to search', { field: 'query' });
        return browse.search(kind, q.query, { page: q.page, year: q.year, includeAdult: this.deps.allowAdult });
      case 'trending_day':
      case 'trending_week':
        return browse.trending(kind, q.source === 'trending_day' ? 'day' : 'week', q.page);
      case 'discover':
        return this.discover(kind, q);
      case 'keyword':
        if (!q.keyword) throw new ValidationError('keyword is required', { field: 'keyword' });
        return this.discover(kind, q, q.keyword);
      case 'ids':
        throw new ValidationError('ids are resolved one by one', { field: 'source' });
      default:
        return browse.list(kind, q.source, q.page);
    }
  }

  private async discover(kind: TitleKind, q: BrowseQuery, keyword?: string): Promise<TmdbBrowsePage> {
    const genreId = q.genre ? await this.genreId(kind, q.genre) : undefined;
    const withKeywords = keyword ? (/^\d+$/.test(keyword) ? keyword : (await this.deps.keywords.resolveExpression(keyword)).withKeywords) : undefined;
    return this.deps.browse.discover(kind, discoverParams(kind, q, { genreId, withKeywords, includeAdult: this.deps.allowAdult }), q.page);
  }

  private async genreId(kind: TitleKind, genre: string): Promise<number> {
    if (/^\d+$/.test(genre)) return Number(genre);
    const { genres } = await this.deps.genres.getGenres(kind);
    const found = genres.find((g) => g.name.toLowerCase() === genre.toLowerCase());
    if (!found) throw new ValidationError(`TMDb has no ${kind} genre named "${genre}"`, { field: 'genre' });
    return found.id;
  }

  /** Pasted ids, TMDb URLs and IMDb ids: one page, with what could not be resolved listed beside it. */
  private async pasted(kind: TitleKind, text: string | undefined): Promise<BrowsePage> {
    if (!text) throw new ValidationError('ids is required: TMDb ids, TMDb URLs or IMDb ids', { field: 'ids' });
    const refs = parseTmdbReferences(text, kind);
    if (refs.length > MAX_PASTED_IDS) throw new ValidationError(`at most ${MAX_PASTED_IDS} ids at a time`, { field: 'ids' });
    const found: Array<{ kind: TitleKind; result: TmdbBrowseResult }> = [];
    const unresolved: UnresolvedReference[] = [];
    for (const ref of refs) {
      try {
        const hit = await this.resolve(ref);
        if (hit.result.adult === true && !this.deps.allowAdult) unresolved.push({ input: ref.input, message: 'an adult title (ALLOW_ADULT is off)' });
        else if (!found.some((f) => f.kind === hit.kind && f.result.id === hit.result.id)) found.push(hit); // an IMDb id of a pasted TMDb id
      } catch (error) {
        if (!(error instanceof AppError) || error.retryable) throw error;
        unresolved.push({ input: ref.input, message: describeError(error) });
      }
    }
    const items: BrowseItem[] = [];
    for (const k of ['movie', 'tv'] as const) {
      const mine = found.filter((f) => f.kind === k).map((f) => f.result);
      items.push(...(await this.present(k, mine)));
    }
    const order = new Map(found.map((f, i) => [`${f.kind}:${f.result.id}`, i]));
    items.sort((a, b) => (order.get(`${a.type}:${a.tmdb_id}`) ?? 0) - (order.get(`${b.type}:${b.tmdb_id}`) ?? 0));
    return { page: 1, total_pages: 1, total_results: items.length, items, unresolved };
  }

  private async resolve(ref: TmdbReference): Promise<{ kind: TitleKind; result: TmdbBrowseResult }> {
    if (ref.kind === 'invalid') throw new ValidationError('not a TMDb id, TMDb URL or IMDb id', { field: 'ids' });
    if (ref.kind === 'tmdb') {
      const result: TmdbBrowseResult = ref.type === 'movie' ? await this.deps.details.getMovie(ref.tmdbId) : await this.deps.details.getTv(ref.tmdbId);
      return { kind: ref.type, result };
    }
    const hits = await this.deps.browse.findByImdbId(ref.imdbId);
    if (hits.movie_results[0]) return { kind: 'movie', result: hits.movie_results[0] };
    if (hits.tv_results[0]) return { kind: 'tv', result: hits.tv_results[0] };
    throw new TmdbNotFoundError(`TMDb knows no title with IMDb id ${ref.imdbId}`);
  }

  private async present(kind: TitleKind, results: TmdbBrowseResult[]): Promise<BrowseItem[]> {
    const owned = await this.deps.library.find(
      kind,
      results.map((r) => r.id),
    );
    const seen = new Set<number>();
    const items: BrowseItem[] = [];
    for (const r of results) {
      if (seen.has(r.id)) continue; // TMDb repeats a title across page edges when popularity shifts
      seen.add(r.id);
      const match = owned.get(r.id);
      const date = r.release_date || r.first_air_date || '';
      items.push({
        tmdb_id: r.id,
        type: kind,
        title: r.title || r.name || r.original_title || r.original_name || `#${r.id}`,
        year: /^\d{4}/.test(date) ? Number(date.slice(0, 4)) : null,
        poster_url: r.poster_path ? `${this.deps.imageBaseUrl}/w342${r.poster_path}` : null,
        vote_average: typeof r.vote_average === 'number' ? r.vote_average : null,
        in_library: match !== undefined,
        post_id: match?.postId ?? null,
        library_type: match?.type ?? null,
      });
    }
    return items;
  }
}
