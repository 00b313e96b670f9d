/**
 * Knex configuration for the knex CLI and tooling, built from the environment:
 * DATABASE_URL (default sqlite:./data/tmu.sqlite) and TABLE_PREFIX (default wp_).
 * Migrations come from the code-based source in migrations/ (no file globbing),
 * recorded in `${TABLE_PREFIX}tmu_migrations`. The sidecar itself runs them
 * through migrateToLatest() (src/repositories/database.ts).
 */
import type { Knex } from 'knex';
import { migratorConfig } from './migrations/migration-source';
import { ensureSqliteDirectory, knexConfigForUrl } from './src/repositories/database';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/tmu.sqlite';
export const DEFAULT_TABLE_PREFIX = 'wp_';

export function buildKnexConfig(env: NodeJS.ProcessEnv = process.env): Knex.Config {
  const url = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const prefix = env.TABLE_PREFIX ?? DEFAULT_TABLE_PREFIX;
  if (!/^[A-Za-z0-9_]*$/.test(prefix)) throw new Error('TABLE_PREFIX: only letters, digits and _');
  ensureSqliteDirectory(url);
  return { ...knexConfigForUrl(url), migrations: migratorConfig(prefix) };
}

const config: Knex.Config = buildKnexConfig();
export default config;
