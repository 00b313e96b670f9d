/** A pasted reference: a TMDb id (plain, or from a TMDb URL) or an IMDb title id. */
export type TmdbReference =
  { kind: 'tmdb'; input: string; type: 'movie' | 'tv'; tmdbId: number } | { kind: 'imdb'; input: string; imdbId: string } | { kind: 'invalid'; input: string };

const TMDB_URL = /themoviedb\.org\/(movie|tv)\/(\d+)/i;
const IMDB_ID = /(?:^|imdb\.com\/title\/)(tt\d{1,10})(?:\/|$|\?)/i;

/**
 * Splits pasted text (spaces, commas, new lines) into references. A plain
 * number is a TMDb id of `defaultType`; duplicates are dropped.
 */
export function parseTmdbReferences(text: string, defaultType: 'movie' | 'tv'): TmdbReference[] {
  const seen = new Set<string>();
  const out: TmdbReference[] = [];
  for (const input of text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean)) {
    const ref = parseOne(input, defaultType);
    const key = ref.kind === 'tmdb' ? `${ref.type}:${ref.tmdbId}` : ref.kind === 'imdb' ? ref.imdbId : `?${input}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(ref);
  }
  return out;
}

function parseOne(input: string, defaultType: 'movie' | 'tv'): TmdbReference {
  if (/^\d{1,9}$/.test(input) && Number(input) > 0) return { kind: 'tmdb', input, type: defaultType, tmdbId: Number(input) };
  const url = TMDB_URL.exec(input);
  if (url && Number(url[2]) > 0) return { kind: 'tmdb', input, type: url[1].toLowerCase() as 'movie' | 'tv', tmdbId: Number(url[2]) };
  const imdb = IMDB_ID.exec(input);
  if (imdb) return { kind: 'imdb', input, imdbId: imdb[1].toLowerCase() };
  return { kind: 'invalid', input };
}
