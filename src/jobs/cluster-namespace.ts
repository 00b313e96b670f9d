import { createHash } from 'node:crypto';
import { parseDatabaseUrl } from '../repositories/database';

/**
 * The Redis key prefix of one site: sidecars that share a database and table
 * prefix share their jobs, schedules and TMDb limiter; other sites on the same
 * Redis (and every test database) stay apart. The password never enters it.
 */
export function clusterNamespace(databaseUrl: string, tablePrefix: string): string {
  const parsed = parseDatabaseUrl(databaseUrl);
  const identity = parsed.kind === 'sqlite' ? `sqlite:${parsed.filename}` : `mysql:${parsed.host}:${parsed.port}/${parsed.database ?? ''}`;
  return `tmu:${createHash('sha256').update(`${identity}|${tablePrefix}`).digest('hex').slice(0, 12)}`;
}
