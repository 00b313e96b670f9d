import { describeEachDatabase } from '../support/test-databases';
import { JobRepository } from '../../src/repositories/job.repository';
import { freshTmdbIds } from '../support/jobs-fixtures';

describeEachDatabase('job priorities', (t) => {
  it('hands out a person’s sync ahead of older bulk and background jobs, and follow-ups (people details) last', async () => {
    const jobs = new JobRepository(t.db, t.prefix);
    const [people, bulk] = [
      await jobs.enqueue({ type: 'people.refresh', payload: { ids: freshTmdbIds(3), portraits: [] } }),
      await jobs.enqueue({ type: 'bulk', payload: { types: ['movie'] }, objectKey: 'bulk:test' }),
    ];
    const [id] = freshTmdbIds(1);
    const sync = await jobs.enqueue({ type: 'sync', payload: { type: 'movie', tmdb_id: id }, objectKey: `movie:${id}` });
    const order = [];
    for (let i = 0; i < 3; i += 1) order.push((await jobs.claimNext('worker-a', 60_000))?.id);
    expect(order).toEqual([sync.job.id, bulk.job.id, people.job.id]);
  });
});
