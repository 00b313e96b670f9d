/**
 * BENCH_PARTS=catalogue: N new titles (BENCH_CATALOGUE_TITLES, default 500) imported through the plugin's
 * POST tmu/v1/import (as the import screen does, published, images, videos and credits on) into WordPress 6.1
 * on Apache 2 + mod_php, with the sidecar `serve` (its own process, default settings) on MariaDB and the TMDb
 * stand-in (its own process) at TMDb's pace. Measures until every page is live (published post + tmu_movies
 * row + poster) and until every person is complete (no job queued or running).
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import { isAdultSynthetic } from '../../src/demo/tmdb-standin/synthetic-ids';
import { freshTmdbIds } from '../support/jobs-fixtures';
import { startApacheWordPress, ApacheWordPress } from './apache-wordpress';
import { AccessLogFigures, apacheCpuSeconds, machineCpu, metricSum, peakRssBytes, processCpuSeconds, readAccessLog } from './bench-catalogue-probes';
import { line, mib, startChildStandin, sum, TMDB_PACE } from './bench-support';

const PORTS = { apache: 18131, setup: 18132, sidecar: 18831 };
const SECRET = 'bench-catalogue-secret-0123456789abcdef';
/** The import route takes at most 500 items per request (Import_Rest::MAX_ITEMS). */
const BATCH = 500;

interface Snapshot {
  at: number;
  apacheCpu: number;
  sidecarCpu: number;
  machine: { busy: number; total: number };
  wordpress: Record<string, number>;
  tmdb: number;
  images: number;
}

export interface CatalogueFigures {
  titles: number;
  failed: number;
  status: 'publish';
  liveSeconds: number;
  titlesPerSecondLive: number;
  peopleCompleteSeconds: number;
  wordpressRequestsPerTitleUntilLive: number;
  wordpressRequestsPerTitleInAll: number;
  wordpressByRoute: Record<string, number>;
  wordpressCpuMsPerTitle: number;
  tmdbRequestsPerTitle: number;
  tmdbImagesPerTitle: number;
  sidecarPeakRssMiB: number;
  sidecarCpuShare: number;
  apacheCpuShare: number;
  machineCpuBusyShare: number;
  limiterUtilisation: number;
  wordpressUntilLive: AccessLogFigures;
  wordpressInAll: AccessLogFigures;
  binding: string;
}

