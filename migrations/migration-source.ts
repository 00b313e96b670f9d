/**
 * A code-based knex MigrationSource: no file globbing, so the same migrations
 * run from ts-jest (TypeScript sources) and from the compiled dist/ tree.
 */
import type { Knex } from 'knex';
import { MIGRATIONS, TmuMigration } from './index';

export function migrationTableName(tablePrefix: string): string {
  return `${tablePrefix}tmu_migrations`;
}

export function createMigrationSource(tablePrefix: string, migrations: readonly TmuMigration[] = MIGRATIONS): Knex.MigrationSource<TmuMigration> {
  return {
    async getMigrations() {
      return [...migrations];
    },
    getMigrationName(migration) {
      return migration.name;
    },
    async getMigration(migration) {
      return {
        up: (knex: Knex) => migration.up(knex, tablePrefix),
        down: (knex: Knex) => (migration.down ? migration.down(knex, tablePrefix) : Promise.resolve()),
      };
    },
  };
}

/** The knex migrator settings for a prefix (migration source + `${prefix}tmu_migrations`). */
export function migratorConfig(tablePrefix: string): Knex.MigratorConfig {
  return { migrationSource: createMigrationSource(tablePrefix), tableName: migrationTableName(tablePrefix) };
}
