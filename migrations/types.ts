import type { Knex } from 'knex';

/** A migration is a function of the table prefix (TABLE_PREFIX is a runtime value). */
export interface TmuMigration {
  /** Stable name stored in `${prefix}tmu_migrations`; never rename. */
  name: string;
  up(knex: Knex, prefix: string): Promise<void>;
  down?(knex: Knex, prefix: string): Promise<void>;
}
