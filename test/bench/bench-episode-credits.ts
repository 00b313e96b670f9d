/** What EPISODE_CREDITS=all costs over `known` for Game of Thrones (every season), on the local store. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/config/config';
import { buildContainer } from '../../src/main';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';
import { counterValues, line, startChildStandin, sum } from './bench-support';

export interface EpisodeCreditsFigures {
  mode: 'all' | 'known';
  seconds: number;
  people: number;
  tmdbRequests: number;
}

export async function benchEpisodeCredits(mode: 'all' | 'known'): Promise<EpisodeCreditsFigures> {
  const standin = await startChildStandin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmu-bench-'));
  const app = await buildContainer(
    loadConfig({
      DATABASE_URL: `sqlite:${path.join(dir, 'bench.sqlite')}`,
      UPLOADS_DIR: path.join(dir, 'uploads'),
      TMDB_API_KEY: standin.apiKey,
      TMDB_BASE_URL: standin.url,
      TMDB_IMAGE_BASE_URL: standin.imageBaseUrl,
      EPISODE_CREDITS: mode,
      LOG_LEVEL: 'error',
    }),
    { logger: captureLogger('error').logger },
  );
  try {
    const started = performance.now();
    // The CLI's way: people details right after the title, so the figure includes them.
    await app.sync.sync('tv', 1399, { images: false, videos: false });
    const seconds = Math.round((performance.now() - started) / 10) / 100;
    const [{ n }] = await app.db(`${app.config.database.tablePrefix}tmu_people`).count({ n: '*' });
    const figures = { mode, seconds, people: Number(n), tmdbRequests: sum(await counterValues(app, 'tmu_tmdb_requests_total')) };
    line(
      `Game of Thrones, every season, EPISODE_CREDITS=${mode}`,
      `${figures.seconds} s, ${figures.people} people, ${figures.tmdbRequests} TMDb requests (people details included)`,
    );
    return figures;
  } finally {
    await app.close();
    await standin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
