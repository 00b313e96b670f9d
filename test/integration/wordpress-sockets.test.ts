/**
 * The WordPress client holds enough connections for every shared queue's requests at once (batches,
 * look-ups, media uploads) and room for single requests. With 8, the queues' 8 filled them, and in a
 * 500-title import a request waited 1.5 s on average for a socket (pages went live at 6.5 titles/s;
 * 10.5 with 16).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createContentStores } from '../../src/clients/content-store/content-stores.factory';
import { wordPressSockets } from '../../src/clients/wordpress/wordpress-site-state';
import { loadConfig } from '../../src/config/config';
import { createDatabase } from '../../src/repositories/database';

/** A WordPress stand-in that holds every request until `hold` are open at once (or a second passed). */
async function holdingServer(hold: number) {
  let open = 0;
  let peak = 0;
  const waiting: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    open += 1;
    peak = Math.max(peak, open);
    const answer = () => {
      open -= 1;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ id: 1, type: 'movie', status: 'publish', meta: {} }));
    };
    waiting.push(answer);
    if (open >= hold) waiting.splice(0).forEach((fn) => fn());
    else setTimeout(() => waiting.splice(0).forEach((fn) => fn()), 1_000);
    req.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, peak: () => peak, close: () => new Promise((r) => server.close(r)) };
}

it('opens a connection for each shared queue request in flight and the single requests beside them', async () => {
  const sockets = wordPressSockets(2, 4);
  expect(sockets).toBeGreaterThan(2 + 2 + 4);
  const wp = await holdingServer(sockets);
  const db = createDatabase('sqlite::memory:');
  try {
    const config = loadConfig({ TMDB_API_KEY: 'k', DATABASE_URL: 'sqlite::memory:', WP_URL: wp.url, WP_USERNAME: 'sidecar', WP_APP_PASSWORD: 'abcd efgh ijkl mnop' });
    expect(config.wordpress?.batchConcurrency).toBe(2);
    expect(config.images.uploadConcurrency).toBe(4);
    const logger = pino({ level: 'silent' });
    const stores = await createContentStores({ config, db, prefix: 'wp_', logger, onWordPressRequest: () => undefined, objectLock: { run: (_key, fn) => fn() } });
    const client = stores.wordpress;
    if (!client) throw new Error('no WordPress client');
    await Promise.all(Array.from({ length: sockets }, (_, i) => client.getPost('movie', i + 1)));
    expect(wp.peak()).toBe(sockets);
  } finally {
    await db.destroy();
    await wp.close();
  }
});
