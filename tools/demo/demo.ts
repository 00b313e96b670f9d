import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { describeError } from '../../src/errors';
import { buildContainer } from '../../src/main';
import { countRows } from '../../src/repositories/repositories';
import type { SyncResult, SyncType } from '../../src/services/sync/sync.types';
import { formatSyncResult } from '../../src/services/sync/sync.types';
import { startTmdbStandin } from '../tmdb-standin/tmdb-standin.server';

const JOBS: Array<{ type: SyncType; id: number }> = [
  { type: 'movie', id: 550 },
  { type: 'tv', id: 1399 },
  { type: 'person', id: 287 },
];

/**
 * `npm run demo`: the main job on embedded defaults. SQLite, the local content
 * store, and recorded TMDb responses served by the stand-in (real TMDb when
 * TMDB_API_KEY or TMDB_ACCESS_TOKEN is set).
 */
async function main(): Promise<void> {
  const env = { ...process.env };
  const useRealTmdb = Boolean(env.TMDB_API_KEY || env.TMDB_ACCESS_TOKEN);
  const standin = useRealTmdb ? null : await startTmdbStandin({ apiKey: 'demo-key', rps: 200 });
  const dataDir = path.resolve('data');
  if (!env.DATABASE_URL) {
    fs.rmSync(path.join(dataDir, 'demo.sqlite'), { force: true });
    fs.rmSync(path.join(dataDir, 'demo-uploads'), { recursive: true, force: true });
  }
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    DATABASE_URL: `sqlite:${path.join(dataDir, 'demo.sqlite')}`,
    UPLOADS_DIR: path.join(dataDir, 'demo-uploads'),
    ...env,
    // The local stand-in allows more than TMDb's ~40 req/s, so the demo does not wait on it.
    ...(standin ? { TMDB_API_KEY: 'demo-key', TMDB_BASE_URL: standin.url, TMDB_IMAGE_BASE_URL: standin.imageBaseUrl, TMDB_MAX_RPS: '150' } : {}),
  });
  const app = await buildContainer(config);
  const started = Date.now();
  try {
    out(`TMU Sidecar demo: TMDb ${standin ? `stand-in at ${standin.url} (recorded responses)` : config.tmdb.baseUrl}`);
    out(`database ${config.database.url}, column format ${config.columnFormat}\n`);
    const results: SyncResult[] = [];
    for (const job of JOBS) {
      const result = await app.sync.sync(job.type, job.id, { seasons: 'all' });
      results.push(result);
      out(`  ${formatSyncResult(result)}`);
    }
    const firstRequests = standin?.stats().requests;
    const rows = await countRows(app.db, config.database.tablePrefix);
    const content = await app.localStore?.countLocalContent();

    out('\nSummary');
    out(
      `  titles    ${results
        .filter((r) => r.type !== 'person')
        .map((r) => `${r.title} (${r.type} ${r.tmdbId})`)
        .join(', ')}`,
    );
    out(`  people    ${rows.tmu_people ?? 0} rows`);
    out(`  seasons   ${rows.tmu_tv_series_seasons ?? 0}, episodes ${rows.tmu_tv_series_episodes ?? 0}`);
    out(`  videos    ${rows.tmu_videos ?? 0}, images ${content ? content.attachments : 'n/a'} attachments`);
    if (content)
      out(
        `  posts     ${Object.entries(content.posts)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')}; terms ${content.terms}`,
      );
    out('  rows per table:');
    for (const [table, count] of Object.entries(rows)) out(`    ${table.padEnd(28)} ${count}`);
    if (standin) out(`  TMDb requests: ${firstRequests} (peak ${standin.stats().peakConnections} connections, ${standin.stats().overLimit} over the limit)`);

    // A second pass proves re-running is harmless: no new posts, rows or attachments.
    for (const job of JOBS) await app.sync.sync(job.type, job.id, { seasons: 'all' });
    const again = await countRows(app.db, config.database.tablePrefix);
    const changed = Object.keys(rows).filter((t) => rows[t] !== again[t]);
    out(`\nRe-sync of all three: ${changed.length === 0 ? 'no row counts changed' : `CHANGED: ${changed.join(', ')}`}`);
    out(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    if (changed.length > 0) process.exitCode = 1;
  } finally {
    await app.close();
    await standin?.close();
  }
}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${describeError(error)}\n`);
  process.exitCode = 1;
});
