import type { RecordKind } from './fixture-sources';
import type { Json } from './fixture-store';

/**
 * What TMDb does with `language=xx-YY`: translated text where a translation
 * exists; otherwise the title/name stays as recorded and the longer texts
 * (overview, tagline, biography) come back empty. That emptiness is what the
 * client's English fallback exists for.
 */
export function applyLanguage(kind: RecordKind, payload: Json, translations: Json[] | undefined, language?: string): Json {
  const lang = language?.slice(0, 2).toLowerCase();
  if (!lang || lang === 'en') return payload;
  const region = language?.slice(3, 5).toUpperCase();
  const matches = (translations ?? []).filter((t) => t.iso_639_1 === lang);
  const t = ((matches.find((x) => x.iso_3166_1 === region) ?? matches[0])?.data ?? {}) as Json;
  const text = (field: string) => (typeof t[field] === 'string' ? t[field] : '');
  const out: Json = { ...payload };
  switch (kind) {
    case 'movie':
      out.title = text('title') || payload.title;
      out.overview = text('overview');
      out.tagline = text('tagline');
      break;
    case 'tv':
      out.name = text('name') || payload.name;
      out.overview = text('overview');
      out.tagline = text('tagline');
      if (Array.isArray(payload.seasons)) out.seasons = (payload.seasons as Json[]).map((s) => ({ ...s, overview: '' }));
      break;
    case 'season':
      out.overview = '';
      if (Array.isArray(payload.episodes)) out.episodes = (payload.episodes as Json[]).map((e) => ({ ...e, overview: '' }));
      break;
    case 'person':
      out.biography = text('biography');
      break;
  }
  return out;
}
