/**
 * The weekly sweep of orphan rows: tmu_* rows of posts deleted in WordPress while
 * the sidecar was down (their post.deleted webhook was lost). Deleted posts' rows
 * go, through the same cleanup as the webhook; trashed and existing posts keep
 * theirs; a WordPress that errs or answers nothing sweeps nothing; more than half
 * looking deleted is refused unless forced. Before, nothing ever removed them.
 */
import os from 'node:os';
import type { ContentStore, PostType } from '../../src/domain/content-store';
import { WordPressError } from '../../src/errors';
import { LocalContentRepository } from '../../src/repositories/local-content.repository';
import { PostRowsRepository } from '../../src/repositories/post-rows.repository';
import { createRepositories, Repositories, UnitOfWork } from '../../src/repositories/repositories';
import { SyncLogRepository } from '../../src/repositories/sync-log.repository';
import { ContentCleanupService } from '../../src/services/content-cleanup.service';
import { LocalContentStore } from '../../src/clients/content-store/local-content-store';
import { OrphanSweepService } from '../../src/services/orphan-sweep.service';
import { castRow, episodeRow, movieRow, personRow, seasonRow, tmdbId, tvRow, videoRow } from '../support/factories';
import { describeEachDatabase } from '../support/test-databases';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';

type Statuses = ContentStore['postStatuses'];

