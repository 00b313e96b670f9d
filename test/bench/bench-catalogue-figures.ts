/** The catalogue bench's figures from its three snapshots (before the import, all pages live, every job ended). */
import os from 'node:os';
import { AccessLogFigures, readAccessLog } from './bench-catalogue-probes';
import { mib, sum, TMDB_PACE } from './bench-support';

export interface Snapshot {
  at: number;
  apacheCpu: number;
  sidecarCpu: number;
  mariadbCpu: number;
  machine: { busy: number; total: number };
  wordpress: Record<string, number>;
  tmdb: number;
  images: number;
}

export interface CatalogueFigures {
  titles: number;
  failed: number;
  status: 'publish';
  /** What the TMDb stand-in served: photo-like images (as TMDb's weigh) or flat colours. */
  images: 'photo' | 'flat';
  liveSeconds: number;
  titlesPerSecondLive: number;
  peopleCompleteSeconds: number;
  /** When the last person's details and portrait were written (tmu_people.synced_at), from the import's start. */
  peopleDetailsSeconds: number;
  people: number;
  peopleWithoutDetails: number;
  /** TMDb's floor for the run: its API requests at TMDb's pace. */
  tmdbFloorSeconds: number;
  wordpressRequestsPerTitleUntilLive: number;
  wordpressRequestsPerTitleInAll: number;
  wordpressByRouteUntilLive: Record<string, number>;
  wordpressByRoute: Record<string, number>;
  wordpressCpuMsPerTitle: number;
  wordpressCpuMsPerTitleUntilLive: number;
  tmdbRequestsPerTitle: number;
  tmdbImagesPerTitle: number;
  sidecarPeakRssMiB: number;
  sidecarCpuShare: number;
  apacheCpuShare: number;
  mariadbCpuShare: number;
  machineCpuBusyShare: number;
  limiterUtilisation: number;
  wordpressUntilLive: AccessLogFigures;
  wordpressInAll: AccessLogFigures;
  /** Each resource's use over the whole run, as a share of what it can give; the largest first. */
  resources: Array<{ name: string; share: number }>;
  binding: string;
}

export interface FigureInputs {
  titles: number;
  failed: number;
  images: 'photo' | 'flat';
  before: Snapshot;
  live: Snapshot;
  end: Snapshot;
  liveSeconds: number;
  peopleCompleteSeconds: number;
  people: { people: number; withoutDetails: number; lastSeconds: number };
  peakRss: number;
  accessLog: string;
}

function routesBetween(from: Snapshot, to: Snapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [route, n] of Object.entries(to.wordpress)) if (n - (from.wordpress[route] ?? 0) > 0) out[route] = n - (from.wordpress[route] ?? 0);
  return out;
}

export function catalogueFigures(m: FigureInputs): CatalogueFigures {
  const { titles, before, live, end } = m;
  const wall = Math.max(0.001, (end.at - before.at) / 1000);
  const cores = os.cpus().length;
  const byRouteUntilLive = routesBetween(before, live);
  const byRoute = routesBetween(before, end);
  const machineBusy = (end.machine.busy - before.machine.busy) / Math.max(1, end.machine.total - before.machine.total);
  const shares = {
    sidecarCpuShare: round((end.sidecarCpu - before.sidecarCpu) / wall),
    apacheCpuShare: round((end.apacheCpu - before.apacheCpu) / wall),
    mariadbCpuShare: round((end.mariadbCpu - before.mariadbCpu) / wall),
    machineCpuBusyShare: round(machineBusy),
    limiterUtilisation: round((end.tmdb - before.tmdb) / wall / TMDB_PACE.rps),
  };
  const wordpressUntilLive = readAccessLog(m.accessLog, before.at, live.at);
  const wordpressInAll = readAccessLog(m.accessLog, before.at, end.at);
  // Shares of what each can give: PHP runs on every core (prefork), Node's main thread and MariaDB's busiest work on about one.
  const resources = [
    { name: `WordPress PHP CPU (Apache, share of ${cores} cores)`, share: round(shares.apacheCpuShare / cores) },
    { name: 'WordPress round trips (share of wall time with a request open)', share: round(wordpressInAll.openShare) },
    { name: `TMDb limiter (share of ${TMDB_PACE.rps} requests/s)`, share: shares.limiterUtilisation },
    { name: 'sidecar CPU (share of one core)', share: shares.sidecarCpuShare },
    { name: 'MariaDB CPU (share of one core; the server is shared)', share: shares.mariadbCpuShare },
    { name: `machine CPU (share of ${cores} cores busy)`, share: shares.machineCpuBusyShare },
  ].sort((a, b) => b.share - a.share);
  // A busy machine names no one: the binding resource is the busiest of the others; a nearly full machine is said beside it.
  const own = resources.filter((r) => !r.name.startsWith('machine'))[0];
  const full = shares.machineCpuBusyShare >= 0.9 ? `; the machine's CPU ${Math.round(shares.machineCpuBusyShare * 100)} % busy` : '';
  return {
    titles,
    failed: m.failed,
    status: 'publish',
    images: m.images,
    liveSeconds: round(m.liveSeconds),
    titlesPerSecondLive: round(titles / m.liveSeconds),
    peopleCompleteSeconds: round(m.peopleCompleteSeconds),
    peopleDetailsSeconds: round(m.people.lastSeconds),
    people: m.people.people,
    peopleWithoutDetails: m.people.withoutDetails,
    tmdbFloorSeconds: round((end.tmdb - before.tmdb) / TMDB_PACE.rps),
    wordpressRequestsPerTitleUntilLive: round(sum(byRouteUntilLive) / titles),
    wordpressRequestsPerTitleInAll: round(sum(byRoute) / titles),
    wordpressByRouteUntilLive: byRouteUntilLive,
    wordpressByRoute: byRoute,
    wordpressCpuMsPerTitle: Math.round(((end.apacheCpu - before.apacheCpu) / titles) * 1000),
    wordpressCpuMsPerTitleUntilLive: Math.round(((live.apacheCpu - before.apacheCpu) / titles) * 1000),
    tmdbRequestsPerTitle: round((end.tmdb - before.tmdb) / titles),
    tmdbImagesPerTitle: round((end.images - before.images) / titles),
    sidecarPeakRssMiB: mib(m.peakRss),
    ...shares,
    wordpressUntilLive,
    wordpressInAll,
    resources,
    binding: `${own.name}: ${Math.round(own.share * 100)} %${full}`,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
