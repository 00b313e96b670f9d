import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { buildContainer, AppContainer, BuildOptions } from '../../src/main';
import { countRows } from '../../src/repositories/repositories';
import type { SuiteDatabase } from './test-databases';
import { startTmdbStandin, TmdbStandin } from '../../tools/tmdb-standin/tmdb-standin.server';
import { captureLogger } from './tmdb-standin/tmdb-test-kit';

export interface SyncHarness {
  app: AppContainer;
  standin: TmdbStandin;
  uploadsDir: string;
  /** Every tmu_* table (local store tables included) with its row count; the TMDb response cache is left out. */
  counts(): Promise<Record<string, number>>;
  env: Record<string, string>;
  /** Another container on the same database and settings: another sidecar process, as far as the sidecar can tell. Closed by close(). */
  anotherProcess(): Promise<AppContainer>;
  close(): Promise<void>;
}

/** The real container on a test database, talking to a fresh TMDb stand-in. */
export async function startSyncHarness(t: SuiteDatabase, options: { env?: Record<string, string>; build?: BuildOptions } = {}): Promise<SyncHarness> {
  // The limiter has its own tests; here the stand-in and client may go fast.
  const standin = await startTmdbStandin({ rps: 1000 });
  const uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmu-uploads-'));
  const env: Record<string, string> = {
    DATABASE_URL: t.url,
    TABLE_PREFIX: t.prefix,
    TMDB_API_KEY: standin.apiKey,
    TMDB_BASE_URL: standin.url,
    TMDB_IMAGE_BASE_URL: standin.imageBaseUrl,
    TMDB_MAX_RPS: '500',
    TMDB_MAX_CONNECTIONS: '16',
    TMDB_MAX_RETRIES: '1',
    UPLOADS_DIR: uploadsDir,
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const app = await buildContainer(loadConfig(env), { logger: captureLogger('warn').logger, ...options.build });
  const others: AppContainer[] = [];
  return {
    app,
    standin,
    uploadsDir,
    env,
    counts: async () => {
      const { tmu_api_cache: _cache, ...rows } = await countRows(app.db, t.prefix);
      return rows;
    },
    anotherProcess: async () => {
      const other = await buildContainer(loadConfig(env), { logger: captureLogger('warn').logger });
      others.push(other);
      return other;
    },
    close: async () => {
      for (const other of others.splice(0)) await other.close();
      await app.close();
      await standin.close();
      fs.rmSync(uploadsDir, { recursive: true, force: true });
    },
  };
}