interface Sidecar {
  child: ChildProcess;
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

async function startSidecar(env: Record<string, string>): Promise<Sidecar> {
  const bin = path.join(__dirname, '..', '..', 'src', 'cli', 'bin.js');
  // BENCH_SIDECAR_LOG keeps the sidecar's log lines (warnings and errors) in a file.
  const logFile = process.env.BENCH_SIDECAR_LOG;
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawn(process.execPath, [bin, 'serve'], { env: { ...process.env, MALLOC_ARENA_MAX: '2', ...env }, stdio: ['ignore', out, 'inherit'] });
  if (typeof out === 'number') fs.closeSync(out);
  const url = `http://127.0.0.1:${PORTS.sidecar}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the sidecar exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('the sidecar did not answer /health within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    child,
    metrics: () => fetch(`${url}/metrics`).then((r) => r.text()),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function snapshot(site: ApacheWordPress, sidecar: Sidecar): Promise<Snapshot> {
  const text = await sidecar.metrics();
  const wordpress: Record<string, number> = {};
  for (const row of text.split('\n')) {
    if (!row.startsWith('tmu_wordpress_requests_total{')) continue;
    const method = /method="([^"]*)"/.exec(row)?.[1] ?? '';
    const route = /route="([^"]*)"/.exec(row)?.[1] ?? '';
    wordpress[`${method} ${route}`] = (wordpress[`${method} ${route}`] ?? 0) + Number(row.slice(row.lastIndexOf(' ') + 1));
  }
  return {
    at: Date.now(),
    apacheCpu: apacheCpuSeconds(site.pid()),
    sidecarCpu: processCpuSeconds(sidecar.child.pid ?? 0),
    machine: machineCpu(),
    wordpress,
    tmdb: sum(metricSum(text, 'tmu_tmdb_requests_total')),
    images: sum(metricSum(text, 'tmu_tmdb_image_requests_total')),
  };
}

/** POST tmu/v1/import in batches of at most 500, as the import screen sends its selection. */
async function importAll(site: ApacheWordPress, ids: number[]): Promise<number[]> {
  const jobs: number[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const items = ids.slice(i, i + BATCH).map((tmdb_id) => ({ type: 'movie', tmdb_id }));
    const res = await fetch(`${site.url}/?rest_route=/tmu/v1/import`, {
      method: 'POST',
      headers: { Authorization: site.wp.authHeader, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ items, status: 'publish' }),
    });
    const body = (await res.json().catch(() => ({}))) as { job_id?: number };
    if (res.status !== 202 || !body.job_id) throw new Error(`tmu/v1/import answered ${res.status}: ${JSON.stringify(body)}`);
    jobs.push(body.job_id);
  }
  return jobs;
}

/** Published movie posts with their tmu_movies row filled and a featured image. */
async function livePages(db: mysql.Connection, prefix: string): Promise<number> {
  const [rows] = await db.query(
    `SELECT COUNT(*) AS n FROM ${prefix}posts p
       JOIN ${prefix}tmu_movies m ON m.ID = p.ID AND m.title IS NOT NULL
       JOIN ${prefix}postmeta t ON t.post_id = p.ID AND t.meta_key = '_thumbnail_id'
       JOIN ${prefix}posts a ON a.ID = t.meta_value AND a.post_type = 'attachment'
      WHERE p.post_type = 'movie' AND p.post_status = 'publish'`,
  );
  return Number((rows as Array<{ n: number }>)[0].n);
}

/** The import jobs and the people jobs they queued: how many are open, and titles imported or failed. */
async function jobState(db: mysql.Connection, prefix: string): Promise<{ open: number; importsOpen: number; imported: number; failed: number }> {
  const [rows] = await db.query(`SELECT type, status, progress FROM ${prefix}tmu_sync_jobs WHERE type = 'import' OR type LIKE 'people%'`);
  const state = { open: 0, importsOpen: 0, imported: 0, failed: 0 };
  for (const r of rows as Array<{ type: string; status: string; progress: string | null }>) {
    const open = r.status === 'queued' || r.status === 'running';
    if (open) state.open += 1;
    if (r.type !== 'import') continue;
    if (open) state.importsOpen += 1;
    const progress = JSON.parse(r.progress ?? '{}') as { done?: number; failed?: number };
    state.imported += progress.done ?? 0;
    state.failed += progress.failed ?? 0;
  }
  return state;
}

/** Jobs by type and status: how many, their attempts, and when the last one finished (seconds since the first was created). */
async function jobSummary(db: mysql.Connection, prefix: string): Promise<Record<string, string>> {
  const [rows] = await db.query(
    `SELECT type, status, COUNT(*) AS n, SUM(attempts) AS attempts,
            TIMESTAMPDIFF(SECOND, (SELECT MIN(created_at) FROM ${prefix}tmu_sync_jobs), MAX(finished_at)) AS lastFinished
       FROM ${prefix}tmu_sync_jobs GROUP BY type, status`,
  );
  const out: Record<string, string> = {};
  for (const r of rows as Array<{ type: string; status: string; n: number; attempts: number; lastFinished: number }>) {
    out[`${r.type} ${r.status}`] = `${r.n}, ${r.attempts} attempts, ${r.lastFinished} s`;
  }
  return out;
}

/** Synthetic ids the stand-in does not mark adult (those the sidecar refuses without ALLOW_ADULT). */
function catalogueIds(titles: number): number[] {
  const ids: number[] = [];
  while (ids.length < titles) ids.push(...freshTmdbIds(titles - ids.length).filter((id) => !isAdultSynthetic('movie', id)));
  return ids;
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function benchCatalogue(titles: number): Promise<CatalogueFigures> {
  const standin = await startChildStandin(TMDB_PACE);
  let site: ApacheWordPress | undefined;
  let sidecar: Sidecar | undefined;
  let db: mysql.Connection | undefined;
  try {
    site = await startApacheWordPress({
      port: PORTS.apache,
      setupPort: PORTS.setup,
      dbName: `tmu_bench_catalogue_${process.pid}`,
      constants: { TMU_SIDECAR_URL: `http://127.0.0.1:${PORTS.sidecar}`, TMU_WEBHOOK_SECRET: SECRET },
    });
    const wp = site.wp;
    sidecar = await startSidecar({
      DATABASE_URL: wp.db.url,
      TABLE_PREFIX: wp.tablePrefix,
      WP_URL: site.url,
      WP_USERNAME: wp.admin.username,
      WP_APP_PASSWORD: wp.appPassword,
      TMU_WEBHOOK_SECRET: SECRET,
      HOST: '127.0.0.1',
      PORT: String(PORTS.sidecar),
      TMDB_API_KEY: standin.apiKey,
      TMDB_BASE_URL: standin.url,
      TMDB_IMAGE_BASE_URL: standin.imageBaseUrl,
      LOG_LEVEL: 'warn',
      // The daily and weekly runs must not fall inside the measurement (their default hours are 03:00 and 04:00).
      CRON_DAILY: '0 0 1 1 *',
      CRON_WEEKLY: '0 0 1 1 *',
    });
    db = await mysql.createConnection({ host: wp.db.host, port: wp.db.port, user: wp.db.user, password: wp.db.password, database: wp.db.name });
    const ids = catalogueIds(titles);
    const timeoutMs = Number(process.env.BENCH_CATALOGUE_TIMEOUT_S ?? Math.max(1800, titles * 6)) * 1000;
    const before = await snapshot(site, sidecar);
    const started = performance.now();
    await importAll(site, ids);
    // Live: every title, or (when some failed) every title the import jobs report imported.
    await waitFor('all pages live', timeoutMs, async () => {
      const n = await livePages(db!, wp.tablePrefix);
      if (n >= titles) return true;
      const state = await jobState(db!, wp.tablePrefix);
      return state.importsOpen === 0 && n >= state.imported;
    });
    const liveSeconds = (performance.now() - started) / 1000;
    const live = await snapshot(site, sidecar);
    await waitFor('all jobs ended', timeoutMs, async () => (await jobState(db!, wp.tablePrefix)).open === 0);
    const peopleCompleteSeconds = (performance.now() - started) / 1000;
    const end = await snapshot(site, sidecar);
    const { failed } = await jobState(db, wp.tablePrefix);
    if (failed > 0) line('  titles the import reported failed', String(failed));
    line('  jobs (type status: count, attempts, last finished)', JSON.stringify(await jobSummary(db, wp.tablePrefix)));
    return figures({ titles, failed, before, live, end, liveSeconds, peopleCompleteSeconds, peakRss: peakRssBytes(sidecar.child.pid ?? 0), accessLog: site.accessLog });
  } finally {
    await db?.end().catch(() => undefined);
    await sidecar?.stop().catch(() => undefined);
    await site?.stop().catch(() => undefined);
    await standin.close().catch(() => undefined);
  }
}

