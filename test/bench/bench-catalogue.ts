/**
 * BENCH_PARTS=catalogue: N new titles (BENCH_CATALOGUE_TITLES, default 500) imported through the plugin's
 * POST tmu/v1/import (as the import screen does, published, images, videos and credits on) into WordPress 6.1
 * on Apache 2 + mod_php, with the sidecar `serve` (its own process, default settings) on MariaDB and the TMDb
 * stand-in (its own process) at TMDb's pace. Measures until every page is live (published post + tmu_movies
 * row + poster) and until everything is complete (no job queued or running: background images, people).
 * The stand-in serves photo-like images unless BENCH_CATALOGUE_IMAGES=flat. BENCH_CATALOGUE_STOP=live stops
 * once every page is live (for iterating on the page stage).
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import { isAdultSynthetic } from '../../tools/tmdb-standin/synthetic-ids';
import { freshTmdbIds } from '../support/jobs-fixtures';
import { startApacheWordPress, ApacheWordPress } from './apache-wordpress';
import { catalogueFigures, CatalogueFigures, Snapshot } from './bench-catalogue-figures';
import { apacheCpuSeconds, machineCpu, mariadbPid, metricSum, peakRssBytes, processCpuSeconds } from './bench-catalogue-probes';
import { jobState, jobSummary, livePages, openJobsByType, peopleDetails } from './bench-catalogue-queries';
import { ChildStandin, line, startChildStandin, sum, TMDB_PACE } from './bench-support';

export type { CatalogueFigures } from './bench-catalogue-figures';

/** BENCH_CATALOGUE_PORT_OFFSET moves all three, so two benches can run side by side. */
const PORT_OFFSET = Number(process.env.BENCH_CATALOGUE_PORT_OFFSET ?? 0);
const PORTS = { apache: 18131 + PORT_OFFSET, setup: 18132 + PORT_OFFSET, sidecar: 18831 + PORT_OFFSET };
const SECRET = 'bench-catalogue-secret-0123456789abcdef';
/** The import route takes at most 500 items per request (Import_Rest::MAX_ITEMS). */
const BATCH = 500;

interface Sidecar {
  child: ChildProcess;
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

async function startSidecar(env: Record<string, string>): Promise<Sidecar> {
  // The product's own build (npm run build), as an operator runs it: dist-tools/ holds only what the tools import.
  const bin = path.join(__dirname, '..', '..', '..', 'dist', 'src', 'cli', 'bin.js');
  // BENCH_SIDECAR_LOG keeps the sidecar's log lines (warnings and errors) in a file.
  const logFile = process.env.BENCH_SIDECAR_LOG;
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  // BENCH_SIDECAR_ENV ("NAME=value NAME=value") sets variables for the sidecar alone, not Apache or the stand-in (A/B runs of a setting).
  const own = Object.fromEntries(
    (process.env.BENCH_SIDECAR_ENV ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  // BENCH_SIDECAR_NODE_ARGS: node flags for the sidecar alone ("--cpu-prof --cpu-prof-dir=/tmp/prof", which NODE_OPTIONS refuses).
  const nodeArgs = (process.env.BENCH_SIDECAR_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, bin, 'serve'], { env: { ...process.env, MALLOC_ARENA_MAX: '2', ...own, ...env }, stdio: ['ignore', out, 'inherit'] });
  if (typeof out === 'number') fs.closeSync(out);
  const url = `http://127.0.0.1:${PORTS.sidecar}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the sidecar exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
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

async function snapshot(site: ApacheWordPress, sidecar: Sidecar, mariadb: number): Promise<Snapshot> {
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
    mariadbCpu: processCpuSeconds(mariadb),
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

/** Synthetic ids the stand-in does not mark adult (those the sidecar refuses without ALLOW_ADULT). */
function catalogueIds(titles: number): number[] {
  const ids: number[] = [];
  while (ids.length < titles) ids.push(...freshTmdbIds(titles - ids.length).filter((id) => !isAdultSynthetic('movie', id)));
  return ids;
}

/**
 * BENCH_CATALOGUE_TRACE=<file>: one JSON line every 5 s (TMDb and WordPress requests so far, CPU, RSS, open jobs by
 * type, pages live), to see what binds each stretch of the run.
 */
function startTrace(file: string | undefined, site: ApacheWordPress, sidecar: Sidecar, db: mysql.Connection, mariadb: number, started: number): () => void {
  if (!file) return () => undefined;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      const s = await snapshot(site, sidecar, mariadb);
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${sidecar.child.pid}/status`, 'utf8'))?.[1] ?? 0);
      const row = {
        t: Math.round((performance.now() - started) / 100) / 10,
        tmdb: s.tmdb,
        images: s.images,
        wordpress: sum(s.wordpress),
        sidecarCpu: s.sidecarCpu,
        apacheCpu: s.apacheCpu,
        mariadbCpu: s.mariadbCpu,
        rssMiB: Math.round(rssKb / 102.4) / 10,
        live: await livePages(db, site.wp.tablePrefix),
        jobs: await openJobsByType(db, site.wp.tablePrefix),
      };
      fs.appendFileSync(file, `${JSON.stringify(row)}\n`);
    })()
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, 5000);
  return () => clearInterval(timer);
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * The stand-in serves photo-like images (BENCH_CATALOGUE_IMAGES=flat: flat colours), so the sidecar's encodes and
 * WordPress's uploads weigh what TMDb's pictures would. startChildStandin hands this process's env to the child.
 */
