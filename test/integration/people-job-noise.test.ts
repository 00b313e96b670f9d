/**
 * No empty people jobs: an import under `serve` completes its titles in `title.complete` jobs whose
 * people feed refreshes their people. Before, each title's sync also queued a `people.refresh` job for
 * the same people, which then found them all fresh and showed in Activity as
 * "people.refresh 0 synced, 0 failed of 0". Now only what the feed leaves gets a job.
 */
import { jobInput } from '../../src/domain/job-registry';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { waitFor } from '../support/jobs-fixtures';

describeEachDatabase('an import queues no empty people job', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t, { build: { peopleInBackground: true, pagesFirst: true } });
  });
  afterAll(async () => h?.close());

  const jobsOf = (type: string) => t.db(t.table('tmu_sync_jobs')).where({ type }).orderBy('id');
  const unfinished = async () => {
    const [{ n }] = await t.db(t.table('tmu_sync_jobs')).whereIn('status', ['queued', 'running']).count({ n: '*' });
    return Number(n);
  };

  /** Queues an import of these movies and runs the worker until every job it led to ended. */
  async function importMovies(ids: number[]): Promise<void> {
    await h.app.jobs.enqueue(jobInput('import', { items: ids.map((id) => ({ type: 'movie' as const, tmdb_id: id })), options: { videos: false } }));
    const worker = h.app.createWorker({ pollMs: 20 });
    worker.start();
    try {
      await waitFor('the import and its follow-ups ended', async () => (await unfinished()) === 0, 120_000, 100);
    } finally {
      await worker.stop();
    }
  }

  it('refreshes the people of new titles with the titles, and queues no people job for them', async () => {
    await t.db(t.table('tmu_sync_jobs')).delete();
    await importMovies([603, 680]);
    const completions = (await jobsOf('title.complete')).map((job) => job.status);
    expect(completions.length).toBeGreaterThan(0);
    expect(completions.filter((status) => status !== 'succeeded')).toEqual([]);
    // Every credited person got their details from the feed...
    const people = await t.db(t.table('tmu_people')).select('tmdb_id', 'synced_at');
    expect(people.length).toBeGreaterThan(10);
    expect(people.filter((p: { synced_at: unknown }) => p.synced_at === null)).toEqual([]);
    // ...so no people job, empty or not, was queued.
    expect(await jobsOf('people.refresh')).toEqual([]);
  }, 180_000);

  it('queues no people job for an import whose people are all known', async () => {
    await t.db(t.table('tmu_sync_jobs')).delete();
    await importMovies([603]);
    const jobs = await t.db(t.table('tmu_sync_jobs')).select('type', 'status');
    expect(jobs.filter((job: { type: string }) => job.type === 'people.refresh')).toEqual([]);
    expect(jobs.find((job: { type: string }) => job.type === 'import')?.status).toBe('succeeded');
  }, 180_000);
});
