/**
 * Hostile TMDb text for the admin displays: strings a stranger could type into TMDb, a TMDb stand-in
 * rewrite that serves them in the lists, the genre lists, a movie, a series and its first season,
 * and what the rewrite served, so a test can compare what a screen shows with what TMDb sent.
 */
import { encodeHtmlText } from '../../../src/mappers/tmdb-text.mapper';

/** Each one makes an element or runs `window.__pwned=1` when a page prints it as HTML. */
export const PWNED = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '<script>window.__pwned=1</script>',
  svg: '"><svg onload=window.__pwned=1>',
  traversal: '../../../wp-config',
  rlo: '\u202Egpj.exe',
  /** Japanese and Arabic around markup: multibyte text must reach the screen whole, as text. */
  cjk: '千と千尋の神隠し <b onmouseover="window.__pwned=1">東京物語</b> \u0627\u0644\u0641\u064A\u0644\u0645',
} as const;

/** A title of more than 1,000 characters, with markup at both ends: long text is neither cut into markup nor dropped. */
export const LONG_TITLE = `${PWNED.svg} ${'東京物語 Tokyo Story '.repeat(60)}${PWNED.img}`;

const PAYLOADS = Object.values(PWNED);

/** Elements a payload makes when printed as HTML (an injected script is found by its text, see injectedScripts). */
export const INJECTED = 'img[src="x"], svg[onload], [onerror*="__pwned"], [onload*="__pwned"]';

/** A page script that counts the script elements a payload made (inline JSON that quotes one is not one). */
export const INJECTED_SCRIPTS = `Array.from(document.scripts).filter((s) => s.text.trim() === 'window.__pwned=1').length`;

/** A hostile text: the payload in front of the words TMDb had. */
function hostileText(index: number, words: string): string {
  return `${PAYLOADS[index % PAYLOADS.length]} ${words}`;
}

/** What esc_html() prints for a plain text (the same five entities the sidecar's text rule uses). */
export function escaped(text: string): string {
  return encodeHtmlText(text);
}

type Json = Record<string, any>;

/** A browse card as served: the title and what the rewrite did to the date and poster. */
export interface ServedCard {
  title: string;
  releaseDate: string;
  posterPath: string | null;
}

export interface HostileServed {
  /** Browse cards by TMDb id. */
  cards: Map<number, ServedCard>;
  genres: Record<'movie' | 'tv', Array<{ id: number; name: string }>>;
  movieTitle: string;
  seriesName: string;
  /** Episode names of season 1 by episode number. */
  episodes: Map<number, string>;
}

export interface HostileRewriteOptions {
  movieId: number;
  seriesId: number;
  /** The list whose first cards turn hostile ("/movie/popular"); its first card becomes `movieId`. */
  listPath: string;
  cards: number;
}

/** Card i of the list: a hostile title, one with a hostile date, one with a hostile poster path, one with a title of 1,000+ characters. */
function hostileCard(result: Json, index: number, options: HostileRewriteOptions, served: HostileServed): Json {
  const id = index === 0 ? options.movieId : Number(result.id);
  const card = {
    ...result,
    id,
    title: index === 3 ? LONG_TITLE : hostileText(index, String(result.title ?? `#${id}`)),
    original_title: hostileText(index + 1, String(result.original_title ?? '')),
    overview: hostileText(index + 2, String(result.overview ?? '')),
    release_date: index === 1 ? PWNED.img : String(result.release_date ?? ''),
    poster_path: index === 2 ? `/${PWNED.svg}.jpg` : (result.poster_path ?? null),
  };
  served.cards.set(id, { title: card.title, releaseDate: card.release_date, posterPath: card.poster_path });
  return card;
}

/** The stand-in rewrite, and what it served (filled as TMDb is asked). */
export function hostileDisplaysRewrite(options: HostileRewriteOptions): { rewrite: (path: string, body: unknown) => unknown; served: HostileServed } {
  const served: HostileServed = { cards: new Map(), genres: { movie: [], tv: [] }, movieTitle: '', seriesName: '', episodes: new Map() };
  const rewrite = (path: string, raw: unknown): unknown => {
    const body = raw as Json;
    if (path === options.listPath) {
      // Adult titles never reach a card (the sidecar drops them): the first cards TMDb's list shows turn hostile.
      const shown = (body.results as Json[]).filter((r) => r.adult !== true).slice(0, options.cards);
      return { ...body, results: (body.results as Json[]).map((r) => (shown.includes(r) ? hostileCard(r, shown.indexOf(r), options, served) : r)) };
    }
    const genres = /^\/genre\/(movie|tv)\/list$/.exec(path);
    if (genres) {
      const kind = genres[1] as 'movie' | 'tv';
      served.genres[kind] = (body.genres as Json[]).map((g, i) => ({ id: Number(g.id), name: hostileText(i, String(g.name)) }));
      return { ...body, genres: served.genres[kind] };
    }
    if (path === `/movie/${options.movieId}`) {
      // No bare quote outside a tag: get_the_title() would curl it (WordPress's texturize), which is not the sidecar's to change.
      served.movieTitle = `${PWNED.img} ${String(body.title)}`;
      return { ...body, title: served.movieTitle };
    }
    if (path === `/tv/${options.seriesId}`) {
      served.seriesName = `${PWNED.script} ${String(body.name)}`;
      return { ...body, name: served.seriesName };
    }
    if (path === `/tv/${options.seriesId}/season/1`) {
      const episodes = (body.episodes as Json[]).map((e, i): Json => ({ ...e, name: hostileText(i, String(e.name)) }));
      for (const e of episodes) served.episodes.set(Number(e.episode_number), String(e.name));
      return { ...body, episodes };
    }
    return body;
  };
  return { rewrite, served };
}
