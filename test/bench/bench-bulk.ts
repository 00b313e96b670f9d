/** A bulk refresh of N titles on the local store, TMDb at its own pace, default settings. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/config/config';
import { buildContainer } from '../../src/main';
import { freshTmdbIds, seedLibrary } from '../support/jobs-fixtures';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';
import { counterValues, diff, line, memorySampler, mib, startChildStandin, sum, TMDB_PACE } from './bench-support';

export interface BulkFigures {
  engine: 'sqlite' | 'mysql';
  titles: number;
  seconds: number;
  titlesPerSecond: number;
  tmdbRequests: number;
  requestsPerTitle: number;
  /** Image downloads: outside the API limiter, not part of its utilisation. */
  imageRequests: number;
  rateLimited: number;
  limiterUtilisation: number;
  peopleQueuedForDetails: number;
  peakRssMiB: number;
  /** Peaks of what V8 and Node account for; RSS minus these is native memory (sharp/libvips, SQLite, malloc). */
  peakHeapUsedMiB: number;
  peakExternalMiB: number;
  peakArrayBuffersMiB: number;
  /** V8's whole heap at its peak: used plus what the collector keeps (the young generation's semi-spaces). */
  peakHeapTotalMiB: number;
  failed: number;
  /** The same titles again (images and people known): what a daily or weekly refresh costs. */
  refresh?: { seconds: number; titlesPerSecond: number; tmdbRequests: number; imageRequests: number; limiterUtilisation: number; rateLimited: number; peakRssMiB: number };
}

