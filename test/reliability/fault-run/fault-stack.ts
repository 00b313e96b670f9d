/**
 * The fault run's servers: its own MariaDB and Redis (killed and restarted),
 * two TMDb stand-ins that inject seeded faults, the two sidecars of the main
 * leg, and WordPress behind an outage proxy with its own sidecar.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createDatabase } from '../../../src/repositories/database';
import { freePort, OwnServer, startOwnMariadb, startOwnRedis } from '../../support/own-servers';
import { startOutageProxy, OutageProxy } from '../../support/outage-proxy';
import { builtSidecarBin, SidecarProcess, sidecarProcess } from '../../support/sidecar-process';
import { startTmdbStandin, TmdbStandin } from '../../support/tmdb-standin';
import type { RandomFaultRates } from '../../support/tmdb-standin';
import { projectRoot, startWordPressStack, WordPressStack } from '../../e2e/support/wordpress-stack';

export const SECRET = 'fault-run-secret-0123456789abcdef';
const WP_PORT = 18099;

/** The shared cap, and what the stand-ins enforce and count against. */
export const MAX_RPS = 40;
export const TIMEOUT_MS = 3_000;
export const STANDIN_LATENCY_MS = 20;
/** The mix: 10 % 429s (half with Retry-After), 5 % 503s, 2 % hangs, 2 % truncated JSON. */
const FAULTS: Omit<RandomFaultRates, 'seed'> = { rate429: 0.1, retryAfterShare: 0.5, retryAfterSeconds: 1, rate503: 0.05, rateHang: 0.02, rateTruncated: 0.02 };

export interface FaultStack {
  mariadb: OwnServer;
  redis: OwnServer;
  /** The main leg's database on the own MariaDB. */
  db: Knex;
  standin: TmdbStandin;
  sidecars: SidecarProcess[];
  uploadsDir: string;
  wp: WordPressStack;
  wpDb: Knex;
  wpStandin: TmdbStandin;
  wpProxy: OutageProxy;
  wpSidecar: SidecarProcess;
  logDir: string;
  close(): Promise<void>;
}

function sidecarEnv(overrides: Record<string, string>): Record<string, string> {
  return {
    TMU_WEBHOOK_SECRET: SECRET,
    TABLE_PREFIX: 'wp_',
    TMDB_MAX_RPS: String(MAX_RPS),
    TMDB_MAX_CONNECTIONS: '20',
    TMDB_TIMEOUT_MS: String(TIMEOUT_MS),
    JOB_CONCURRENCY: '6',
    JOB_LEASE_SECONDS: '10',
    JOB_STALL_SECONDS: '60',
    EPISODE_CREDITS: 'known',
    IMAGE_MAX_WIDTH: '300',
    // No schedule may fire during the run (only at midnight on 1 January).
    CRON_DAILY: '0 0 1 1 *',
    CRON_WEEKLY: '0 0 1 1 *',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}

export async function startFaultStack(seed: number): Promise<FaultStack> {
  const opened: Array<() => Promise<unknown>> = [];
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmu-fault-run-'));
  try {
    const { bin, cleanup } = builtSidecarBin();
    opened.push(async () => cleanup());
    const [mariadb, redis] = await Promise.all([startOwnMariadb(), startOwnRedis()]);
    opened.push(
      () => mariadb.close(),
      () => redis.close(),
    );
    const admin = createDatabase(mariadb.url, { poolMax: 1 });
    await admin.raw('CREATE DATABASE tmu_fault CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci');
    await admin.destroy();
    // Its connections break when the run kills MariaDB: expected, so not worth a warning.
    const db = createDatabase(`${mariadb.url}/tmu_fault`, { poolMax: 2, warn: () => undefined });
    opened.push(() => db.destroy());

    const standin = await startTmdbStandin({ rps: MAX_RPS, latencyMs: STANDIN_LATENCY_MS, randomFaults: { seed, ...FAULTS } });
    const wpStandin = await startTmdbStandin({ rps: MAX_RPS, latencyMs: STANDIN_LATENCY_MS, randomFaults: { seed: seed + 1, ...FAULTS } });
    opened.push(
      () => standin.close(),
      () => wpStandin.close(),
    );
    const tmdb = (s: TmdbStandin) => ({ TMDB_API_KEY: s.apiKey, TMDB_BASE_URL: s.url, TMDB_IMAGE_BASE_URL: s.imageBaseUrl });

    const uploadsDir = path.join(logDir, 'uploads');
    const mainEnv = sidecarEnv({ DATABASE_URL: `${mariadb.url}/tmu_fault`, CONTENT_STORE: 'local', REDIS_URL: redis.url, UPLOADS_DIR: uploadsDir, ...tmdb(standin) });
    const sidecars = [sidecarProcess('sidecar-a', bin, await freePort(), mainEnv, logDir), sidecarProcess('sidecar-b', bin, await freePort(), mainEnv, logDir)];
    opened.push(...sidecars.map((s) => () => s.kill()));
    // One at a time: both would run the migrations at once.
    for (const s of sidecars) await s.start();

    const wpSidecarPort = await freePort();
    const wp = await startWordPressStack({
      port: WP_PORT,
      dbName: `tmu_fault_wp_${process.pid}`,
      pluginSource: path.join(projectRoot(__dirname), 'wp-plugin', 'tmu-sidecar'),
      constants: { TMU_SIDECAR_URL: `http://127.0.0.1:${wpSidecarPort}`, TMU_WEBHOOK_SECRET: SECRET },
    });
    opened.push(() => wp.stop());
    const wpDb = createDatabase(wp.db.url, { poolMax: 2 });
    opened.push(() => wpDb.destroy());
    const wpProxy = await startOutageProxy(wp.url);
    opened.push(() => wpProxy.close());
    const wpEnv = sidecarEnv({
      DATABASE_URL: wp.db.url,
      TABLE_PREFIX: wp.tablePrefix,
      REDIS_URL: redis.url,
      WP_URL: wpProxy.url,
      WP_USERNAME: wp.admin.username,
      WP_APP_PASSWORD: wp.appPassword,
      JOB_CONCURRENCY: '3',
      ...tmdb(wpStandin),
    });
    const wpSidecar = sidecarProcess('sidecar-wp', bin, wpSidecarPort, wpEnv, logDir);
    opened.push(() => wpSidecar.kill());
    await wpSidecar.start();

    return {
      mariadb,
      redis,
      db,
      standin,
      sidecars,
      uploadsDir,
      wp,
      wpDb,
      wpStandin,
      wpProxy,
      wpSidecar,
      logDir,
      close: () => closeAll(opened),
    };
  } catch (error) {
    await closeAll(opened);
    throw error;
  }
}

async function closeAll(opened: Array<() => Promise<unknown>>): Promise<void> {
  for (const close of opened.reverse()) await close().catch(() => undefined);
}
