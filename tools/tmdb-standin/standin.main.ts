/**
 * Runs the TMDb stand-in on its own, for e2e runs and manual use:
 *   npm run build:tools
 *   PORT=8788 TMDB_STANDIN_API_KEY=test-tmdb-key node dist-tools/tools/tmdb-standin/standin.main.js
 * TMDB_STANDIN_IMAGES=photo serves images that compress like TMDb's instead of flat colours.
 * Prints the API root on stdout (first line), then serves until SIGINT/SIGTERM.
 */
import { ImageStyle, startTmdbStandin } from './tmdb-standin.server';

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${raw}`);
  return value;
}

function imageStyleFromEnv(): ImageStyle | undefined {
  const raw = process.env.TMDB_STANDIN_IMAGES;
  if (raw === undefined || raw === '') return undefined;
  if (raw !== 'flat' && raw !== 'photo') throw new Error(`TMDB_STANDIN_IMAGES must be flat or photo, got ${raw}`);
  return raw;
}

async function main(): Promise<void> {
  const retryAfter = process.env.TMDB_STANDIN_RETRY_AFTER;
  const standin = await startTmdbStandin({
    port: numberFromEnv('PORT') ?? 0,
    host: process.env.HOST || '127.0.0.1',
    apiKey: process.env.TMDB_STANDIN_API_KEY || undefined,
    rps: numberFromEnv('TMDB_STANDIN_RPS'),
    retryAfterSeconds: retryAfter === 'none' ? null : numberFromEnv('TMDB_STANDIN_RETRY_AFTER'),
    latencyMs: numberFromEnv('TMDB_STANDIN_LATENCY_MS'),
    syntheticSize: numberFromEnv('TMDB_STANDIN_SYNTHETIC_SIZE'),
    images: imageStyleFromEnv(),
  });
  process.stdout.write(`${standin.url}\n`);
  process.stderr.write(`TMDb stand-in: api ${standin.url}, images ${standin.imageBaseUrl}, key ${standin.apiKey}\n`);
  const stop = () => {
    standin.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`tmdb stand-in failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
