/**
 * People refreshes merge: the people of many titles go into one waiting `people.refresh` job (rounds
 * of 100 inside it) instead of a job per title; a job a worker has claimed is never changed.
 */
import { JobMergeRepository } from '../../src/repositories/job-merge.repository';
import { jobInput } from '../../src/domain/job-registry';
import { MAX_MERGED_PEOPLE, mergePeopleRefresh } from '../../src/domain/job-payloads';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { freshTmdbIds } from '../support/jobs-fixtures';

describeEachDatabase('people refreshes merge into a waiting job', (t) => {
  let h: SyncHarness;
  let merger: JobMergeRepository;
  beforeAll(async () => {
    h = await startSyncHarness(t, { build: { peopleInBackground: true } });
    merger = new JobMergeRepository(h.app.db, t.prefix);
  });
  afterAll(async () => h?.close());

  const peopleJobs = () => t.db(t.table('tmu_sync_jobs')).where({ type: 'people.refresh' }).orderBy('id');

  it('adds people to the waiting job, each once, and never to one a worker has claimed', async () => {
    const [a, b, c] = freshTmdbIds(3);
    const { job } = await h.app.jobs.enqueue(jobInput('people.refresh', { ids: [a, b], portraits: [a] }));
    const merge = (ids: number[], portraits: number[]) => merger.mergeIntoQueued('people.refresh', (waiting) => mergePeopleRefresh(waiting, ids, portraits));
    expect((await merge([b, c], [c]))?.id).toBe(job.id);
    expect((await h.app.jobs.get(job.id))?.payload).toEqual({ ids: [a, b, c], portraits: [a, c] });
    expect(await peopleJobs()).toHaveLength(1);

    // Claimed: no longer waiting, so nothing is merged into it.
    expect(await h.app.jobs.claim(job.id, 'test-worker', 60_000)).not.toBeNull();
    expect(await merge([freshTmdbIds(1)[0]], [])).toBeNull();
    expect((await h.app.jobs.get(job.id))?.payload).toEqual({ ids: [a, b, c], portraits: [a, c] });
  });

  it('gives a full job no more people', () => {
    const full = { ids: Array.from({ length: MAX_MERGED_PEOPLE }, (_, i) => i + 1), portraits: [] };
    expect(mergePeopleRefresh(full, [MAX_MERGED_PEOPLE + 1], [])).toBeNull();
    expect(mergePeopleRefresh(full, [1, 2], [])?.ids).toHaveLength(MAX_MERGED_PEOPLE);
    expect(mergePeopleRefresh({ nonsense: true }, [1], [])).toBeNull();
  });

  it('hands the people of two title syncs to one job', async () => {
    await t.db(t.table('tmu_sync_jobs')).where({ type: 'people.refresh' }).delete();
    await h.app.sync.sync('movie', 603, { images: false, videos: false });
    await h.app.sync.sync('movie', 680, { images: false, videos: false });
    const jobs = await peopleJobs();
    expect(jobs).toHaveLength(1);
    const ids = (JSON.parse(String(jobs[0].payload)) as { ids: number[] }).ids;
    expect(new Set(ids).size).toBe(ids.length);
  });
});
