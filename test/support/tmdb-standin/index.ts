export { startTmdbStandin } from '../../../tools/tmdb-standin/tmdb-standin.server';
export type { RandomFaultRates, TmdbStandin } from '../../../tools/tmdb-standin/tmdb-standin.server';
