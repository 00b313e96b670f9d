/**
 * What a database connection keeps in memory. mysql2 preallocates a prepared-statement cache of
 * 16,000 slots per connection (four arrays, about 0.5 MiB of heap); knex never prepares
 * statements, so a pool of 12 carried 6 MiB of empty slots that V8 then let grow several times over.
 */
import type { Knex } from 'knex';
import { knexConfigForUrl, PREPARED_STATEMENTS_PER_CONNECTION } from '../../src/repositories/database';
import { describeEachDatabase } from '../support/test-databases';

interface Mysql2Connection {
  _statements?: { max: number };
}

describeEachDatabase('database connection memory', (t) => {
  it('gives each MySQL connection a small prepared-statement cache', async () => {
    const config = knexConfigForUrl('mysql://root@127.0.0.1:3306/x').connection as Knex.MySql2ConnectionConfig;
    expect(config.maxPreparedStatements).toBe(PREPARED_STATEMENTS_PER_CONNECTION);
    expect(PREPARED_STATEMENTS_PER_CONNECTION).toBeLessThanOrEqual(16);
    if (t.kind !== 'mysql') return;
    const connection = (await t.db.client.acquireConnection()) as Mysql2Connection;
    try {
      expect(connection._statements?.max).toBe(PREPARED_STATEMENTS_PER_CONNECTION);
    } finally {
      await t.db.client.releaseConnection(connection);
    }
  });
});
