/** Title repositories (rows, cast and crew, deletes) over a migrated database: SQLite always, MariaDB when TEST_MYSQL_URL is set. */
import { DatabaseError } from '../../src/errors';
import { createRepositories, Repositories } from '../../src/repositories/repositories';
import { castRow, crewRow, dramaRow, episodeRow, movieRow, seasonRow, tvRow, videoRow } from '../support/factories';
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
});
