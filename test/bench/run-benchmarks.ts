/**
 * `npm run bench`: prints figures and writes them to bench/results/ (JSON); asserts nothing about time.
 * The TMDb stand-in runs at TMDb's pace (40 requests/s, 80 ms), the sidecar at its default settings.
 * - mapper + PHP codec throughput over a real fixture;
 * - a bulk refresh of BENCH_TITLES (1,000) movies on the local store: SQLite, and MariaDB when TEST_MYSQL_URL is set;
 * - Game of Thrones with EPISODE_CREDITS=known and =all (what naming every episode's people costs);
 * - the WordPress side on the e2e stack: Fight Club first sync and re-sync, then 50 new titles;
 * - BENCH_PARTS=large adds a 10,000-title bulk (peak memory).
 * - BENCH_PARTS=catalogue: BENCH_CATALOGUE_TITLES (500) new titles through the import route into WordPress on
 *   Apache + mod_php, photo-like images from the stand-in (not in the default parts: it takes minutes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { tmdbMovieSchema } from '../../src/clients/tmdb/tmdb.schema';
import { createColumnCodec } from '../../src/mappers/column-codec';
import { buildMovieRow, mapMovie } from '../../src/mappers/movie.mapper';
import { benchBulk } from './bench-bulk';
import { benchCatalogue } from './bench-catalogue';
import { printCatalogue } from './bench-catalogue-report';
import { benchEpisodeCredits } from './bench-episode-credits';
import { line, TMDB_PACE } from './bench-support';
import { benchWordPress } from './bench-wordpress';

const FIXTURE = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'tmdb',
  'movie',
  'krelinga-movie-550-append-credits-release-dates-external-ids-keywords-images.json',
);

function benchMapper(): { titlesPerSecond: number } {
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
  return { titlesPerSecond: Math.round((rounds / ms) * 1000) };
}

async function main(): Promise<void> {
  const parts = (process.env.BENCH_PARTS ?? 'mapper,bulk,episodes,wordpress').split(',');
  const titles = Number(process.env.BENCH_TITLES ?? 1000);
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, ${os.cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`;
  line('machine', machine);
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine, tmdbPace: TMDB_PACE };
  if (parts.includes('mapper')) results.mapper = benchMapper();
  // BENCH_ENGINES=mysql measures MariaDB alone: a process keeps the peak memory of an earlier run.
  const engines = (process.env.BENCH_ENGINES ?? 'sqlite,mysql').split(',');
  if (parts.includes('bulk')) {
    if (engines.includes('sqlite')) results.bulkSqlite = await benchBulk(titles, 'sqlite');
    if (engines.includes('mysql') && process.env.TEST_MYSQL_URL) results.bulkMysql = await benchBulk(titles, 'mysql');
  }
  if (parts.includes('large')) results.bulkLarge = await benchBulk(Number(process.env.BENCH_LARGE_TITLES ?? 10000), 'sqlite');
  if (parts.includes('episodes')) results.episodeCredits = [await benchEpisodeCredits('known'), await benchEpisodeCredits('all')];
  if (parts.includes('wordpress')) results.wordpress = await benchWordPress(Number(process.env.BENCH_WP_TITLES ?? 50));
  if (parts.includes('catalogue')) {
    const catalogue = await benchCatalogue(Number(process.env.BENCH_CATALOGUE_TITLES ?? 500));
    printCatalogue(catalogue);
    // A run stopped at live keeps the full run's figure in latest.json.
    results[process.env.BENCH_CATALOGUE_STOP === 'live' ? 'catalogueUntilLive' : 'catalogue'] = catalogue;
  }
  const dir = path.join(__dirname, '..', '..', '..', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  // latest.json keeps the newest figure of every part, so a partial run does not drop the others.
  const latestFile = path.join(dir, 'latest.json');
  const previous = fs.existsSync(latestFile) ? (JSON.parse(fs.readFileSync(latestFile, 'utf8')) as Record<string, unknown>) : {};
  fs.writeFileSync(latestFile, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
  line('written', path.relative(process.cwd(), file));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
