/** Repositories over a migrated database: SQLite always, MariaDB when TEST_MYSQL_URL is set. */
import { MIGRATIONS } from '../../migrations';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseError, ValidationError } from '../../src/errors';
import { ApiCacheRepository } from '../../src/repositories/api-cache.repository';
import { createDatabase, migrateToLatest, parseDatabaseUrl, pingDatabase } from '../../src/repositories/database';
import { countRows, createRepositories, Repositories, UnitOfWork } from '../../src/repositories/repositories';
import { CONTENT_TABLE_NAMES, SIDECAR_TABLE_NAMES } from '../../src/repositories/table-names';
import {
  castRow,
  crewRow,
  dramaRow,
  episodeRow,
  movieRow,
  personRow,
  postId,
  seasonRow,
  tmdbId,
  tvRow,
  videoRow,
} from '../support/factories';
import { describeEachDatabase, SuiteDatabase } from '../support/test-databases';

describeEachDatabase('repositories', (t: SuiteDatabase) => {
  let repos: Repositories;
  beforeAll(() => {
    repos = createRepositories(t.db, t.prefix);
  });

  describe('titles', () => {
    it('inserts, then updates only what changed, then changes nothing', async () => {
      const row = movieRow({ title: 'Amélie 🎬', popularity: 85.349, synced_at: new Date('2024-05-01T10:20:30.000Z') });
      expect((await repos.movies.upsertRow(row)).action).toBe('inserted');
      // popularity 85.349 is stored as 85.3 (DECIMAL(10,1)): the result says so, for the fingerprint of what is stored.
      expect(await repos.movies.upsertRow(row)).toEqual({ action: 'unchanged', changed: [], stored: expect.objectContaining({ popularity: 85.3 }) });
      expect(await repos.movies.upsertRow({ ...row, popularity: 85.3 })).toEqual({ action: 'unchanged', changed: [] });
      expect(await repos.movies.findPostIdByTmdbId(row.tmdb_id)).toBe(row.ID);

      const stored = await repos.movies.getRow(row.ID);
      expect(stored).toMatchObject({ title: 'Amélie 🎬', popularity: 85.3, average_rating: 8.2, revenue: 463517383, tmdb_id: row.tmdb_id });
      expect(stored?.synced_at).toEqual(new Date('2024-05-01T10:20:30.000Z'));

      expect(await repos.movies.upsertRow({ ...row, popularity: 90.04, tagline: null })).toEqual({
        action: 'updated',
        changed: ['tagline', 'popularity'],
        stored: expect.objectContaining({ popularity: 90 }),
      });
      expect(await repos.movies.getRow(row.ID)).toMatchObject({ popularity: 90, tagline: null });
    });

    it('writes only the columns it is given', async () => {
      const row = movieRow();
      await repos.movies.upsertRow(row);
      await t.db(t.table('tmu_movies')).where('ID', row.ID).update({ streaming_platforms: 'https://example.com/watch', credits: 'a:0:{}' });
      expect(await repos.movies.upsertRow({ ID: row.ID, runtime: 137 })).toEqual({ action: 'updated', changed: ['runtime'] });
      expect(await repos.movies.getRow(row.ID)).toMatchObject({
        runtime: 137,
        streaming_platforms: 'https://example.com/watch',
        credits: 'a:0:{}',
        original_title: row.original_title,
      });
    });

    it('keeps identical cast/crew rows and their IDs, and applies only the difference', async () => {
      const movie = movieRow();
      await repos.movies.upsertRow(movie);
      const [neo, trinity, morpheus, smith] = [castRow({ job: 'Neo' }), castRow({ job: 'Trinity' }), castRow({ job: 'Morpheus' }), castRow({ job: 'Agent Smith' })];
      // Same person twice, as TMDb lists an actor once per character.
      const neoAgain = { ...neo, job: 'Thomas Anderson' };
      expect(await repos.movies.replaceCast(movie.ID, [neo, neoAgain, trinity, morpheus])).toEqual({ inserted: 4, updated: 0, deleted: 0, unchanged: 0 });
      const first = await repos.movies.listCast(movie.ID);
      expect(await repos.movies.replaceCast(movie.ID, [neo, neoAgain, trinity, morpheus])).toEqual({ inserted: 0, updated: 0, deleted: 0, unchanged: 4 });
      expect(await repos.movies.listCast(movie.ID)).toEqual(first);

      const idOf = (rows: typeof first, person: number, job: string) => rows.find((r) => r.person === person && r.job === job)?.ID;
      const diff = await repos.movies.replaceCast(movie.ID, [neo, neoAgain, { ...trinity, job: 'Trinity (voice)' }, smith]);
      expect(diff).toEqual({ inserted: 1, updated: 1, deleted: 1, unchanged: 2 });
      const after = await repos.movies.listCast(movie.ID);
      expect(after).toHaveLength(4);
      expect(idOf(after, neo.person, 'Neo')).toBe(idOf(first, neo.person, 'Neo'));
      expect(idOf(after, neo.person, 'Thomas Anderson')).toBe(idOf(first, neo.person, 'Thomas Anderson'));
      expect(idOf(after, trinity.person, 'Trinity (voice)')).toBe(idOf(first, trinity.person, 'Trinity'));
      expect(after.find((r) => r.person === morpheus.person)).toBeUndefined();
      expect(after.find((r) => r.person === smith.person)).toMatchObject({ job: 'Agent Smith', release_year: smith.release_year });

      const director = crewRow();
      const writer = crewRow({ department: 'Writing', job: 'Screenplay' });
      expect(await repos.movies.replaceCrew(movie.ID, [director, writer])).toMatchObject({ inserted: 2 });
      expect(await repos.movies.replaceCrew(movie.ID, [director, { ...writer, release_year: 1 }])).toEqual({ inserted: 0, updated: 1, deleted: 0, unchanged: 1 });
      expect((await repos.movies.listCrew(movie.ID)).map((c) => [c.department, c.job, c.release_year])).toEqual([
        ['Directing', 'Director', director.release_year],
        ['Writing', 'Screenplay', 1],
      ]);
      expect(await repos.movies.replaceCast(movie.ID, [])).toMatchObject({ deleted: 4 });
    });

    it('keeps the episode count of TV and drama credits', async () => {
      const show = tvRow();
      await repos.tv.upsertRow(show);
      const actor = castRow({ job: 'Jon Snow', count: 62 });
      await repos.tv.replaceCast(show.ID, [actor]);
      expect(await repos.tv.replaceCast(show.ID, [{ ...actor, count: 73 }])).toEqual({ inserted: 0, updated: 1, deleted: 0, unchanged: 0 });
      expect(await repos.tv.listCast(show.ID)).toEqual([expect.objectContaining({ person: actor.person, job: 'Jon Snow', count: 73 })]);
    });

    it('deleteByPost removes the title and everything that hangs off it, and nothing else', async () => {
      const [show, other] = [tvRow(), tvRow()];
      for (const s of [show, other]) {
        await repos.tv.upsertRow(s);
        await repos.tv.replaceCast(s.ID, [castRow(), castRow()]);
        await repos.tv.replaceCrew(s.ID, [crewRow()]);
        const season = seasonRow();
        await repos.tvSeasons.upsertSeason(s.ID, season);
        await repos.tvEpisodes.upsertEpisode(s.ID, season.ID, episodeRow());
        await repos.tvEpisodes.upsertEpisode(s.ID, season.ID, episodeRow({ episode_no: 2 }));
        await repos.videos.upsertVideo(videoRow(s.ID));
      }
      const dependent = await repos.tv.dependentPostIds(show.ID);
      expect(dependent).toHaveLength(4);
      expect(await repos.tv.deleteByPost(show.ID)).toBe(1 + 2 + 1 + 1 + 2 + 1);
      expect(await repos.tv.getRow(show.ID)).toBeNull();
      expect(await repos.tv.listCast(show.ID)).toEqual([]);
      expect(await repos.tvSeasons.listSeasonPostIds(show.ID)).toEqual([]);
      expect(await repos.tvEpisodes.listEpisodes(show.ID)).toEqual([]);
      expect(await repos.videos.listByParent(show.ID)).toEqual([]);
      expect(await repos.tv.listCast(other.ID)).toHaveLength(2);
      expect(await repos.tvEpisodes.listEpisodes(other.ID)).toHaveLength(2);
      expect(await repos.tv.deleteByPost(show.ID)).toBe(0);

      const drama = dramaRow();
      await repos.dramas.upsertRow(drama);
      await repos.dramas.replaceCast(drama.ID, [castRow({ count: 16 })]);
      await repos.dramaEpisodes.upsertEpisode(drama.ID, null, episodeRow());
      await repos.dramaEpisodes.upsertEpisode(drama.ID, null, episodeRow({ season_no: 2 }));
      await repos.dramaSeasons.upsertSeason(drama.ID, seasonRow());
      expect(await repos.dramas.deleteByPost(drama.ID)).toBe(5);
      expect(await repos.dramaEpisodes.listEpisodes(drama.ID)).toEqual([]);
    });

    it('wraps driver errors in DatabaseError', async () => {
      const bad = { ...movieRow(), no_such_column: 1 } as unknown as Parameters<Repositories['movies']['upsertRow']>[0];
      const error = await repos.movies.upsertRow(bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).retryable).toBe(false);
    });
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

describe('database connections', () => {
  it('parses DATABASE_URL', () => {
    expect(parseDatabaseUrl('sqlite:./data/tmu.sqlite')).toEqual({ kind: 'sqlite', filename: path.resolve('data/tmu.sqlite') });
    expect(parseDatabaseUrl('sqlite:///var/lib/tmu.sqlite')).toEqual({ kind: 'sqlite', filename: '/var/lib/tmu.sqlite' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', filename: ':memory:' });
    expect(parseDatabaseUrl('mysql://wp:p%40ss@db.local:3307/wordpress')).toEqual({
      kind: 'mysql', host: 'db.local', port: 3307, user: 'wp', password: 'p@ss', database: 'wordpress',
    });
    expect(parseDatabaseUrl('mariadb://root@127.0.0.1')).toMatchObject({ kind: 'mysql', port: 3306, user: 'root', password: '', database: undefined });
    expect(() => parseDatabaseUrl('postgres://x')).toThrow(DatabaseError);
  });

  it('opens SQLite with foreign keys and WAL, creating the directory', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tmu-db-'));
    const db = createDatabase(`sqlite:${path.join(dir, 'nested', 'deeper', 'tmu.sqlite')}`);
    try {
      expect(await db.raw('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      expect(await db.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      await pingDatabase(db);
      expect((await migrateToLatest(db, 'wp_')).applied).toEqual(MIGRATIONS.map((m) => m.name));
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an unreachable database as a DatabaseError', async () => {
    const db = createDatabase('mysql://nobody@127.0.0.1:1/nothing', { warn: () => undefined });
    try {
      const error = await pingDatabase(db, 3000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).message).toMatch(/Database unreachable/);
    } finally {
      await db.destroy();
    }
  });
});
