import { Writable } from 'node:stream';
import type { TmdbConfig } from '../../../src/config/config';
import { createLogger, Logger } from '../../../src/config/logger';
import type { TmdbStandin } from '../../../tools/tmdb-standin/tmdb-standin.server';

/** A TmdbConfig pointing at a running stand-in with its key; override anything. */
export function standinTmdbConfig(standin: TmdbStandin, overrides: Partial<TmdbConfig> = {}): TmdbConfig {
  return {
    apiKey: standin.apiKey,
    baseUrl: standin.url,
    imageBaseUrl: standin.imageBaseUrl,
    maxRps: 40,
    maxConnections: 8,
    timeoutMs: 2000,
    maxRetries: 3,
    language: 'en-US',
    ...overrides,
  };
}

export interface CapturedLog {
  logger: Logger;
  text(): string;
  lines(): Array<Record<string, unknown>>;
}

/** The project logger (createLogger), writing to memory so tests can read every line. */
export function captureLogger(level = 'debug', secrets: string[] = []): CapturedLog {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ level, destination, secrets });
  return {
    logger,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
