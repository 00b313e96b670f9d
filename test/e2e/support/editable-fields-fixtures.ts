/**
 * Fixtures of the "TMU fields" box suites: the titles they import, what the stand-in says after the
 * edits, and the editor's values.
 */
import type { FullStack } from './full-stack';

export const MOVIE = 550;
export const SERIES = 1399;
export const QUICK = { images: false, videos: true, credits: true, seasons: [1] };

/** What the stand-in says from the Sync now on: new values for edited and unedited fields alike. */
export const TMDB_NOW = {
  movieRuntime: 141,
  movieTagline: 'Refreshed movie tagline',
  seriesTagline: 'Refreshed series tagline',
  seriesOriginal: 'Refreshed original name',
  episodeOverview: 'Refreshed episode overview',
  personBirthplace: 'Stand-in Town',
  personBiography: 'Refreshed biography',
};

/** A date of birth as an older importer might have left it. */
export const LEGACY_DATE = '1963';

/** The editor's values. */
export const EDITS = {
  movieRuntime: '150',
  character: 'Narrator (edited)',
  watchName: 'Example Stream',
  watchUrl: 'https://watch.example/fight-club?from=tmu&x=1',
  seriesTagline: 'Winter is edited',
  seasonName: 'Season One (edited)',
  episodeRuntime: '99',
  episodeCharacter: 'Guest (edited)',
  birthplace: 'Edited Town',
};

/** Imports the movie and the series as drafts, waits for their background jobs; their post ids. */
export async function importMovieAndSeries(s: FullStack): Promise<{ movieId: number; seriesId: number }> {
  const queued = await s.api('POST', '/tmu/v1/import', {
    body: {
      items: [
        { type: 'movie', tmdb_id: MOVIE },
        { type: 'tv', tmdb_id: SERIES },
      ],
      status: 'draft',
      options: QUICK,
    },
  });
  expect(queued.status).toBe(202);
  expect(await s.waitForJob(queued.body.job_id)).toMatchObject({ status: 'succeeded' });
  await s.waitForIdle();
  const table = (name: string) => `${s.wp.tablePrefix}${name}`;
  return {
    movieId: Number((await s.app.db(table('tmu_movies')).where({ tmdb_id: MOVIE }).first('ID')).ID),
    seriesId: Number((await s.app.db(table('tmu_tv_series')).where({ tmdb_id: SERIES }).first('ID')).ID),
  };
}
