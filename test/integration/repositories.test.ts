/**
 * Repositories over a migrated database: SQLite always, MariaDB when TEST_MYSQL_URL is set. Titles are in
 * repositories-titles.test.ts, opening databases in db-connections.test.ts.
 */
import { ValidationError } from '../../src/errors';
import { ApiCacheRepository } from '../../src/repositories/api-cache.repository';
import { countRows, createRepositories, Repositories, UnitOfWork } from '../../src/repositories/repositories';
import { CONTENT_TABLE_NAMES, SIDECAR_TABLE_NAMES } from '../../src/repositories/table-names';
import { castRow, crewRow, dramaRow, episodeRow, movieRow, personRow, postId, seasonRow, tmdbId, tvRow, videoRow } from '../support/factories';
import { describeEachDatabase, SuiteDatabase } from '../support/test-databases';

describeEachDatabase('repositories', (t: SuiteDatabase) => {
  let repos: Repositories;
  beforeAll(() => {
    repos = createRepositories(t.db, t.prefix);
  });

  describe('people', () => {
    it('upserts, finds by tmdb id and reports sync times for many ids at once', async () => {
      const synced = personRow({ synced_at: new Date('2024-01-02T03:04:05Z'), biography: 'Born in Beirut…' });
      const legacy = personRow({ name: 'Carrie-Anne Moss' });
      await repos.people.upsertRow(synced);
      await repos.people.upsertRow(legacy);
      expect(await repos.people.upsertRow(synced)).toEqual({ action: 'unchanged', changed: [] });
      expect(await repos.people.findPostIdByTmdbId(legacy.tmdb_id)).toBe(legacy.ID);
      expect(await repos.people.findPostIdByTmdbId(tmdbId())).toBeNull();

      const many = [synced.tmdb_id, legacy.tmdb_id, synced.tmdb_id, ...Array.from({ length: 1200 }, () => tmdbId())];
      const found = await repos.people.findSyncedAt(many);
      expect([...found.keys()].sort()).toEqual([synced.tmdb_id, legacy.tmdb_id].sort());
      expect(found.get(synced.tmdb_id)).toEqual({ postId: synced.ID, syncedAt: new Date('2024-01-02T03:04:05Z') });
      expect(found.get(legacy.tmdb_id)).toEqual({ postId: legacy.ID, syncedAt: null });
    });

    it('deleteByPost removes the person and their credits everywhere', async () => {
      const person = personRow();
      await repos.people.upsertRow(person);
      const movie = movieRow();
      const show = tvRow();
      await repos.movies.upsertRow(movie);
      await repos.tv.upsertRow(show);
      await repos.movies.replaceCast(movie.ID, [castRow({ person: person.ID }), castRow()]);
      await repos.tv.replaceCrew(show.ID, [crewRow({ person: person.ID })]);
      await repos.videos.upsertVideo(videoRow(person.ID));
      expect(await repos.people.dependentPostIds(person.ID)).toHaveLength(1);
      expect(await repos.people.deleteByPost(person.ID)).toBe(4);
      expect(await repos.people.getRow(person.ID)).toBeNull();
      expect(await repos.movies.listCast(movie.ID)).toHaveLength(1);
      expect(await repos.tv.listCrew(show.ID)).toEqual([]);
    });
  });

  describe('seasons and episodes', () => {
    it('finds seasons by (series, season_no) and lists them in order', async () => {
      const show = tvRow();
      await repos.tv.upsertRow(show);
      const s2 = seasonRow({ season_no: 2, season_name: 'Season 2' });
      const s1 = seasonRow({ season_no: 1 });
      await repos.tvSeasons.upsertSeason(show.ID, s2);
      expect((await repos.tvSeasons.upsertSeason(show.ID, s1)).action).toBe('inserted');
      expect((await repos.tvSeasons.upsertSeason(show.ID, s1)).action).toBe('unchanged');
      expect(await repos.tvSeasons.findSeasonPostId(show.ID, 2)).toBe(s2.ID);
      expect(await repos.tvSeasons.findSeasonPostId(show.ID, 3)).toBeNull();
      expect(await repos.tvSeasons.listSeasonPostIds(show.ID)).toEqual([s1.ID, s2.ID]);
      expect(await repos.tvSeasons.getSeason(s1.ID)).toMatchObject({ tv_series: show.ID, average_rating: 8.1, tmdb_id: s1.tmdb_id });
      expect(await repos.dramaSeasons.listSeasonPostIds(show.ID)).toEqual([]);
    });

    it('finds episodes by (series, season_no, episode_no) and links their season', async () => {
      const show = tvRow();
      const season = seasonRow({ season_no: 3 });
      await repos.tvSeasons.upsertSeason(show.ID, season);
      const ep = episodeRow({ season_no: 3, episode_no: 9, episode_title: 'The Rains of Castamere' });
      expect((await repos.tvEpisodes.upsertEpisode(show.ID, season.ID, ep)).action).toBe('inserted');
      expect((await repos.tvEpisodes.upsertEpisode(show.ID, season.ID, ep)).action).toBe('unchanged');
      expect(await repos.tvEpisodes.findEpisodePostId(show.ID, 3, 9)).toBe(ep.ID);
      expect(await repos.tvEpisodes.findEpisodePostId(show.ID, 3, 10)).toBeNull();
      expect(await repos.tvEpisodes.getEpisode(ep.ID)).toMatchObject({ season_id: season.ID, tv_series: show.ID, still_path: '/still.jpg' });
      await expect(repos.tvEpisodes.upsertEpisode(show.ID, null, episodeRow())).rejects.toBeInstanceOf(ValidationError);

      expect(await repos.tvSeasons.dependentPostIds(season.ID)).toEqual([ep.ID]);
      expect(await repos.tvSeasons.deleteByPost(season.ID)).toBe(2);
      expect(await repos.tvEpisodes.getEpisode(ep.ID)).toBeNull();
    });

    it('keys drama episodes by season too', async () => {
      const drama = dramaRow();
      const e1 = episodeRow({ season_no: 1, episode_no: 1 });
      const e2 = episodeRow({ season_no: 2, episode_no: 1 });
      await repos.dramaEpisodes.upsertEpisode(drama.ID, null, e1);
      await repos.dramaEpisodes.upsertEpisode(drama.ID, drama.ID, e2);
      expect(await repos.dramaEpisodes.findEpisodePostId(drama.ID, 1, 1)).toBe(e1.ID);
      expect(await repos.dramaEpisodes.findEpisodePostId(drama.ID, 2, 1)).toBe(e2.ID);
      expect(await repos.dramaEpisodes.listEpisodePostIds(drama.ID)).toEqual([e1.ID, e2.ID]);
      expect(await repos.dramaEpisodes.getEpisode(e2.ID)).toMatchObject({ dramas: drama.ID, season_no: 2, season_id: drama.ID, air_date_timestamp: e2.air_date_timestamp });
      expect(await repos.dramaEpisodes.deleteByPost(e1.ID)).toBe(1);
    });
  });

  describe('videos', () => {
    it('upserts by video post and lists by parent', async () => {
      const parent = postId();
      const trailer = videoRow(parent, 'vKQi3bBA1y8');
      const teaser = videoRow(parent, 'm8e-FF8MsqU', { video_data: JSON.stringify({ source: 'm8e-FF8MsqU', content_type: 'Teaser' }) });
      await repos.videos.upsertVideo(teaser);
      await repos.videos.upsertVideo(trailer);
      expect((await repos.videos.upsertVideo(trailer)).action).toBe('unchanged');
      expect(await repos.videos.listByParent(parent)).toEqual([teaser, trailer].sort((a, b) => a.ID - b.ID));
      expect(await repos.videos.findByParentAndSource(parent, 'vKQi3bBA1y8')).toBe(trailer.ID);
      expect(await repos.videos.findByParentAndSource(parent, 'm8e-FF8MsqU')).toBe(teaser.ID);
      expect(await repos.videos.findByParentAndSource(parent, 'nope')).toBeNull();
      expect(await repos.videos.deleteByPost(trailer.ID)).toBe(1);
      expect(await repos.videos.listByParent(parent)).toEqual([teaser]);
    });
  });

  describe('api cache', () => {
    it('gets what was set until it expires, then purges it', async () => {
      let now = new Date('2024-06-01T00:00:00.000Z');
      const cache = new ApiCacheRepository(t.db, t.prefix, () => now);
      expect(await cache.get('/movie/603')).toBeNull();
      await cache.set('/movie/603', '{"id":603}', 60, 'W/"abc"');
      await cache.set('/Movie/603', '{"id":"case"}', 60);
      expect(await cache.get('/movie/603')).toBe('{"id":603}');
      expect(await cache.get('/Movie/603')).toBe('{"id":"case"}');
      await cache.set('/movie/603', '{"id":603,"v":2}', 120);
      expect(await cache.get('/movie/603')).toBe('{"id":603,"v":2}');

      const long = `/search/movie?query=${'x'.repeat(400)}`;
      await cache.set(long, 'long', 10);
      expect(await cache.get(long)).toBe('long');

      now = new Date(now.getTime() + 61_000);
      expect(await cache.get('/Movie/603')).toBeNull();
      expect(await cache.get('/movie/603')).toBe('{"id":603,"v":2}');
      expect(await cache.getEntry('/Movie/603')).toMatchObject({ body: '{"id":"case"}', etag: null, expiresAt: new Date('2024-06-01T00:01:00.000Z') });
      expect(await cache.purgeExpired()).toBe(2);
      expect(await cache.getEntry('/Movie/603')).toBeNull();
      expect(await cache.purgeExpired()).toBe(0);
      await cache.delete('/movie/603');
      expect(await cache.get('/movie/603')).toBeNull();
    });
  });

  describe('unit of work and counts', () => {
    it('commits on success and rolls everything back on a throw', async () => {
      const uow = new UnitOfWork(t.db, t.prefix);
      const kept = movieRow();
      await uow.run(async (r) => {
        await r.movies.upsertRow(kept);
        await r.movies.replaceCast(kept.ID, [castRow()]);
      });
      expect(await repos.movies.getRow(kept.ID)).not.toBeNull();

      const before = await countRows(t.db, t.prefix);
      const lost = movieRow();
      const failure = uow.run(async (r, trx) => {
        await r.movies.upsertRow(lost);
        await r.movies.replaceCast(lost.ID, [castRow(), castRow()]);
        await r.people.upsertRow(personRow());
        await r.apiCache.set('/rolled/back', 'x', 60);
        await trx(t.table('tmu_sync_log')).insert({ type: 'movie', tmdb_id: lost.tmdb_id, action: 'created', at: new Date() });
        throw new Error('TMDb went away');
      });
      await expect(failure).rejects.toThrow('TMDb went away');
      expect(await countRows(t.db, t.prefix)).toEqual(before);
      expect(await repos.movies.getRow(lost.ID)).toBeNull();
    });

    it('counts every tmu_* table by its unprefixed name', async () => {
      const counts = await countRows(t.db, t.prefix);
      expect(Object.keys(counts).sort()).toEqual([...CONTENT_TABLE_NAMES, ...SIDECAR_TABLE_NAMES].sort());
      expect(counts.tmu_movies).toBe(Number((await t.db(t.table('tmu_movies')).count({ n: '*' }).first())?.n));
      expect(counts.tmu_migrations).toBeUndefined();
    });
  });
});