describeEachDatabase('orphan sweep', (t) => {
  let repo: LocalContentRepository;
  let store: LocalContentStore;
  let repos: Repositories;
  let syncLog: SyncLogRepository;

  beforeAll(async () => {
    repo = new LocalContentRepository(t.db, t.prefix);
    await repo.ensureSchema();
    store = new LocalContentStore(repo, os.tmpdir());
    repos = createRepositories(t.db, t.prefix);
    syncLog = new SyncLogRepository(t.db, t.prefix);
  });

  // Every test starts from empty tmu_* tables: a sweep reads them all.
  beforeEach(async () => {
    for (const table of [
      'tmu_movies',
      'tmu_movies_cast',
      'tmu_tv_series',
      'tmu_tv_series_seasons',
      'tmu_tv_series_episodes',
      'tmu_people',
      'tmu_videos',
      'tmu_sync_fingerprints',
    ]) {
      await t.db(t.table(table)).delete();
    }
  });

  const sweeper = (statuses: Statuses = (ids) => store.postStatuses(ids), chunkSize?: number) => {
    const calls: number[][] = [];
    const log = captureLogger('info');
    const service = new OrphanSweepService({
      rows: new PostRowsRepository(t.db, t.prefix),
      store: { postStatuses: (ids) => (calls.push(ids), statuses(ids)) },
      cleanup: new ContentCleanupService(repos, new UnitOfWork(t.db, t.prefix)),
      syncLog,
      logger: log.logger,
      chunkSize,
    });
    return { service, calls, log };
  };
  const post = async (type: PostType) => (await store.findOrCreatePost({ type, key: String(tmdbId()), title: `A ${type}` })).id;
  const has = async (table: string, where: Record<string, number>) => (await t.db(t.table(table)).where(where).first()) !== undefined;

  /** A movie with a cast row, a trashed movie, `people` existing people, and a deleted movie, series (with a season and episode), person and video. */
  async function library(people: number) {
    const kept = await post('movie');
    await repos.movies.upsertRow(movieRow({ ID: kept }));
    const trashed = await post('movie');
    await repos.movies.upsertRow(movieRow({ ID: trashed }));
    await repo.updatePost(trashed, { status: 'trash' });
    for (let i = 0; i < people; i += 1) await repos.people.upsertRow(personRow({ ID: await post('people') }));

    const gone = {
      movie: await post('movie'),
      tv: await post('tv'),
      season: await post('season'),
      episode: await post('episode'),
      person: await post('people'),
      video: await post('video'),
    };
    await repos.movies.upsertRow(movieRow({ ID: gone.movie }));
    await repos.tv.upsertRow(tvRow({ ID: gone.tv }));
    await repos.tvSeasons.upsertSeason(gone.tv, seasonRow({ ID: gone.season }));
    await repos.tvEpisodes.upsertEpisode(gone.tv, gone.season, episodeRow({ ID: gone.episode }));
    await repos.people.upsertRow(personRow({ ID: gone.person }));
    await repos.movies.replaceCast(kept, [castRow({ person: gone.person })]);
    await repos.videos.upsertVideo(videoRow(kept, 'gone', { ID: gone.video }));
    for (const id of Object.values(gone)) await repo.deletePost(id);
    return { kept, trashed, gone };
  }

  it('removes the rows of deleted posts and keeps those of trashed and existing ones, in one statuses read and one confirmation', async () => {
    const { kept, trashed, gone } = await library(8);
    const { service, calls } = sweeper();
    const result = await service.sweep({ jobId: null });

    expect(result).toMatchObject({ status: 'swept', checked: 16, orphans: 6 });
    expect(result.swept.map((s) => s.postId).sort()).toEqual(Object.values(gone).sort());
    expect(calls).toHaveLength(2);
    expect(calls[0]).toHaveLength(16);
    // The confirmation asks for the deleted posts again, with one it found (WordPress must still answer).
    expect(calls[1].slice(1).sort()).toEqual(Object.values(gone).sort());
    expect(calls[0]).toContain(calls[1][0]);
    expect(Object.values(gone)).not.toContain(calls[1][0]);
    expect(await has('tmu_movies', { ID: kept })).toBe(true);
    expect(await has('tmu_movies', { ID: trashed })).toBe(true);
    for (const [table, id] of [
      ['tmu_movies', gone.movie],
      ['tmu_tv_series', gone.tv],
      ['tmu_tv_series_seasons', gone.season],
      ['tmu_tv_series_episodes', gone.episode],
      ['tmu_people', gone.person],
      ['tmu_videos', gone.video],
    ] as const) {
      expect(await has(table, { ID: id })).toBe(false);
    }
    expect(await has('tmu_movies_cast', { movie: kept, person: gone.person })).toBe(false);
    const logged = await syncLog.list({ action: 'swept' });
    expect(logged.map((r) => r.postId).sort()).toEqual(Object.values(gone).sort());
    expect(result.message).toContain(`removed ${result.rows} rows of 6 of 16 posts, deleted in WordPress (movie ${gone.movie}, `);

    const again = await sweeper().service.sweep();
    expect(again).toMatchObject({ status: 'clean', checked: 10, orphans: 0, rows: 0 });
  });

  it("removes the fingerprints of a deleted post whose rows the foreign keys already took (WordPress on MySQL), keeps a trashed one's", async () => {
    const { trashed } = await library(8);
    const cascaded = await post('movie');
    const person = await post('people');
    const prints = (id: number) => new Map([['title', `hash-${id}`]]);
    for (const [type, id] of [
      ['movie:post', cascaded],
      ['movie', cascaded],
      ['person', person],
      ['movie:post', trashed],
    ] as const)
      await repos.fingerprints.save(type, id, prints(id));
    await repo.deletePost(cascaded);
    await repo.deletePost(person);

    const result = await sweeper().service.sweep();
    expect(result).toMatchObject({ status: 'swept', checked: 18, orphans: 8 });
    expect(result.swept).toEqual(
      expect.arrayContaining([
        { type: 'movie', postId: cascaded, rows: 2 },
        { type: 'people', postId: person, rows: 1 },
      ]),
    );
    const left = await t.db(t.table('tmu_sync_fingerprints')).select('object_type', 'object_id');
    expect(left.map((r) => [r.object_type, Number(r.object_id)])).toEqual([['movie:post', trashed]]);
  });

  it('reports after each read, and removes nothing once the job is stopped while it reads', async () => {
    const { gone } = await library(8);
    const stop = new AbortController();
    let reports = 0;
    const onProgress = async () => {
      reports += 1;
      if (reports === 2) stop.abort();
    };
    const result = await sweeper(undefined, 5).service.sweep({ signal: stop.signal, onProgress });
    expect(result).toMatchObject({ status: 'unavailable', swept: [] });
    expect(reports).toBe(2);
    expect(await has('tmu_movies', { ID: gone.movie })).toBe(true);
  });

  it('asks in chunks of chunkSize ids', async () => {
    await library(8);
    const { service, calls } = sweeper(undefined, 5);
    expect(await service.sweep()).toMatchObject({ status: 'swept', checked: 16, orphans: 6 });
    expect(calls.slice(0, 4).map((c) => c.length)).toEqual([5, 5, 5, 1]);
  });

  it.each([
    ['errs', async () => Promise.reject(new WordPressError('WordPress is unreachable (POST /tmu/v1/resolve): ECONNREFUSED', { retryable: true }))],
    ['answers no statuses at all', async () => new Map<number, string>()],
  ])('sweeps nothing when WordPress %s', async (_name, statuses: Statuses) => {
    const { gone } = await library(8);
    const { service, log } = sweeper(statuses);
    const result = await service.sweep({ force: true });
    expect(result).toMatchObject({ status: 'unavailable', swept: [], rows: 0 });
    expect(result.message).toMatch(/^orphan sweep skipped, nothing removed: /);
    for (const [table, id] of [
      ['tmu_movies', gone.movie],
      ['tmu_tv_series', gone.tv],
      ['tmu_people', gone.person],
      ['tmu_videos', gone.video],
    ] as const) {
      expect(await has(table, { ID: id })).toBe(true);
    }
    expect(log.text()).toContain('orphan sweep skipped');
  });

  it('refuses when more than half of the posts look deleted, and sweeps them when forced', async () => {
    const { kept, gone } = await library(0);
    const { service, log } = sweeper();
    const refused = await service.sweep();
    expect(refused).toMatchObject({ status: 'refused', checked: 8, orphans: 6, swept: [] });
    expect(await has('tmu_movies', { ID: gone.movie })).toBe(true);
    expect(log.text()).toContain('orphan sweep refused');

    expect(await sweeper().service.sweep({ force: true })).toMatchObject({ status: 'swept', orphans: 6 });
    expect(await has('tmu_movies', { ID: gone.movie })).toBe(false);
    expect(await has('tmu_movies', { ID: kept })).toBe(true);
  });

  it('sweeps nothing when WordPress stops answering between the read and the confirmation', async () => {
    const { gone } = await library(8);
    let reads = 0;
    const { service } = sweeper(async (ids) => (++reads === 1 ? store.postStatuses(ids) : new Map<number, string>()));
    expect(await service.sweep()).toMatchObject({ status: 'unavailable', orphans: 6, swept: [] });
    expect(await has('tmu_movies', { ID: gone.movie })).toBe(true);
  });

  it('keeps a post that WordPress answers for again when asked to confirm', async () => {
    const { gone } = await library(8);
    let reads = 0;
    // The first read misses the movie (a glitch); the confirmation finds it.
    const { service } = sweeper(async (ids) => {
      reads += 1;
      const found = await store.postStatuses(ids);
      if (reads > 1) found.set(gone.movie, 'publish');
      return found;
    });
    const result = await service.sweep();
    expect(result.swept.map((s) => s.postId)).not.toContain(gone.movie);
    expect(await has('tmu_movies', { ID: gone.movie })).toBe(true);
    expect(await has('tmu_people', { ID: gone.person })).toBe(false);
  });
});
