/**
 * A real WordPress 6.1 behind a small proxy that can go down or hold requests: an import during an
 * 8 s outage loses no title, and a request held past WP_TIMEOUT_MS is retried instead of failing
 * the title for good. The proxy never forwards a request it drops, so WordPress wrote nothing for it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jobInput } from '../../src/domain/job-registry';
import { DETAILS_ONLY, freshTmdbIds } from '../support/jobs-fixtures';
import { startFullStack, FullStack } from './support/full-stack';

jest.setTimeout(900_000);

type Mode = 'up' | 'down' | 'hold';

/** Forwards to WordPress while `up`; `down` resets every connection, `hold` never answers (nor forwards). */
async function startProxy(target: string): Promise<{ url: string; mode: Mode; dropped: number; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const proxy = {
    url: '',
    mode: 'up' as Mode,
    dropped: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    if (proxy.mode !== 'up') {
      proxy.dropped += 1;
      if (proxy.mode === 'down') req.socket.destroy();
      return;
    }
    const forward = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

describe('a WordPress that goes away for a while', () => {
  let s: FullStack;
  let proxy: Awaited<ReturnType<typeof startProxy>>;

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18111, sidecarPort: 18811, dbName: `tmu_e2e_wp_outage_${process.pid}` });
    proxy = await startProxy(s.wp.url);
    await s.restartSidecar({ WP_URL: proxy.url, WP_TIMEOUT_MS: '3000' });
  });
  afterAll(async () => {
    await s?.close();
    await proxy?.close();
  });

  const movies = async (ids: number[]) =>
    Number(
      (
        await s.app
          .db(`${s.wp.tablePrefix}postmeta as m`)
          .join(`${s.wp.tablePrefix}posts as p`, 'p.ID', 'm.post_id')
          .where({ 'm.meta_key': 'tmdb_id', 'p.post_type': 'movie' })
          .whereIn('m.meta_value', ids.map(String))
          .count({ n: '*' })
      )[0].n,
    );

  it('imports every title of a job that meets an 8 s outage', async () => {
    const ids = freshTmdbIds(3);
    const { job } = await s.app.jobs.enqueue(jobInput('import', { items: ids.map((tmdb_id) => ({ type: 'movie' as const, tmdb_id })), options: DETAILS_ONLY }));
    proxy.mode = 'down';
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    proxy.mode = 'up';
    expect(await s.waitForJobEnd(job.id, 600_000)).toBe('succeeded');
    const ended = await s.app.jobs.get(job.id);
    expect(ended).toMatchObject({ attempts: 1, progress: { done: 3, failed: 0, total: 3 } });
    expect(proxy.dropped).toBeGreaterThan(0);
    expect(await movies(ids)).toBe(3);
  });

  it('retries a title whose WordPress request is held past WP_TIMEOUT_MS', async () => {
    const [id] = freshTmdbIds(1);
    proxy.mode = 'hold';
    const dropped = proxy.dropped;
    const { job } = await s.app.jobs.enqueue(jobInput('sync', { type: 'movie', tmdb_id: id, options: DETAILS_ONLY }));
    const deadline = Date.now() + 120_000;
    while (proxy.dropped === dropped && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // Held a little longer than one timeout, then WordPress answers again.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    proxy.mode = 'up';
    expect(await s.waitForJobEnd(job.id, 600_000)).toBe('succeeded');
    expect((await s.app.jobs.get(job.id))!.attempts).toBeGreaterThan(1);
    expect(await movies([id])).toBe(1);
  });
});