function figures(m: { titles: number; failed: number; before: Snapshot; live: Snapshot; end: Snapshot; liveSeconds: number; peopleCompleteSeconds: number; peakRss: number; accessLog: string }): CatalogueFigures {
  const { titles, before, live, end } = m;
  const wall = (end.at - before.at) / 1000;
  const byRoute: Record<string, number> = {};
  for (const [route, n] of Object.entries(end.wordpress)) if (n - (before.wordpress[route] ?? 0) > 0) byRoute[route] = n - (before.wordpress[route] ?? 0);
  const wpUntilLive = sum(live.wordpress) - sum(before.wordpress);
  const machineBusy = (end.machine.busy - before.machine.busy) / Math.max(1, end.machine.total - before.machine.total);
  const shares = {
    sidecarCpuShare: round((end.sidecarCpu - before.sidecarCpu) / wall),
    apacheCpuShare: round((end.apacheCpu - before.apacheCpu) / wall),
    machineCpuBusyShare: round(machineBusy),
    limiterUtilisation: round((end.tmdb - before.tmdb) / wall / TMDB_PACE.rps),
  };
  const wordpressUntilLive = readAccessLog(m.accessLog, before.at, live.at);
  const wordpressInAll = readAccessLog(m.accessLog, before.at, end.at);
  const candidates: Array<[string, number]> = [
    ['TMDb limiter (share of 40 requests/s)', shares.limiterUtilisation],
    ['WordPress (share of wall time with a request open)', wordpressInAll.openShare],
    ['sidecar CPU (share of one core)', shares.sidecarCpuShare],
    ['machine CPU (share of all cores busy)', shares.machineCpuBusyShare],
  ];
  const binding = candidates.sort((a, b) => b[1] - a[1])[0];
  return {
    titles,
    failed: m.failed,
    status: 'publish',
    liveSeconds: round(m.liveSeconds),
    titlesPerSecondLive: round(titles / m.liveSeconds),
    peopleCompleteSeconds: round(m.peopleCompleteSeconds),
    wordpressRequestsPerTitleUntilLive: round(wpUntilLive / titles),
    wordpressRequestsPerTitleInAll: round(sum(byRoute) / titles),
    wordpressByRoute: byRoute,
    wordpressCpuMsPerTitle: Math.round(((end.apacheCpu - before.apacheCpu) / titles) * 1000),
    tmdbRequestsPerTitle: round((end.tmdb - before.tmdb) / titles),
    tmdbImagesPerTitle: round((end.images - before.images) / titles),
    sidecarPeakRssMiB: mib(m.peakRss),
    ...shares,
    wordpressUntilLive,
    wordpressInAll,
    binding: `${binding[0]}: ${Math.round(binding[1] * 100)} %`,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
