/**
 * One look-up per movie: a movie's sync reads its post (or key), terms, images, people and videos from
 * WordPress in one `tmu/v1/resolve` before its writes, at the page stage and when synced whole. And the
 * plugin counts an import's background titles in merged `title.complete` jobs (GET tmu/v1/jobs/{id}).
 */
import { TITLES_PER_POOL } from '../../tools/tmdb-standin/synthetic-ids';
import { jobInput } from '../../src/domain/job-registry';
import type { TitleCompletePayload } from '../../src/domain/job-payloads';
import { rowDuplicates, wordPressDuplicates } from '../reliability/fault-run/duplicates';
import { tmdbId } from '../support/factories';
import { FullStack, startFullStack } from './support/full-stack';

jest.setTimeout(240_000);

const RESOLVE = 'POST /tmu/v1/resolve';

describe('a movie sync looks WordPress up once', () => {
  let s: FullStack;
  const first = (tmdbId() % (TITLES_PER_POOL / 2)) + 300_000;

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18143, sidecarPort: 18843, dbName: `tmu_e2e_look_ups_${process.pid}`, env: { JOB_CONCURRENCY: '1' } });
    // People refreshes the syncs hand over stay out of the queue: only the title's own requests are counted.
    const enqueue = s.app.jobs.enqueue.bind(s.app.jobs);
    s.app.jobs.enqueue = async (input: Parameters<typeof enqueue>[0]) => (input.type === 'people.refresh' ? ({ job: { id: 0 }, created: false } as never) : enqueue(input));
  }, 180_000);
  afterAll(async () => s?.close());

  async function countRequests(fn: () => Promise<unknown>): Promise<Record<string, number>> {
    const before = await s.wordPressRequests();
    await fn();
    const after = await s.wordPressRequests();
    const byRoute: Record<string, number> = {};
    for (const [route, n] of after) if (n - (before.get(route) ?? 0) > 0) byRoute[route] = n - (before.get(route) ?? 0);
    return byRoute;
  }

  it('makes one look-up at the page stage, one when the movie is completed and one again, with no duplicate', async () => {
    // A warm-up title: the host report and the genres every movie shares are known after it, as in a running sidecar.
    await s.app.sync.sync('movie', first + 1, { stage: 'page' });
    const page = await countRequests(() => s.app.sync.sync('movie', first, { stage: 'page' }));
    const whole = await countRequests(() => s.app.sync.sync('movie', first));
    const again = await countRequests(() => s.app.sync.sync('movie', first));
    process.stdout.write(`movie page stage: ${JSON.stringify(page)}\nmovie completed: ${JSON.stringify(whole)}\nmovie again: ${JSON.stringify(again)}\n`);
    // Measured: page stage 1 look-up (was 3: terms and images, then the post and the title's key), completed 1 (was 2), again 1 (was 1).
    expect(page[RESOLVE]).toBe(1);
    expect(whole[RESOLVE]).toBe(1);
    expect(again[RESOLVE]).toBe(1);
    const p = s.wp.tablePrefix;
    const duplicates = { ...(await wordPressDuplicates(s.app.db, p, s.wp.uploadsDir)), ...(await rowDuplicates(s.app.db, p)) };
    expect(Object.entries(duplicates).filter(([, n]) => n > 0)).toEqual([]);
  });

  it("counts the titles of merged completions in the import job's background", async () => {
    const later = new Date(Date.now() + 3_600_000);
    const [a, b, c, d, e, f] = Array.from({ length: 6 }, (_, i) => first + 10 + i);
    // Queued for an hour from now: no worker takes them while the rows are set up.
    const { job: parent } = await s.app.jobs.enqueue({ ...jobInput('import', { items: [{ type: 'movie', tmdb_id: a }] }), runAt: later });
    const complete = async (payload: TitleCompletePayload, status: string, progress: Record<string, unknown>) => {
      const { job } = await s.app.jobs.enqueue({ ...jobInput('title.complete', payload), runAt: later });
      await s.app
        .db(`${s.wp.tablePrefix}tmu_sync_jobs`)
        .where({ id: job.id })
        .update({ status, progress: JSON.stringify(progress) });
    };
    const movie = (id: number) => ({ type: 'movie' as const, tmdb_id: id });
    await complete({ parent_job: parent.id, ...movie(a), more: [movie(b), movie(c)] }, 'succeeded', { done: 3, failed: 0, total: 3, errors: [], log: [] });
    await complete({ parent_job: parent.id, ...movie(d), more: [movie(e)] }, 'partial', { done: 1, failed: 1, total: 2, errors: [], log: [] });
    await complete({ parent_job: parent.id, ...movie(f) }, 'queued', { done: 0, failed: 0, total: 0, errors: [], log: [] });
    const res = await s.api('GET', `/tmu/v1/jobs/${parent.id}`);
    expect(res.body.background).toEqual({ total: 6, done: 4, failed: 1 });
  });
});
