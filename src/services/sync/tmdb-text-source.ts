import { encodeTmdbText } from '../../mappers/tmdb-text.mapper';
import type { TmdbSource } from './sync-deps';

/**
 * The TMDb source every sync reads through: titles, seasons and people come back
 * with their text encoded (mappers/tmdb-text.mapper.ts), so posts, terms, attachments
 * and tmu_* rows built from them, in either column format, hold text and never markup.
 * The one place the rule is applied; browse and search answers are left alone
 * (the admin screens escape what they print).
 */
export function textOnlySource(source: TmdbSource): TmdbSource {
  const withPriority = source.withPriority?.bind(source);
  return {
    getMovie: async (id, options) => encodeTmdbText(await source.getMovie(id, options)),
    getTv: async (id, options) => encodeTmdbText(await source.getTv(id, options)),
    getSeason: async (tvId, seasonNumber, options) => encodeTmdbText(await source.getSeason(tvId, seasonNumber, options)),
    getPerson: async (id, options) => encodeTmdbText(await source.getPerson(id, options)),
    ...(withPriority ? { withPriority } : {}),
  };
}
