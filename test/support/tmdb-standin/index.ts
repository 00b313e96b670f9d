export { startTmdbStandin } from '../../../src/demo/tmdb-standin/tmdb-standin.server';
export type { ChangesKind, Fault, FaultKind, RandomFaultRates, StandinRequest, StandinStats, TmdbStandin, TmdbStandinOptions } from '../../../src/demo/tmdb-standin/tmdb-standin.server';
export { imageDimensions } from '../../../src/demo/tmdb-standin/image-generator';
