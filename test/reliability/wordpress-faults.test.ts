/**
 * Reliability: a real WordPress (php -S, the plugin, MariaDB) under the faults real hosting has,
 * between it and the sidecar a proxy that loses answers after WordPress committed, answers 504 at
 * 3 s while PHP goes on inserting, holds answers past WP_TIMEOUT_MS, refuses big uploads (413) and
 * goes down for 8 s; inside it PHP notices in every answer, a 3 s time limit, slow inserts and a full
 * uploads disk. Titles come both ways (signed webhook, the plugin's import route). Per fault: no post,
 * term or attachment twice, no title lost, no post without its row, every refused image listed, no
 * empty file in uploads.
 */
import { performance } from 'node:perf_hooks';
import { isAdultSynthetic } from '../../tools/tmdb-standin/synthetic-ids';
import { startFullStack, FullStack } from '../e2e/support/full-stack';
import { Figures } from './figures';
import type { Title } from './fault-run/titles';
import { BigCredits, sendWebhooks, startImport, title, WITH_EVERYTHING } from './wordpress-faults/drive';
import { FaultProxy, Policy, startFaultProxy } from './wordpress-faults/fault-proxy';
import { PhaseOutcome, phaseLine, unfinishedJobs } from './wordpress-faults/phase-figures';
import { SiteFaultControl, SiteFaults, UploadsDisk } from './wordpress-faults/site-faults';
import { Driven, emptyFiles, lostTitles, postsWithoutRows, strayFiles, unlistedSkips, wordPressCopies } from './wordpress-faults/wordpress-checks';

jest.setTimeout(10 * 60_000);

