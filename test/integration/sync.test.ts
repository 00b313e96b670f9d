import { createColumnCodec } from '../../src/mappers/column-codec';
import type { ContentStore } from '../../src/domain/content-store';
import { TmdbNotFoundError, TmdbPayloadError } from '../../src/errors';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

const php = createColumnCodec('php');

/** A store whose Nth image upload fails: a failure in the middle of writing a title. */
function failOnUpload(n: number) {
  let uploads = 0;
  return (store: ContentStore): ContentStore =>
    new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'uploadImage') {
          return async (...args: Parameters<ContentStore['uploadImage']>) => {
            uploads += 1;
            if (uploads === n) throw new Error('disk full (injected)');
            return target.uploadImage(...args);
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
}

describeEachDatabase('sync into the tmu_* tables', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t);
  });
  afterAll(async () => h?.close());

  it('writes Fight Club with the legacy formats, and a second run changes nothing', async () => {
    const first = await h.app.sync.sync('movie', 550);
    expect(first.created).toBe(true);
    const movie = await t.db(t.table('tmu_movies')).where({ tmdb_id: 550 }).first();
    expect(movie).toMatchObject({
      ID: first.postId,
      release_date: '1999-10-15',
      certification: 'R',
      runtime: 139,
      budget: 63000000,
      revenue: 100853753,
      vote_count: 30717,
    });
    expect(Number(movie.average_rating)).toBeCloseTo(8.4, 5);
    expect(Number(movie.release_timestamp)).toBe(Date.UTC(1999, 9, 15) / 1000);
    expect(movie.production_house).toMatch(/^Fox 2000 Pictures, Regency Enterprises/);

    const stars = php.decode(movie.star_cast) as Array<{ person: number; character: string }>;
    expect(stars.map((s) => s.character)).toEqual(['Narrator', 'Tyler Durden', 'Marla Singer', 'Robert Paulson']);
    const pitt = await t.db(t.table('tmu_people')).where({ tmdb_id: 287 }).first();
    expect(stars[1].person).toBe(Number(pitt.ID));
    expect(pitt).toMatchObject({ gender: 'Male', date_of_birth: '1963-12-18', name: 'Brad Pitt' });
    expect(php.decode(pitt.known_for)).toEqual([first.postId]);

    const cast = await t.db(t.table('tmu_movies_cast')).where({ movie: first.postId });
    expect(cast).toHaveLength(75);
    expect(cast.every((r) => Number(r.release_year) === Number(movie.release_timestamp))).toBe(true);
    const director = await t.db(t.table('tmu_movies_crew')).where({ movie: first.postId, job: 'Director' }).first();
    const fincher = await t.db(t.table('tmu_people')).where({ ID: director.person }).first();
    expect(fincher.name).toBe('David Fincher');
    expect(director.department).toBe('Directing');

    const before = await h.counts();
    const castIds = cast.map((r) => r.ID).sort();
    const second = await h.app.sync.sync('movie', 550);
    expect(second).toMatchObject({ created: false, postId: first.postId });
    expect(await h.counts()).toEqual(before);
    const castAgain = await t.db(t.table('tmu_movies_cast')).where({ movie: first.postId });
    expect(castAgain.map((r) => r.ID).sort()).toEqual(castIds);
    expect(second.counts.peopleFetched).toBe(0);
  });

  it('reads TMDb again past the response cache only when asked for fresh data', async () => {
    const requests = () => h.standin.stats().byPath['/3/movie/550'] ?? 0;
    const before = requests();
    await h.app.sync.sync('movie', 550, { images: false });
    expect(requests()).toBe(before);
    await h.app.sync.sync('movie', 550, { images: false, fresh: true });
    expect(requests()).toBe(before + 1);
  });

  it('writes every season of Game of Thrones, and a second run changes nothing', async () => {
    const result = await h.app.sync.sync('tv', 1399, { credits: false });
    expect(result.counts).toMatchObject({ seasons: 8, episodes: 73 });
    const series = await t.db(t.table('tmu_tv_series')).where({ tmdb_id: 1399 }).first();
    expect(series).toMatchObject({ finished: '1', last_season: 8, last_episode: 6 });
    const seasons = await t.db(t.table('tmu_tv_series_seasons')).where({ tv_series: result.postId }).orderBy('season_no');
    expect(seasons.map((s) => Number(s.season_no))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(php.decode(series.seasons)).toEqual(seasons.map((s) => String(s.ID)));
    const episodes = await t.db(t.table('tmu_tv_series_episodes')).where({ tv_series: result.postId, season_no: 1 });
    expect(episodes).toHaveLength(10);
    expect(episodes.every((e) => Number(e.season_id) === Number(seasons[0].ID))).toBe(true);
    // episode_type from the season payloads: recorded season 1, synthesized seasons 2-8.
    const types = await t.db(t.table('tmu_tv_series_episodes')).where({ tv_series: result.postId }).orderBy(['season_no', 'episode_no']);
    expect(types.filter((e) => e.episode_type === 'finale').map((e) => `${e.season_no}x${e.episode_no}`)).toEqual(seasons.map((s) => `${s.season_no}x${s.total_episodes}`));
    expect(types.every((e) => ['standard', 'finale'].includes(e.episode_type))).toBe(true);

    const before = await h.counts();
    await h.app.sync.sync('tv', 1399, { credits: false });
    expect(await h.counts()).toEqual(before);
  });

  it('stores a drama in the drama tables with every season', async () => {
    const result = await h.app.sync.sync('drama', 1396, { credits: false, images: false });
    const drama = await t.db(t.table('tmu_dramas')).where({ tmdb_id: 1396 }).first();
    expect(drama.ID).toBe(result.postId);
    const episodes = await t.db(t.table('tmu_dramas_episodes')).where({ dramas: result.postId });
    const seasonsSeen = new Set(episodes.map((e) => Number(e.season_no)));
    expect(seasonsSeen.size).toBeGreaterThan(1);
    expect(episodes.length).toBe(result.counts.episodes);
    expect(episodes.every((e) => ['standard', 'mid_season', 'finale'].includes(e.episode_type))).toBe(true);
    expect(episodes.filter((e) => e.episode_type === 'finale')).toHaveLength(seasonsSeen.size);
    expect(await t.db(t.table('tmu_tv_series')).where({ tmdb_id: 1396 })).toHaveLength(0);
  });

  it('leaves no tmu_* row half-written when a title fails in the middle, and a retry reuses what the store made', async () => {
    const failing = await startSyncHarness(t, { build: { decorateStore: failOnUpload(3) } });
    // The content store is written before the rows' transaction, like WordPress: not rolled back, found again by key.
    const rowsOnly = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([name]) => !name.startsWith('tmu_local_')));
    try {
      const before = await failing.counts();
      await expect(failing.app.sync.sync('movie', 603)).rejects.toThrow('disk full (injected)');
      expect(rowsOnly(await failing.counts())).toEqual(rowsOnly(before));
      expect(await t.db(t.table('tmu_movies')).where({ tmdb_id: 603 })).toHaveLength(0);
    } finally {
      await failing.close();
    }
    const retried = await h.app.sync.sync('movie', 603);
    expect(retried.created).toBe(false);
    expect(await t.db(t.table('tmu_local_posts')).where({ type: 'movie', natural_key: '603' })).toHaveLength(1);
    expect(await t.db(t.table('tmu_movies')).where({ tmdb_id: 603 })).toHaveLength(1);
  });

  it('rejects a malformed TMDb payload and an unknown id, writing nothing', async () => {
    const before = await h.counts();
    h.standin.injectFaults([{ match: '/movie/13', kind: 'malformed-payload', times: 1 }]);
    await expect(h.app.sync.sync('movie', 13)).rejects.toBeInstanceOf(TmdbPayloadError);
    await expect(h.app.sync.sync('movie', 999999999)).rejects.toBeInstanceOf(TmdbNotFoundError);
    expect(await h.counts()).toEqual(before);
  });
});
