/**
 * Completions in rounds: the titles an import or a bulk hands over go into a waiting `title.complete`
 * job of that import or bulk (each once, at most MAX_MERGED_TITLES), never into a job a worker claimed;
 * a job completes its titles several at once, and a title that fails does not stop the others.
 */
import { JobMergeRepository } from '../../src/repositories/job-merge.repository';
import { jobInput } from '../../src/domain/job-registry';
import { MAX_MERGED_TITLES, mergeTitleComplete, TitleCompletePayload } from '../../src/domain/job-payloads';
import { FIRST_MISSING_ID } from '../../tools/tmdb-standin/synthetic-ids';
import { createColumnCodec } from '../../src/mappers/column-codec';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { freshTmdbIds } from '../support/jobs-fixtures';

const php = createColumnCodec('php');

const completion = (parent: number, tmdbId: number, extra: Partial<TitleCompletePayload> = {}): TitleCompletePayload => ({
  parent_job: parent,
  type: 'movie',
  tmdb_id: tmdbId,
  ...extra,
});

describeEachDatabase('title completions merge into rounds', (t) => {
  let h: SyncHarness;
  let merger: JobMergeRepository;
  beforeAll(async () => {
    h = await startSyncHarness(t, { build: { peopleInBackground: true, pagesFirst: true } });
    merger = new JobMergeRepository(h.app.db, t.prefix);
  });
  afterAll(async () => h?.close());

  const completeJobs = () => t.db(t.table('tmu_sync_jobs')).where({ type: 'title.complete' }).orderBy('id');
  const hand = (next: TitleCompletePayload) => merger.mergeIntoQueued('title.complete', (waiting) => mergeTitleComplete(waiting, next));

  it('adds a title to the waiting job of its import, each once, never to another import or a claimed job', async () => {
    const [parent, other, a, b, c] = freshTmdbIds(5);
    const { job } = await h.app.jobs.enqueue(jobInput('title.complete', completion(parent, a)));
    expect((await hand(completion(parent, b)))?.id).toBe(job.id);
    // Handed over again (imported twice): still once.
    expect((await hand(completion(parent, b)))?.id).toBe(job.id);
    expect((await hand(completion(parent, a)))?.id).toBe(job.id);
    expect((await h.app.jobs.get(job.id))?.payload).toEqual({ parent_job: parent, type: 'movie', tmdb_id: a, more: [{ type: 'movie', tmdb_id: b }] });
    // The stored payload still starts with parent_job (the import screen counts by that prefix).
    expect(String((await t.db(t.table('tmu_sync_jobs')).where({ id: job.id }).first()).payload).startsWith(`{"parent_job":${parent},`)).toBe(true);
    // Another import's title, or other options: not this job.
    expect(await hand(completion(other, c))).toBeNull();
    expect(await hand(completion(parent, c, { options: { images: false } }))).toBeNull();

    expect(await h.app.jobs.claim(job.id, 'test-worker', 60_000)).not.toBeNull();
    expect(await hand(completion(parent, c))).toBeNull();
    expect((await h.app.jobs.get(job.id))?.payload).toEqual({ parent_job: parent, type: 'movie', tmdb_id: a, more: [{ type: 'movie', tmdb_id: b }] });
  });

  it('gives a full job no more titles', () => {
    const more = Array.from({ length: MAX_MERGED_TITLES - 1 }, (_, i) => ({ type: 'movie' as const, tmdb_id: i + 2 }));
    const full = { ...completion(7, 1), more };
    expect(mergeTitleComplete(full, completion(7, MAX_MERGED_TITLES + 1))).toBeNull();
    expect(mergeTitleComplete(full, completion(7, 3))).toBe(full);
    expect(mergeTitleComplete({ nonsense: true }, completion(7, 1))).toBeNull();
  });

  it('completes a round of titles several at once; a title that fails is recorded and the others are completed', async () => {
    await t.db(t.table('tmu_sync_jobs')).delete();
    const parent = freshTmdbIds(1)[0];
    const titles = [603, 680, 550];
    for (const id of titles) await h.app.sync.sync('movie', id, { stage: 'page' });
    const { job } = await h.app.jobs.enqueue(jobInput('title.complete', completion(parent, titles[0])));
    for (const id of [...titles.slice(1), FIRST_MISSING_ID + 17]) expect((await hand(completion(parent, id)))?.id).toBe(job.id);
    expect(await completeJobs()).toHaveLength(1);

    let inFlight = 0;
    let most = 0;
    const sync = h.app.sync.sync.bind(h.app.sync);
    const spy = jest.spyOn(h.app.sync, 'sync').mockImplementation(async (...args) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await sync(...args);
      } finally {
        inFlight -= 1;
      }
    });
    try {
      expect(await h.app.createWorker({ concurrency: 2 }).runJob(job.id)).toBe(true);
    } finally {
      spy.mockRestore();
    }
    expect(most).toBeGreaterThan(1);
    const ended = await h.app.jobs.get(job.id);
    expect(ended?.status).toBe('partial');
    expect(ended?.progress).toMatchObject({ total: 4, done: 3, failed: 1 });
    expect(ended?.progress.errors.map((e) => e.tmdb_id)).toEqual([FIRST_MISSING_ID + 17]);
    const rows = await t.db(t.table('tmu_movies')).whereIn('tmdb_id', titles);
    expect(rows.every((r) => (php.decode(r.images) as number[]).length > 0 && (php.decode(r.star_cast) as unknown[]).length > 0)).toBe(true);

    // Run again (a retry after a lost worker): the titles done are skipped, nothing is made twice.
    const before = await h.counts();
    await t
      .db(t.table('tmu_sync_jobs'))
      .where({ id: job.id })
      .update({ status: 'queued', run_at: new Date(0) });
    expect(await h.app.createWorker({ concurrency: 2 }).runJob(job.id)).toBe(true);
    const { tmu_sync_jobs: _jobs, ...after } = await h.counts();
    const { tmu_sync_jobs: _jobsBefore, ...rest } = before;
    expect(after).toEqual(rest);
  });
});

describeEachDatabase('title completions refresh their people as they go', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t, { build: { peopleInBackground: true, pagesFirst: true } });
  });
  afterAll(async () => h?.close());

  it("refreshes the titles' people within the job, and queues no people.refresh job that would find them fresh", async () => {
    const parent = freshTmdbIds(1)[0];
    const titles = freshTmdbIds(2);
    for (const id of titles) await h.app.sync.sync('movie', id, { stage: 'page' });
    await t.db(t.table('tmu_sync_jobs')).where({ type: 'people.refresh' }).delete();
    const { job } = await h.app.jobs.enqueue(jobInput('title.complete', completion(parent, titles[0], { more: [{ type: 'movie', tmdb_id: titles[1] }] })));
    expect(await h.app.createWorker({ concurrency: 2 }).runJob(job.id)).toBe(true);
    expect((await h.app.jobs.get(job.id))?.status).toBe('succeeded');

    // The titles' people: details fetched and written by the title.complete job itself.
    const posts = await t.db(t.table('tmu_movies')).whereIn('tmdb_id', titles).pluck('ID');
    const credited = await t.db(t.table('tmu_movies_cast')).whereIn('movie', posts).pluck('person');
    expect(credited.length).toBeGreaterThan(0);
    const rows = await t.db(t.table('tmu_people')).whereIn('ID', credited);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.synced_at === null)).toEqual([]);
    // Nothing left for a people job: before, one was queued for the same people and ran as "0 of 0" (an empty job in Activity).
    expect(await t.db(t.table('tmu_sync_jobs')).where({ type: 'people.refresh' })).toEqual([]);
  });
});
