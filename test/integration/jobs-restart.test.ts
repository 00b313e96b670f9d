/**
 * The compiled sidecar (`serve`) in a child process, killed with SIGKILL twice
 * in the middle of a 300-title bulk job and started again: the job is taken
 * over when its lease runs out and resumes from its checkpoint; every title is
 * synced once, no job is lost or left running (the bulk's title.complete jobs included).
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { builtSidecarBin } from '../support/sidecar-process';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { DETAILS_ONLY, detailRequests, freshTmdbIds, seedLibrary, waitFor, waitForJobEnd } from '../support/jobs-fixtures';

const ROOT = path.resolve(__dirname, '../..');
const TITLES = 300;
const LANES = 2;
const KILL_AT = [60, 160];

let bin: string;
let cleanupBuild: () => void = () => undefined;

/** The built CLI (dist/ when fresh, else src/ compiled into a temp dir). */
beforeAll(() => {
  ({ bin, cleanup: cleanupBuild } = builtSidecarBin());
}, 300_000);

afterAll(() => cleanupBuild());

describeEachDatabase('SIGKILL mid-bulk', (t) => {
  let h: SyncHarness;
  let child: ChildProcess | null = null;
  let output = '';

  beforeAll(async () => {
    h = await startSyncHarness(t);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await h?.close();
  });

  function startSidecar(): ChildProcess {
    const proc = spawn(process.execPath, [bin, 'serve'], {
      env: {
        PATH: process.env.PATH,
        NODE_PATH: path.join(ROOT, 'node_modules'),
        ...h.env,
        CONTENT_STORE: 'local',
        TMU_WEBHOOK_SECRET: 'restart-test-secret-0123456789',
        HOST: '127.0.0.1',
        PORT: '0',
        JOB_CONCURRENCY: String(LANES),
        BULK_LANES: String(LANES),
        JOB_LEASE_SECONDS: '2',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    return proc;
  }

  /** Resolves with how the process ended; a process still there after 15 s is killed and reported as 'hung'. */
  async function kill(proc: ChildProcess, signal: NodeJS.Signals): Promise<string> {
    if (proc.exitCode !== null || proc.signalCode !== null) return `already exited (${proc.exitCode ?? proc.signalCode})`;
    const exited = new Promise<string>((resolve) => proc.once('exit', (code, sig) => resolve(String(code ?? sig))));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    const how = await exited;
    clearTimeout(timer);
    return proc.signalCode === 'SIGKILL' && signal !== 'SIGKILL' ? 'hung' : how;
  }

  const synced = async (jobId: number) => (await h.app.syncLog.countByJob(jobId)).synced ?? 0;

  it('resumes after each kill and syncs every title exactly once', async () => {
    const titles = await seedLibrary(h.app, 'movie', freshTmdbIds(TITLES));
    const { job } = await h.app.jobs.enqueue({ type: 'bulk', payload: { types: ['movie'], options: DETAILS_ONLY }, objectKey: 'bulk:restart', maxAttempts: 10 });
    h.standin.resetStats();
    h.standin.setLatency(25);
    const killedAt: number[] = [];
    try {
      for (const threshold of KILL_AT) {
        child = startSidecar();
        await waitFor(`${threshold} synced titles (sidecar output: ${output.slice(-500)})`, async () => (await synced(job.id)) >= threshold, 60_000, 10);
        await kill(child, 'SIGKILL');
        killedAt.push(await synced(job.id));
      }
      child = startSidecar();
      const ended = await waitForJobEnd(h.app, job.id, 120_000);
      // Pages first: the bulk made each page live and queued the rest as title.complete jobs; they end before the stop.
      await waitFor('the background jobs to end', async () => (await t.db(t.table('tmu_sync_jobs')).whereIn('status', ['queued', 'running'])).length === 0, 120_000, 100);
      expect(await kill(child, 'SIGTERM')).toBe('0');

      expect(killedAt.every((n) => n < TITLES)).toBe(true);
      expect(ended).toMatchObject({ status: 'succeeded', attempts: 3, progress: { done: TITLES, failed: 0, total: TITLES } });
      expect(await t.db(t.table('tmu_sync_jobs')).whereIn('status', ['queued', 'running'])).toHaveLength(0);

      const log: Array<{ post_id: number; n: number }> = await t.db(t.table('tmu_sync_log')).select('post_id').count({ n: '*' }).where({ job_id: job.id }).groupBy('post_id');
      expect(log).toHaveLength(TITLES);
      expect(log.every((r) => Number(r.n) === 1)).toBe(true);
      const rows = await t.db(t.table('tmu_movies')).where('synced_at', '>=', ended.startedAt as Date);
      expect(rows).toHaveLength(TITLES);
      expect(await t.db(t.table('tmu_local_posts')).where({ type: 'movie' })).toHaveLength(TITLES);

      // A title in flight when the process died may be asked for again; nothing else is.
      const requests = detailRequests(h.standin.stats().byPath, 'movie');
      expect(titles.every((title) => (requests.get(title.tmdbId) ?? 0) >= 1)).toBe(true);
      const extra = [...requests.values()].reduce((a, b) => a + b, 0) - TITLES;
      expect(extra).toBeLessThanOrEqual(KILL_AT.length * LANES);
    } finally {
      h.standin.setLatency(0);
    }
  }, 240_000);
});
