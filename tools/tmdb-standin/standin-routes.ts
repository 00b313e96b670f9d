import { BrowseEndpoints } from './browse-endpoints';
import { composeResponse } from './compose-response';
import type { CatalogueRecord } from './fixture-catalogue';
import type { Json } from './fixture-store';
import type { ChangesKind, ListEndpoints, Reply } from './list-endpoints';
import type { TmdbCatalogue } from './tmdb-catalogue';

export interface RouteContext {
  catalogue: TmdbCatalogue;
  lists: ListEndpoints;
  imageBaseUrl: string;
}

type Handler = (m: RegExpExecArray, q: URLSearchParams) => Reply;

/** TMDb v3 GET routes under /3; answers with recorded or synthetic bodies. */
export function createApiRouter(ctx: RouteContext): (pathname: string, q: URLSearchParams) => Reply {
  const { catalogue, lists, store } = { ...ctx, store: ctx.catalogue.store };
  const notFound = (): Reply => ({ status: 404, body: store.read('error/tmdblib-error-34-movie-999999999.json') });
  const details = (rec: CatalogueRecord | undefined, q: URLSearchParams, rawId: string): Reply => {
    if (Number(rawId) === 0) return { status: 404, body: store.read('error/krelinga-error-6-invalid-id-movie-0.json') };
    if (!rec) return notFound();
    const appends = (q.get('append_to_response') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const imageLanguages = q.get('include_image_language')?.split(',').filter(Boolean);
    return { status: 200, body: composeResponse(rec, { appends, language: q.get('language') ?? undefined, imageLanguages }) };
  };
  const changes =
    (kind: ChangesKind): Handler =>
    (_m, q) =>
      lists.changesPage(kind, q);
  // The sub-resource route answers what `append_to_response=watch/providers` appends, with the title's id.
  const watchProviders = (rec: CatalogueRecord | undefined, rawId: string): Reply => {
    if (!rec) return notFound();
    const body = composeResponse(rec, { appends: ['watch/providers'] });
    return { status: 200, body: { id: Number(rawId), ...(body['watch/providers'] as Json) } };
  };

  const routes: Array<[RegExp, Handler]> = [
    [/^\/movie\/changes$/, changes('movie')],
    [/^\/tv\/changes$/, changes('tv')],
    [/^\/person\/changes$/, changes('person')],
    [/^\/movie\/(\d+)$/, (m, q) => details(catalogue.movie(+m[1]), q, m[1])],
    [/^\/tv\/(\d+)$/, (m, q) => details(catalogue.tv(+m[1]), q, m[1])],
    [/^\/movie\/(\d+)\/watch\/providers$/, (m) => watchProviders(catalogue.movie(+m[1]), m[1])],
    [/^\/tv\/(\d+)\/watch\/providers$/, (m) => watchProviders(catalogue.tv(+m[1]), m[1])],
    [/^\/tv\/(\d+)\/season\/(\d+)$/, (m, q) => details(catalogue.season(+m[1], +m[2]), q, m[1])],
    [/^\/person\/(\d+)$/, (m, q) => details(catalogue.person(+m[1]), q, m[1])],
    [/^\/search\/(movie|tv|person|multi)$/, (m, q) => lists.search(m[1] as 'movie' | 'tv' | 'person' | 'multi', q)],
    [/^\/search\/keyword$/, (_m, q) => lists.searchKeyword(q)],
    [/^\/discover\/(movie|tv)$/, (m, q) => lists.discover(m[1] as 'movie' | 'tv', q)],
    [/^\/keyword\/(\d+)\/movies$/, (m, q) => lists.keywordMovies(+m[1], q)],
    [/^\/keyword\/(\d+)$/, (m) => keyword(+m[1])],
    [/^\/genre\/(movie|tv)\/list$/, (m) => ({ status: 200, body: { genres: catalogue.genres(m[1] as 'movie' | 'tv') } })],
    ...new BrowseEndpoints(catalogue, lists).routes(),
    [/^\/configuration$/, () => ({ status: 200, body: configuration() })],
    [/^\/authentication$/, () => ({ status: 200, body: store.read('other/ceg-authentication-validate-key-success.json') })],
  ];

  function keyword(id: number): Reply {
    const name = catalogue.summaries().keyword(id);
    return name ? { status: 200, body: { id, name } } : notFound();
  }

  function configuration(): Json {
    const body = store.read('configuration/tmdblib-configuration.json');
    // Point image URLs at the stand-in so a client that trusts /configuration stays local.
    body.images = { ...(body.images as Json), base_url: `${ctx.imageBaseUrl}/`, secure_base_url: `${ctx.imageBaseUrl}/` };
    return body;
  }

  return (pathname, q) => {
    for (const [pattern, handle] of routes) {
      const m = pattern.exec(pathname);
      if (m) return handle(m, q);
    }
    return notFound();
  };
}