async function startStandin(images: 'photo' | 'flat'): Promise<ChildStandin> {
  const previous = process.env.TMDB_STANDIN_IMAGES;
  process.env.TMDB_STANDIN_IMAGES = images;
  try {
    return await startChildStandin(TMDB_PACE);
  } finally {
    if (previous === undefined) delete process.env.TMDB_STANDIN_IMAGES;
    else process.env.TMDB_STANDIN_IMAGES = previous;
  }
}

export async function benchCatalogue(titles: number): Promise<CatalogueFigures> {
  const images = process.env.BENCH_CATALOGUE_IMAGES === 'flat' ? 'flat' : 'photo';
  const standin = await startStandin(images);
  let site: ApacheWordPress | undefined;
  let sidecar: Sidecar | undefined;
  let db: mysql.Connection | undefined;
  let stopTrace = () => undefined as void;
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
    const mariadb = mariadbPid();
    const before = await snapshot(site, sidecar, mariadb);
    const started = performance.now();
    const startedEpoch = Date.now() / 1000;
    stopTrace = startTrace(process.env.BENCH_CATALOGUE_TRACE, site, sidecar, db, mariadb, started);
    await importAll(site, ids);
    // Live: every title, or (when some failed) every title the import jobs report imported.
    await waitFor('all pages live', timeoutMs, async () => {
      const n = await livePages(db!, wp.tablePrefix);
      if (n >= titles) return true;
      const state = await jobState(db!, wp.tablePrefix);
      return state.importsOpen === 0 && n >= state.imported;
    });
    const liveSeconds = (performance.now() - started) / 1000;
    const live = await snapshot(site, sidecar, mariadb);
    // BENCH_CATALOGUE_STOP=live: stop once every page is live (the figures "in all" are then those until live).
    const stopAtLive = process.env.BENCH_CATALOGUE_STOP === 'live';
    if (!stopAtLive) await waitFor('all jobs ended', timeoutMs, async () => (await jobState(db!, wp.tablePrefix)).open === 0);
    const peopleCompleteSeconds = stopAtLive ? Number.NaN : (performance.now() - started) / 1000;
    stopTrace();
    const end = stopAtLive ? live : await snapshot(site, sidecar, mariadb);
    const { failed } = await jobState(db, wp.tablePrefix);
    const people = await peopleDetails(db, wp.tablePrefix);
    if (failed > 0) line('  titles the import reported failed', String(failed));
    line('  jobs (type status: count, attempts, last finished)', JSON.stringify(await jobSummary(db, wp.tablePrefix)));
    return catalogueFigures({
      titles,
      failed,
      images,
      before,
      live,
      end,
      liveSeconds,
      peopleCompleteSeconds,
      people: { ...people, lastSeconds: people.lastSyncedEpoch === null ? Number.NaN : people.lastSyncedEpoch - startedEpoch },
      peakRss: peakRssBytes(sidecar.child.pid ?? 0),
      accessLog: site.accessLog,
    });
  } finally {
    stopTrace();
    // BENCH_CATALOGUE_ACCESS_LOG keeps Apache's access log (time, microseconds, status, request line) in a file.
    const keep = process.env.BENCH_CATALOGUE_ACCESS_LOG;
    if (keep && site) fs.copyFileSync(site.accessLog, keep);
    await db?.end().catch(() => undefined);
    await sidecar?.stop().catch(() => undefined);
    await site?.stop().catch(() => undefined);
    await standin.close().catch(() => undefined);
  }
}
