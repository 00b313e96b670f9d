import { performance } from 'node:perf_hooks';
import { startFullStack } from '../e2e/support/full-stack';
import { TMDB_PACE } from './bench-support';

async function main(): Promise<void> {
  const s = await startFullStack({ wpPort: 18096, sidecarPort: 18796, dbName: `tmu_trace_${process.pid}`, standin: TMDB_PACE, env: { TMDB_MAX_RPS: '40' } });
  try {
    for (let round = 0; round < 2; round++) {
      const created = await s.api('POST', '/wp/v2/movie', { body: { title: '', status: 'draft', meta: { tmdb_id: round === 0 ? 550 : 551 } } });
      const t0 = performance.now();
      const queued = await s.api('POST', '/tmu/v1/sync', { body: { post_id: created.body.id } });
      const id = queued.body.job_id;
      let last = '';
      for (;;) {
        const row = await s.app.db(`${s.wp.tablePrefix}tmu_sync_jobs`).where({ id }).first("status", "progress", "attempts", "error");
        const now = `${row.status} a${row.attempts} ${row.error ?? ""} ${row.progress}`;
        if (now !== last) { console.log(((performance.now() - t0) / 1000).toFixed(3), now); last = now; }
        if (!['queued', 'running'].includes(row.status)) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      console.log(JSON.stringify(Object.fromEntries(await s.wordPressRequests())));
      await s.waitForIdle(600_000);
    }
  } finally {
    await s.close();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
