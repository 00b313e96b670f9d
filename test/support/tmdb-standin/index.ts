export { startTmdbStandin } from './tmdb-standin.server';
export type { ChangesKind, Fault, FaultKind, RandomFaultRates, StandinRequest, StandinStats, TmdbStandin, TmdbStandinOptions } from './tmdb-standin.server';
export { imageDimensions } from './image-generator';
