/** The WordPress side on the real stack of the e2e suite: Fight Club first sync and re-sync, then 50 titles. */
import { performance } from 'node:perf_hooks';
import { startFullStack, FullStack } from '../e2e/support/full-stack';
import { freshTmdbIds } from '../support/jobs-fixtures';
import { counterValues, diff, line, mib, rssSampler, sum, TMDB_PACE } from './bench-support';

interface SyncFigures {
  seconds: number;
  wordpressRequests: number;
  wordpressByRoute: Record<string, number>;
  /** API requests (through the limiter). */
  tmdbRequests: number;
  /** Image downloads (their own connection cap). */
  tmdbImageRequests: number;
  peopleDetailsSeconds?: number;
  peopleDetailsWordpressRequests?: number;
  peopleDetailsTmdbRequests?: number;
}

export interface WordPressFigures {
  fightClubFirst: SyncFigures;
  fightClubResync: SyncFigures;
  import50: {
    titles: number;
    seconds: number;
    titlesPerSecond: number;
    wordpressPerTitle: number;
    tmdbPerTitle: number;
    tmdbImagesPerTitle: number;
    limiterUtilisation: number;
    peakRssMiB: number;
  };
}

async function measure(s: FullStack, fn: () => Promise<unknown>): Promise<{ seconds: number; wp: Record<string, number>; tmdb: number; images: number }> {
  const wpMethods = await s.wordPressRequests();
  const tmdbBefore = await counterValues(s.app, 'tmu_tmdb_requests_total');
  const imagesBefore = await counterValues(s.app, 'tmu_tmdb_image_requests_total');
  const started = performance.now();
  await fn();
  const seconds = (performance.now() - started) / 1000;
  const after = await s.wordPressRequests();
  const wp: Record<string, number> = {};
  for (const [route, n] of after) if (n - (wpMethods.get(route) ?? 0) > 0) wp[route] = n - (wpMethods.get(route) ?? 0);
  return {
    seconds: round(seconds),
    wp,
    // API requests; image downloads skip the API limiter and are counted apart.
    tmdb: sum(diff(await counterValues(s.app, 'tmu_tmdb_requests_total'), tmdbBefore)),
    images: sum(diff(await counterValues(s.app, 'tmu_tmdb_image_requests_total'), imagesBefore)),
  };
}

async function syncAndWait(s: FullStack, body: Record<string, unknown>, route = '/tmu/v1/sync'): Promise<void> {
  const queued = await s.api('POST', route, { body });
  if (queued.status !== 202) throw new Error(`${route} answered ${queued.status}: ${JSON.stringify(queued.body)}`);
  const job = await s.waitForJob(queued.body.job_id, 600_000);
  if (job.status !== 'succeeded') throw new Error(`job ${queued.body.job_id} ended ${job.status}: ${job.error}`);
}

export async function benchWordPress(titles = 50): Promise<WordPressFigures> {
  const s = await startFullStack({ wpPort: 18095, sidecarPort: 18795, dbName: `tmu_bench_wp_${process.pid}`, standin: TMDB_PACE, env: { TMDB_MAX_RPS: '40' } });
  try {
    const created = await s.api('POST', '/wp/v2/movie', { body: { title: '', status: 'draft', meta: { tmdb_id: 550 } } });
    const postId = created.body.id as number;
    const first = await measure(s, () => syncAndWait(s, { post_id: postId }));
    const details = await measure(s, () => s.waitForIdle(600_000));
    const fightClubFirst: SyncFigures = {
      seconds: first.seconds,
      wordpressRequests: sum(first.wp),
      wordpressByRoute: first.wp,
      tmdbRequests: first.tmdb,
      tmdbImageRequests: first.images,
      peopleDetailsSeconds: details.seconds,
      peopleDetailsWordpressRequests: sum(details.wp),
      peopleDetailsTmdbRequests: details.tmdb,
    };
    const again = await measure(s, () => syncAndWait(s, { post_id: postId }));
    const fightClubResync: SyncFigures = {
      seconds: again.seconds,
      wordpressRequests: sum(again.wp),
      wordpressByRoute: again.wp,
      tmdbRequests: again.tmdb,
      tmdbImageRequests: again.images,
    };
    line(
      'Fight Club first sync into WordPress',
      `${fightClubFirst.seconds} s to succeeded, ${fightClubFirst.wordpressRequests} WordPress requests, ${fightClubFirst.tmdbRequests} TMDb API + ${fightClubFirst.tmdbImageRequests} images`,
    );
    line('  WordPress requests by route', JSON.stringify(fightClubFirst.wordpressByRoute));
    line(
      '  people details after it',
      `${details.seconds} s more, ${fightClubFirst.peopleDetailsWordpressRequests} WordPress requests, ${details.tmdb} TMDb API + ${details.images} images`,
    );
    line(
      'Fight Club re-sync',
      `${fightClubResync.seconds} s, ${fightClubResync.wordpressRequests} WordPress requests ${JSON.stringify(again.wp)}, ${again.tmdb} TMDb API + ${again.images} images`,
    );

    const rss = rssSampler();
    const ids = freshTmdbIds(titles);
    const bulk = await measure(s, async () => {
      await Promise.all(ids.map((id) => syncAndWait(s, { type: 'movie', tmdb_id: id }, '/tmu/v1/import')));
      await s.waitForIdle(1_200_000);
    });
    const import50 = {
      titles,
      seconds: bulk.seconds,
      titlesPerSecond: round(titles / bulk.seconds),
      wordpressPerTitle: round(sum(bulk.wp) / titles),
      tmdbPerTitle: round(bulk.tmdb / titles),
      tmdbImagesPerTitle: round(bulk.images / titles),
      limiterUtilisation: round(bulk.tmdb / bulk.seconds / 40),
      peakRssMiB: mib(rss.stop()),
    };
    line(`${titles} new titles imported into WordPress`, `${import50.titlesPerSecond} titles/s (people details included), ${import50.seconds} s`);
    line('  per title', `${import50.wordpressPerTitle} WordPress requests, ${import50.tmdbPerTitle} TMDb API requests, ${import50.tmdbImagesPerTitle} image downloads`);
    line(
      '  limiter utilisation / peak RSS',
      `${Math.round(import50.limiterUtilisation * 100)} % / ${import50.peakRssMiB} MiB (sidecar, WordPress client and stand-in in one process)`,
    );
    return { fightClubFirst, fightClubResync, import50 };
  } finally {
    await s.close();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