const WP_TIMEOUT_MS = 4_000;
const GATEWAY_TIMEOUT_MS = 3_000;
const HOLD_MS = 6_000;
const TIME_LIMIT_S = 3;
const SLOW_INSERT_MS = 150;
/** Flat-colour images: one small image goes up in a media request of about 2-2.5 KB (its sizes and the item list included), a poster with its sizes or several images in more. */
const UPLOAD_LIMIT_BYTES = 2_600;
const OUTAGE_MS = 8_000;
const BIG_CAST = { webhook: 150, import: 40 };
const BASE: SiteFaults = { notice: true, timeLimitS: TIME_LIMIT_S, slowInsertMs: 0 };
/** Every phase's jobs must end by then (a fault that keeps a title retrying shows as a failed `it`, not a hang). */
const PHASE_LIMIT_MS = 150_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reliability: WordPress faults', () => {
  let s: FullStack;
  let proxy: FaultProxy;
  let site: SiteFaultControl;
  let disk: UploadsDisk;
  let big: BigCredits;
  const figures = new Figures('WordPress faults');
  const started = performance.now();
  let phaseNo = 0;

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18119, sidecarPort: 18819, dbName: `tmu_rel_wp_faults_${process.pid}` });
    disk = UploadsDisk.mount(s.wp.uploadsDir, 32);
    site = new SiteFaultControl(s.wp.wpDir);
    site.set(BASE);
    proxy = await startFaultProxy(s.wp.url, { gatewayTimeoutMs: GATEWAY_TIMEOUT_MS, holdMs: HOLD_MS });
    await s.restartSidecar({ WP_URL: proxy.url, WP_TIMEOUT_MS: String(WP_TIMEOUT_MS) });
    big = new BigCredits(s.standin);
    figures.add(
      'setup',
      `${((performance.now() - started) / 1000).toFixed(0)} s; uploads: ${disk.how}; PHP notice in every REST answer; set_time_limit(${TIME_LIMIT_S}) for REST; WP_TIMEOUT_MS ${WP_TIMEOUT_MS}`,
    );
  }, 180_000);

  afterAll(async () => {
    figures.add('wall time', `${((performance.now() - started) / 1000).toFixed(0)} s`);
    figures.print();
    await proxy?.close();
    disk?.unmount();
    await s?.close();
  }, 60_000);

  /** PHP requests killed by max_execution_time so far (WordPress logs the fatal error). */
  const timeLimitDeaths = () => (s.wp.debugLog().match(/Maximum execution time of \d+ seconds? exceeded/g) ?? []).length;

  /** Titles of one phase: movies from `base` on (the webhook's and the import's share their cast). */
  function titlesFor(count: number, options: Title['options'] = WITH_EVERYTHING): { webhook: Title[]; import: Title[] } {
    phaseNo += 1;
    const base = 46_000_000 + phaseNo * 1_000;
    // Synthetic titles t and t + 50,000 share cast and crew: the same people created from both paths at once.
    // Adult ones are left out: an import refuses them (ALLOW_ADULT off), which is no fault's doing.
    const pairs: number[] = [];
    for (let id = base; pairs.length < count; id += 1) if (!isAdultSynthetic('movie', id) && !isAdultSynthetic('movie', id + 50_000)) pairs.push(id);
    return { webhook: pairs.map((id) => title('movie', id, options)), import: pairs.map((id) => title('movie', id + 50_000, options)) };
  }

  async function outcome(driven: Driven[], before: { copies: Record<string, number>; withoutRows: Record<string, number>; empty: string[] }): Promise<PhaseOutcome> {
    const p = s.wp.tablePrefix;
    const db = s.app.db;
    const minus = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - (b[k] ?? 0)]));
    return {
      copies: minus(await wordPressCopies(db, p), before.copies),
      lost: await lostTitles(db, p, driven),
      withoutRows: minus(await postsWithoutRows(db, p), before.withoutRows),
      unlisted: await unlistedSkips(db, p, proxy.failedUploads.keys()),
      empty: emptyFiles(s.wp.uploadsDir).filter((f) => !before.empty.includes(f)),
    };
  }

  /**
   * One fault: set it, drive the titles (`drive` returns the job ids and titles), wait for their jobs,
   * lift the fault, let the people jobs finish (with `settle` 'jobs', only the title completions), and measure what the fault left.
   */
  async function runPhase(
    name: string,
    policy: Policy,
    faults: SiteFaults,
    drive: () => Promise<{ jobs: number[]; driven: Driven[] }>,
    settle: 'idle' | 'jobs' = 'idle',
  ): Promise<PhaseOutcome> {
    const p = s.wp.tablePrefix;
    const deaths = timeLimitDeaths();
    const before = { copies: await wordPressCopies(s.app.db, p), withoutRows: await postsWithoutRows(s.app.db, p), empty: emptyFiles(s.wp.uploadsDir) };
    proxy.reset();
    proxy.policy = policy;
    site.set(faults);
    const t0 = performance.now();
    const { jobs, driven } = await drive();
    const statuses = await Promise.all(jobs.map((id) => s.waitForJobEnd(id, PHASE_LIMIT_MS).catch(() => 'still open')));
    const jobsSeconds = (performance.now() - t0) / 1000;
    const requests = { ...proxy.counts, 'answered 504': proxy.gateway504s };
    proxy.policy = () => 'pass';
    site.set(BASE);
    if (settle === 'idle') await s.waitForIdle(PHASE_LIMIT_MS).catch(() => undefined);
    // The import's titles are completed by title.complete jobs after the import ends: they create the
    // people posts, whose rows come with the title's. Read in the middle of one, a post has no row yet.
    else await completionsEnd(PHASE_LIMIT_MS);
    // Requests a 504 or a hold left running upstream finish before WordPress is read.
    while (proxy.inFlight() > 0) await sleep(100);
    const out = await outcome(driven, before);
    const measures = {
      driven,
      requests,
      statuses,
      jobsSeconds,
      idleSeconds: (performance.now() - t0) / 1000,
      refusedUploads: proxy.failedUploads.size,
      strayFiles: await strayFiles(s.app.db, p, s.wp.uploadsDir),
      timeLimitDeaths: timeLimitDeaths() - deaths,
    };
    figures.add(name, phaseLine(measures, out));
    if (out.lost.length) figures.add(`${name}: lost`, out.lost.join('; '));
    for (const line of await unfinishedJobs(s.app.db, p, jobs)) figures.add(`${name}: unfinished`, line);
    return out;
  }

  /** Waits until no `title.complete` job is queued or running (the people refresh may go on). */
  async function completionsEnd(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const open = async () =>
      Number((await s.app.db(`${s.wp.tablePrefix}tmu_sync_jobs`).where({ type: 'title.complete' }).whereIn('status', ['queued', 'running']).count({ n: '*' }))[0].n);
    while ((await open()) > 0 && Date.now() < deadline) await sleep(250);
  }

  function expectClean(out: PhaseOutcome): void {
    expect(out.copies).toEqual(Object.fromEntries(Object.keys(out.copies).map((k) => [k, 0])));
    expect(out.lost).toEqual([]);
    expect(out.withoutRows).toEqual(Object.fromEntries(Object.keys(out.withoutRows).map((k) => [k, 0])));
    expect(out.unlisted).toEqual([]);
    expect(out.empty).toEqual([]);
  }

  async function bothWays(titles: { webhook: Title[]; import: Title[] }): Promise<{ jobs: number[]; driven: Driven[] }> {
    const deadline = Date.now() + PHASE_LIMIT_MS;
    const [hooks, imported] = await Promise.all([sendWebhooks(s, titles.webhook, deadline), startImport(s, titles.import)]);
    expect(hooks.refused).toEqual([]);
    return { jobs: [...hooks.jobs, imported.job], driven: [...hooks.driven, ...imported.driven] };
  }

  it('loses nothing and makes nothing twice when every third write is answered but the answer is lost', async () => {
    const out = await runPhase(
      'answer lost after commit (1 write in 3)',
      (r) => (r.write && r.writeNo % 3 === 0 ? 'drop' : 'pass'),
      BASE,
      () => bothWays(titlesFor(2)),
    );
    expect(proxy.counts.drop).toBeGreaterThan(0);
    expectClean(out);
  });

  it('loses nothing and makes nothing twice when a gateway answers 504 at 3 s while PHP goes on inserting slowly', async () => {
    const titles = titlesFor(1);
    big.add(titles.webhook[0].tmdbId, BIG_CAST.webhook);
    big.add(titles.import[0].tmdbId, BIG_CAST.import);
    const out = await runPhase(
      `504 at ${GATEWAY_TIMEOUT_MS / 1000} s, ${SLOW_INSERT_MS} ms per insert (${BIG_CAST.webhook} + ${BIG_CAST.import} cast)`,
      // The first writes get their 504 whatever WordPress does, so the fault bites however batches are sized.
      (r) => (r.write ? (r.writeNo <= 3 ? 'gateway-504' : 'gateway-timeout') : 'pass'),
      { ...BASE, slowInsertMs: SLOW_INSERT_MS },
      () => bothWays(titles),
      // The big casts' people refresh runs on into the next fault (time: the leg's budget is 6 minutes).
      'jobs',
    );
    expect(proxy.gateway504s).toBeGreaterThan(0);
    expectClean(out);
  });

  it('loses nothing and makes nothing twice when every fourth write is answered after WP_TIMEOUT_MS', async () => {
    const out = await runPhase(
      `answer held ${HOLD_MS / 1000} s (1 write in 4)`,
      (r) => (r.write && r.writeNo % 4 === 0 ? 'hold' : 'pass'),
      BASE,
      () => bothWays(titlesFor(2)),
    );
    expect(proxy.counts.hold).toBeGreaterThan(0);
    expectClean(out);
  });

  it('lists every upload refused by a body limit (413) or a full uploads disk, leaves no empty file, and writes the titles', async () => {
    disk.fill();
    try {
      const out = await runPhase(
        `413 on uploads over ${UPLOAD_LIMIT_BYTES} bytes, the rest on a full disk`,
        (r) => (r.upload && r.bytes > UPLOAD_LIMIT_BYTES ? 'too-large' : 'pass'),
        BASE,
        () => bothWays(titlesFor(2)),
      );
      const sizes = [...proxy.uploadSizes].sort((a, b) => a - b);
      const by413 = [...proxy.failedUploads.values()].filter((status) => status === 413).length;
      figures.add(
        'refused uploads',
        `${by413} by the body limit, ${proxy.failedUploads.size - by413} by the full disk; sizes min ${sizes[0]}, median ${sizes[sizes.length >> 1]}, max ${sizes[sizes.length - 1]} bytes`,
      );
      expect(by413).toBeGreaterThan(0);
      expect(proxy.failedUploads.size - by413).toBeGreaterThan(0);
      expectClean(out);
    } finally {
      disk.free();
    }
  });

  it('loses nothing when WordPress resets every connection for 8 s during an import', async () => {
    let down = false;
    const titles = titlesFor(2);
    const out = await runPhase(
      `down ${OUTAGE_MS / 1000} s during an import`,
      () => (down ? 'down' : 'pass'),
      BASE,
      async () => {
        const driving = bothWays(titles);
        // Down once the import's first WordPress request went through.
        while (proxy.counts.pass === 0) await sleep(20);
        down = true;
        await sleep(OUTAGE_MS);
        down = false;
        return driving;
      },
    );
    expect(proxy.counts.down).toBeGreaterThan(0);
    expectClean(out);
  });
});
