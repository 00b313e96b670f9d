/** Prints the catalogue bench's figures, one line a figure. */
import type { CatalogueFigures } from './bench-catalogue-figures';
import { line, TMDB_PACE } from './bench-support';

export function printCatalogue(f: CatalogueFigures): void {
  const pct = (n: number) => `${Math.round(n * 100)} %`;
  const complete = Number.isNaN(f.peopleCompleteSeconds)
    ? 'stopped there (BENCH_CATALOGUE_STOP=live)'
    : `everything complete (images, people) at ${f.peopleCompleteSeconds} s`;
  line(`catalogue: ${f.titles} titles on Apache mod_php (${f.images} images)`, `all pages live in ${f.liveSeconds} s (${f.titlesPerSecondLive} titles/s), ${complete}`);
  line(
    '  people details',
    `${f.people} people, ${f.peopleWithoutDetails} without details; the last written at ${f.peopleDetailsSeconds} s, ${(f.peopleDetailsSeconds / f.tmdbFloorSeconds).toFixed(2)} × TMDb's floor (${f.tmdbFloorSeconds} s: the run's API requests at ${TMDB_PACE.rps}/s)`,
  );
  line('  WordPress requests per title', `${f.wordpressRequestsPerTitleUntilLive} until live, ${f.wordpressRequestsPerTitleInAll} in all`);
  line('  WordPress by route until live', JSON.stringify(f.wordpressByRouteUntilLive));
  line('  WordPress by route in all', JSON.stringify(f.wordpressByRoute));
  line('  WordPress CPU per title (Apache + mod_php)', `${f.wordpressCpuMsPerTitleUntilLive} ms until live, ${f.wordpressCpuMsPerTitle} ms in all`);
  line('  TMDb per title', `${f.tmdbRequestsPerTitle} API requests, ${f.tmdbImagesPerTitle} image downloads`);
  line('  sidecar peak RSS', `${f.sidecarPeakRssMiB} MiB`);
  const w = f.wordpressInAll;
  line(
    '  WordPress busy (Apache log)',
    `a request open ${pct(w.openShare)} of the time, ${w.meanConcurrency.toFixed(2)} open on average, ${Math.round(w.meanMs)} ms mean, ${Math.round(w.p95Ms)} ms p95`,
  );
  line(
    '  CPU shares of the wall time',
    `sidecar ${pct(f.sidecarCpuShare)} of a core, Apache ${pct(f.apacheCpuShare)} of a core, MariaDB ${pct(f.mariadbCpuShare)} of a core, machine ${pct(f.machineCpuBusyShare)} busy`,
  );
  line('  TMDb limiter utilisation', pct(f.limiterUtilisation));
  line('  resources (share of what each can give)', f.resources.map((r) => `${r.name} ${pct(r.share)}`).join('; '));
  line('  binding resource', f.binding);
}