export async function benchBulk(titles: number, engine: 'sqlite' | 'mysql'): Promise<BulkFigures> {
  const standin = await startChildStandin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmu-bench-'));
  const mysqlDb = `tmu_bench_${process.pid}_${titles}`;
  const server = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
  const databaseUrl = engine === 'sqlite' ? `sqlite:${path.join(dir, 'bench.sqlite')}` : `${server.replace(/\/+$/, '')}/${mysqlDb}`;
  if (engine === 'mysql') await createMysqlDatabase(server, mysqlDb);
  const app = await buildContainer(
    loadConfig({
      DATABASE_URL: databaseUrl,
      UPLOADS_DIR: path.join(dir, 'uploads'),
      TMDB_API_KEY: standin.apiKey,
      TMDB_BASE_URL: standin.url,
      TMDB_IMAGE_BASE_URL: standin.imageBaseUrl,
      LOG_LEVEL: 'error',
      ...(process.env.BULK_LANES ? { BULK_LANES: process.env.BULK_LANES } : {}),
      ...(process.env.DB_POOL_MAX ? { DB_POOL_MAX: process.env.DB_POOL_MAX } : {}),
    }),
    { logger: captureLogger('error').logger, peopleInBackground: true },
  );
  try {
    await seedLibrary(app, 'movie', freshTmdbIds(titles));
    const run = await measureBulk(app, titles);
    const figures: BulkFigures = {
      engine,
      titles,
      seconds: run.seconds,
      titlesPerSecond: run.titlesPerSecond,
      tmdbRequests: run.tmdbRequests,
      requestsPerTitle: round(run.tmdbRequests / titles),
      imageRequests: run.imageRequests,
      rateLimited: run.rateLimited,
      limiterUtilisation: run.limiterUtilisation,
      peopleQueuedForDetails: await countJobs(app, 'people.refresh'),
      peakRssMiB: run.peakRssMiB,
      peakHeapUsedMiB: run.peakHeapUsedMiB,
      peakExternalMiB: run.peakExternalMiB,
      peakArrayBuffersMiB: run.peakArrayBuffersMiB,
      peakHeapTotalMiB: run.peakHeapTotalMiB,
      failed: run.failed,
    };
    line(`bulk ${titles} movies [${engine}]`, `${figures.titlesPerSecond} titles/s, ${figures.seconds} s, ${figures.failed} failed`);
    line('  TMDb API requests', `${run.tmdbRequests} (${figures.requestsPerTitle}/title), ${figures.rateLimited} answered 429; ${run.imageRequests} image downloads`);
    line(
      '  limiter utilisation',
      `${Math.round(figures.limiterUtilisation * 100)} % of TMDB_MAX_RPS=${app.config.tmdb.maxRps} (stand-in ${TMDB_PACE.rps}/s, ${TMDB_PACE.latencyMs} ms)`,
    );
    line(
      '  peak RSS (sidecar only)',
      `${figures.peakRssMiB} MiB (peaks: V8 heap used ${run.peakHeapUsedMiB} of ${run.peakHeapTotalMiB}, external ${run.peakExternalMiB}, array buffers ${run.peakArrayBuffersMiB} MiB)`,
    );
    if (process.env.BENCH_REFRESH !== '0') {
      // The same titles again (images and people known): 1 API request a title, nothing new to create.
      const { failed: _failed, peakHeapUsedMiB: _h, peakExternalMiB: _e, peakArrayBuffersMiB: _a, peakHeapTotalMiB: _t, ...refresh } = await measureBulk(app, titles);
      line(
        '  refresh of the same titles',
        `${refresh.titlesPerSecond} titles/s, ${refresh.tmdbRequests} API requests, ${refresh.imageRequests} image downloads, limiter ${Math.round(refresh.limiterUtilisation * 100)} % busy, ${refresh.rateLimited} answered 429, peak RSS ${refresh.peakRssMiB} MiB`,
      );
      figures.refresh = refresh;
    }
    return figures;
  } finally {
    await app.close();
    await standin.close();
    if (engine === 'mysql') await dropMysqlDatabase(server, mysqlDb);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type App = Awaited<ReturnType<typeof buildContainer>>;

/** One bulk job over the library, run to its end: time, TMDb requests (API and images), 429s, peak RSS. */
type Measured = NonNullable<BulkFigures['refresh']> & Pick<BulkFigures, 'failed' | 'peakHeapUsedMiB' | 'peakExternalMiB' | 'peakArrayBuffersMiB' | 'peakHeapTotalMiB'>;

async function measureBulk(app: App, titles: number): Promise<Measured> {
  const before = await counterValues(app, 'tmu_tmdb_requests_total', 'status');
  const imagesBefore = await counterValues(app, 'tmu_tmdb_image_requests_total');
  const memory = memorySampler();
  const started = performance.now();
  const { job } = await app.jobs.enqueue({ type: 'bulk', payload: { types: ['movie'] } });
  const worker = app.createWorker({ pollMs: 50 });
  await worker.runJob(job.id);
  await worker.stop();
  const seconds = (performance.now() - started) / 1000;
  const peaks = memory.stop();
  const requests = diff(await counterValues(app, 'tmu_tmdb_requests_total', 'status'), before);
  const total = sum(requests);
  return {
    seconds: round(seconds),
    titlesPerSecond: round(titles / seconds),
    tmdbRequests: total,
    imageRequests: sum(diff(await counterValues(app, 'tmu_tmdb_image_requests_total'), imagesBefore)),
    limiterUtilisation: round(total / seconds / app.config.tmdb.maxRps),
    rateLimited: requests['429'] ?? 0,
    peakRssMiB: mib(peaks.rss),
    peakHeapUsedMiB: mib(peaks.heapUsed),
    peakExternalMiB: mib(peaks.external),
    peakArrayBuffersMiB: mib(peaks.arrayBuffers),
    peakHeapTotalMiB: mib(peaks.heapTotal),
    failed: (await app.jobs.get(job.id))?.progress.failed ?? -1,
  };
}

async function countJobs(app: App, type: string): Promise<number> {
  const [{ n }] = await app.db(`${app.config.database.tablePrefix}tmu_sync_jobs`).where({ type }).count({ n: '*' });
  return Number(n);
}

const round = (n: number) => Math.round(n * 100) / 100;

async function createMysqlDatabase(server: string, name: string): Promise<void> {
  const knex = (await import('knex')).default({ client: 'mysql2', connection: server });
  await knex.raw(`CREATE DATABASE IF NOT EXISTS \`${name}\``);
  await knex.destroy();
}

async function dropMysqlDatabase(server: string, name: string): Promise<void> {
  const knex = (await import('knex')).default({ client: 'mysql2', connection: server });
  await knex.raw(`DROP DATABASE IF EXISTS \`${name}\``);
  await knex.destroy();
}
