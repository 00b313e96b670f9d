/**
 * Reliability part 4: load. 50 signed senders at once for RELIABILITY_LOAD_SECONDS
 * (default 60); p50 and p99 time to a 202, the error count, and every accepted
 * delivery found in the queue.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startServer, RunningServer } from '../../src/cli/commands/serve.command';
import { signedHeaders } from '../../src/http/webhook-signature';
import { createTestDatabase, mysqlTestUrl, TestDatabase } from '../support/test-databases';
import { TEST_WEBHOOK_SECRET } from '../support/signed-client';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { Figures } from './figures';

const SENDERS = 50;
const SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 60);

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

describe('reliability: load', () => {
  let test: TestDatabase;
  let h: SyncHarness;
  let server: RunningServer;
  const figures = new Figures('load');

  beforeAll(async () => {
    // The database a site runs on (MariaDB when available); the queue is what is measured, not TMDb.
    test = await createTestDatabase(mysqlTestUrl() ? 'mysql' : 'sqlite', 'reliability-load');
    h = await startSyncHarness(
      { ...test, table: (name: string) => `${test.prefix}${name}` },
      { env: { TMU_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, PORT: '0', LOG_LEVEL: 'error' } },
    );
    server = await startServer(h.app);
  });
  afterAll(async () => {
    figures.print();
    await server?.close();
    await h?.close();
    await test?.destroy();
  });

  it(
    `accepts ${SENDERS} concurrent signed senders for ${SECONDS} s without losing a delivery`,
    async () => {
      const until = performance.now() + SECONDS * 1000;
      const latencies: number[] = [];
      const accepted = new Map<string, number>();
      const errors = new Map<string, number>();
      let next = 800_000_000 + Math.floor(Math.random() * 50_000_000);
      const sender = async () => {
        while (performance.now() < until) {
          const delivery = randomUUID();
          const body = JSON.stringify({ event: 'sync.requested', type: 'movie', tmdb_id: (next += 1), options: { images: false } });
          const headers = { 'content-type': 'application/json', ...signedHeaders(TEST_WEBHOOK_SECRET, 'POST', '/webhooks/wordpress', body, delivery) };
          const started = performance.now();
          try {
            const res = await fetch(`${server.url}/webhooks/wordpress`, { method: 'POST', headers, body });
            const json = (await res.json()) as { job_id?: number };
            if (res.status === 202 && json.job_id) {
              latencies.push(performance.now() - started);
              accepted.set(delivery, json.job_id);
            } else errors.set(String(res.status), (errors.get(String(res.status)) ?? 0) + 1);
          } catch (error) {
            errors.set('network', (errors.get('network') ?? 0) + 1);
          }
        }
      };
      await Promise.all(Array.from({ length: SENDERS }, sender));
      latencies.sort((a, b) => a - b);
      const rows: Array<{ delivery_id: string; id: number }> = await test
        .db(`${test.prefix}tmu_sync_jobs`)
        .whereIn('delivery_id', [...accepted.keys()].slice(0, 50_000))
        .select('delivery_id', 'id');
      const found = new Map(rows.map((r) => [r.delivery_id, Number(r.id)]));
      const lost = [...accepted].filter(([delivery, id]) => found.get(delivery) !== id).length;
      figures.add('database', test.kind);
      figures.add('senders x seconds', `${SENDERS} x ${SECONDS}`);
      figures.add('202 answers', accepted.size);
      figures.add('requests per second', Math.round(accepted.size / SECONDS));
      figures.add('p50 time to 202 (ms)', percentile(latencies, 50).toFixed(1));
      figures.add('p99 time to 202 (ms)', percentile(latencies, 99).toFixed(1));
      figures.add('errors', JSON.stringify(Object.fromEntries(errors)) === '{}' ? 0 : JSON.stringify(Object.fromEntries(errors)));
      figures.add('deliveries lost', lost);
      expect(accepted.size).toBeGreaterThan(0);
      expect(lost).toBe(0);
      expect([...errors.values()].reduce((a, b) => a + b, 0)).toBe(0);
    },
    (SECONDS + 120) * 1000,
  );
});
