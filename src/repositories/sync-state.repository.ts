import type { Knex } from 'knex';

/** tmu_sync_state: small key/value facts (last changes run per type, pushed settings, ...). */
export class SyncStateRepository {
  private readonly table: string;

  constructor(
    private readonly db: Knex | Knex.Transaction,
    prefix: string,
  ) {
    this.table = `${prefix}tmu_sync_state`;
  }

  async get(key: string): Promise<string | null> {
    const row = await this.db(this.table).where({ key }).first();
    return row ? (row.value as string | null) : null;
  }

  async set(key: string, value: string, now = new Date()): Promise<void> {
    await this.db(this.table).insert({ key, value, updated_at: now }).onConflict('key').merge(['value', 'updated_at']);
  }
}
