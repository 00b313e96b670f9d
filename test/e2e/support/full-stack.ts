import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../src/config/config';
import { startServer, RunningServer } from '../../../src/cli/commands/serve.command';
import { buildContainer, AppContainer } from '../../../src/main';
import { countRows } from '../../../src/repositories/repositories';
import { startTmdbStandin, TmdbStandin } from '../../../tools/tmdb-standin/tmdb-standin.server';
import { captureLogger } from '../../support/tmdb-standin/tmdb-test-kit';
import { projectRoot, shiftedPort, startWordPressStack, WordPressStack } from './wordpress-stack';

export const E2E_SECRET = 'e2e-full-stack-secret-0123456789abcdef';

export interface FullStack {
  wp: WordPressStack;
  standin: TmdbStandin;
  app: AppContainer;
  sidecar: RunningServer;
  sidecarUrl: string;
  api<T = any>(
    method: string,
    route: string,
    options?: { body?: unknown; query?: Record<string, string | number>; auth?: string | null },
  ): Promise<{ status: number; body: T }>;
  waitForJob(jobId: number, timeoutMs?: number): Promise<Record<string, any>>;
  /** Posts by type, terms, attachments, tmu_* rows and files in uploads. */
  snapshot(): Promise<Record<string, number>>;
  /** Waits until no job is queued or running (background people details included). */
  waitForIdle(timeoutMs?: number): Promise<void>;
  /** Waits, reading the job table directly every few ms, until the job is neither queued nor running; its status. */
  waitForJobEnd(jobId: number, timeoutMs?: number): Promise<string>;
  /** Requests the sidecar has made to WordPress so far, by "METHOD /route". */
  wordPressRequests(): Promise<Map<string, number>>;
  /**
   * Stops the sidecar (HTTP server, worker, container) and starts a new one on the same port with
   * these env overrides, e.g. another TMU_WEBHOOK_SECRET; `app` and `sidecar` then point to the new one.
   */
  restartSidecar(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export interface FullStackOptions {
  wpPort: number;
  sidecarPort: number;
  dbName: string;
  env?: Record<string, string>;
  /** The stand-in's pace (default: fast, 1,000 requests/s, no latency). */
  standin?: { rps: number; latencyMs: number };
  /** The one key the stand-in accepts (default: its own short one, which the settings page would refuse). */
  standinApiKey?: string;
  /** Imports and bulks make pages live first and complete titles in background jobs, as `serve` does (default true). */
  pagesFirst?: boolean;
}

/** MariaDB + WordPress with the plugin + the sidecar (HTTP API and worker) + the TMDb stand-in. */
export async function startFullStack(options: FullStackOptions): Promise<FullStack> {
  const sidecarPort = shiftedPort(options.sidecarPort);
  const sidecarUrl = `http://127.0.0.1:${sidecarPort}`;
  const standin = await startTmdbStandin({ ...(options.standin ?? { rps: 1000 }), ...(options.standinApiKey ? { apiKey: options.standinApiKey } : {}) });
  const wp = await startWordPressStack({
    port: options.wpPort,
    dbName: options.dbName,
    pluginSource: path.join(projectRoot(__dirname), 'wp-plugin', 'tmu-sidecar'),
    constants: { TMU_SIDECAR_URL: sidecarUrl, TMU_WEBHOOK_SECRET: E2E_SECRET },
  });
  const env: Record<string, string> = {
    DATABASE_URL: wp.db.url,
    TABLE_PREFIX: wp.tablePrefix,
    WP_URL: wp.url,
    WP_USERNAME: wp.admin.username,
    WP_APP_PASSWORD: wp.appPassword,
    TMU_WEBHOOK_SECRET: E2E_SECRET,
    HOST: '127.0.0.1',
    PORT: String(sidecarPort),
    TMDB_API_KEY: standin.apiKey,
    TMDB_BASE_URL: standin.url,
    TMDB_IMAGE_BASE_URL: standin.imageBaseUrl,
    TMDB_MAX_RPS: '200',
    IMAGE_MAX_WIDTH: '780',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  // As `serve` builds it: people details and the rest of imported titles in background jobs.
  const build = { peopleInBackground: true, pagesFirst: options.pagesFirst ?? true };
  const app = await (async () => buildContainer(loadConfig(env), { logger: captureLogger('warn').logger, ...build }))().catch(async (error: unknown) => {
    // A refused config must not leave this WordPress serving on its port for the next suite.
    await wp.stop();
    await standin.close();
    throw error;
  });
  const sidecar = await startServer(app);

  const api: FullStack['api'] = async (method, route, opts = {}) => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const auth = opts.auth === undefined ? wp.authHeader : opts.auth;
    if (auth) headers.Authorization = auth;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(wp.restUrl(route, opts.query), { method, headers, body });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Non-JSON answers (PHP fatals) stay as text for the assertion message.
    }
    return { status: res.status, body: parsed };
  };

  // Read through `stack` (not the consts above) so that restartSidecar() swaps them everywhere.
  const stack: FullStack = {
    wp,
    standin,
    app,
    sidecar,
    sidecarUrl,
    api,
    async waitForJob(jobId, timeoutMs = 240_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const res = await api('GET', `/tmu/v1/jobs/${jobId}`);
        if (res.status === 200 && !['queued', 'running'].includes(res.body.status)) return res.body;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`job ${jobId} did not finish in ${timeoutMs} ms`);
    },
    async waitForJobEnd(jobId, timeoutMs = 240_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const row = await stack.app.db(`${wp.tablePrefix}tmu_sync_jobs`).where({ id: jobId }).first('status');
        if (row && !['queued', 'running'].includes(String(row.status))) return String(row.status);
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error(`job ${jobId} did not finish in ${timeoutMs} ms`);
    },
    async waitForIdle(timeoutMs = 240_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const [{ n }] = await stack.app.db(`${wp.tablePrefix}tmu_sync_jobs`).whereIn('status', ['queued', 'running']).count({ n: '*' });
        if (Number(n) === 0) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`jobs still queued or running after ${timeoutMs} ms`);
    },
    async wordPressRequests() {
      const metric = await stack.app.metrics.registry.getSingleMetric('tmu_wordpress_requests_total')?.get();
      const counts = new Map<string, number>();
      for (const v of metric?.values ?? []) counts.set(`${v.labels.method} ${v.labels.route}`, Number(v.value));
      return counts;
    },
    async snapshot() {
      const db = stack.app.db;
      const p = wp.tablePrefix;
      const posts: Array<{ post_type: string; n: number }> = await db(`${p}posts`)
        .select('post_type')
        .count({ n: '*' })
        .whereNot('post_status', 'auto-draft')
        .groupBy('post_type');
      const [{ n: terms }] = await db(`${p}terms`).count({ n: '*' });
      const [{ n: relationships }] = await db(`${p}term_relationships`).count({ n: '*' });
      const [{ n: postmeta }] = await db(`${p}postmeta`).count({ n: '*' });
      // Bookkeeping that grows with every request: cached answers, jobs, log lines, remembered webhook deliveries.
      const { tmu_api_cache: _cache, tmu_sync_jobs: _jobs, tmu_sync_log: _log, tmu_sync_deliveries: _deliveries, ...rows } = await countRows(db, p);
      return {
        ...Object.fromEntries(posts.map((r) => [`posts:${r.post_type}`, Number(r.n)])),
        terms: Number(terms),
        term_relationships: Number(relationships),
        postmeta: Number(postmeta),
        ...rows,
        upload_files: countFiles(wp.uploadsDir),
      };
    },
    async restartSidecar(overrides = {}) {
      await stack.sidecar.close();
      await stack.app.close();
      stack.app = await buildContainer(loadConfig({ ...env, ...overrides }), { logger: captureLogger('warn').logger, ...build });
      stack.sidecar = await startServer(stack.app);
    },
    async close() {
      await stack.sidecar.close().catch(() => undefined);
      await stack.app.close().catch(() => undefined);
      await wp.stop().catch(() => undefined);
      await standin.close().catch(() => undefined);
    },
  };
  return stack;
}

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    n += entry.isDirectory() ? countFiles(full) : 1;
  }
  return n;
}
