/**
 * `npm run bench`: prints figures, asserts nothing about time.
 * - mapper + PHP codec throughput over a real fixture;
 * - end-to-end sync throughput on SQLite against the TMDb stand-in (synthetic titles),
 *   with the TMDb requests made and the peak memory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { tmdbMovieSchema } from '../../src/clients/tmdb/tmdb.types';
import { loadConfig } from '../../src/config/config';
import { buildContainer } from '../../src/main';
import { createColumnCodec } from '../../src/mappers/column-codec';
import { buildMovieRow, mapMovie } from '../../src/mappers/movie.mapper';
import { countRows } from '../../src/repositories/repositories';
import { startTmdbStandin } from '../support/tmdb-standin/tmdb-standin.server';

const FIXTURE = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'tmdb', 'movie', 'krelinga-movie-550-append-credits-release-dates-external-ids-keywords-images.json');

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(44)} ${value}\n`);
}

function benchMapper(): void {
  const movie = tmdbMovieSchema.parse(JSON.parse(fs.readFileSync(FIXTURE, 'utf8')));
  const codec = createColumnCodec('php');
  const people = new Map(movie.credits!.cast.map((c, i) => [c.id, i + 1]));
  const rounds = 2000;
  const started = performance.now();
  for (let i = 0; i < rounds; i += 1) {
    const draft = mapMovie(movie);
    buildMovieRow(movie, draft, { postId: 1, people, videoPostIds: [1, 2], imageIds: [3, 4, 5] }, codec, new Date());
  }
  const ms = performance.now() - started;
  line('map + encode Fight Club (php columns)', `${((rounds / ms) * 1000).toFixed(0)} titles/s (${(ms / rounds).toFixed(3)} ms each)`);
}

async function benchSync(titles: number, concurrency: number): Promise<void> {
  const standin = await startTmdbStandin({ rps: 100000 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmu-bench-'));
  const app = await buildContainer(
    loadConfig({
      DATABASE_URL: `sqlite:${path.join(dir, 'bench.sqlite')}`,
      UPLOADS_DIR: path.join(dir, 'uploads'),
      TMDB_API_KEY: standin.apiKey,
      TMDB_BASE_URL: standin.url,
      TMDB_IMAGE_BASE_URL: standin.imageBaseUrl,
      TMDB_MAX_RPS: '1000',
      LOG_LEVEL: 'error',
    }),
  );
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const ids = Array.from({ length: titles }, (_, i) => 800000 + i);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < ids.length) {
          const id = ids[next++];
          await app.sync.sync('movie', id, { images: false });
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rows = await countRows(app.db, 'wp_');
    line(`sync ${titles} synthetic movies (credits, no images)`, `${(titles / seconds).toFixed(1)} titles/s, ${seconds.toFixed(1)} s`);
    line('  TMDb requests made', `${standin.stats().requests} (${(standin.stats().requests / titles).toFixed(1)} per title)`);
    line('  rows written', `${rows.tmu_movies} movies, ${rows.tmu_people} people, ${rows.tmu_movies_cast} cast, ${rows.tmu_movies_crew} crew`);
    line('  peak RSS', `${(peakRss / 1024 / 1024).toFixed(0)} MiB`);

    const again = performance.now();
    await app.sync.sync('movie', ids[0], { images: false });
    line('  re-sync of one title (cached, no changes)', `${(performance.now() - again).toFixed(0)} ms`);
  } finally {
    clearInterval(sampler);
    await app.close();
    await standin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  line('node', `${process.version} on ${os.cpus().length} cores`);
  benchMapper();
  await benchSync(Number(process.env.BENCH_TITLES ?? 40), 2);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
