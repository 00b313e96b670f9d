import { tmdbAggregateCreditsSchema, tmdbCreditsSchema } from '../../../src/clients/tmdb/tmdb.schema';
import {
  buildCastRows,
  buildCreditsColumn,
  buildCrewRows,
  buildStarCast,
  castFromAggregate,
  castFromCredits,
  crewFromAggregate,
  crewFromCredits,
  crewJobKey,
} from '../../../src/mappers/credits.mapper';
import { castCredit, crewCredit, rawCast, rawCrew } from './factories';

const RELEASED = 939945600;

describe('crewJobKey (legacy clean_job_string)', () => {
  it.each([
    ['Directing', 'directing_job'],
    ['Writing', 'writing_job'],
    ['Production', 'production_job'],
    ['Sound', 'sound_job'],
    ['Camera', 'camera_job'],
    ['Art', 'art_job'],
    ['Editing', 'editing_job'],
    ['Lighting', 'lighting_job'],
    ['Crew', 'crew_job'],
    ['Actors', 'actors_job'],
    ['Visual Effects', 'visual_effects_job'],
    ['Costume & Make-Up', 'costume_make-up_job'],
    ['  Visual   Effects ', 'visual_effects_job'],
  ])('%s → %s', (department, key) => {
    expect(crewJobKey(department)).toBe(key);
  });
});

describe('normalising TMDb credits', () => {
  it('reads movie cast and crew', () => {
    const credits = tmdbCreditsSchema.parse({
      cast: [rawCast(1, 'Hero', 0), rawCast(2, '', 1, { character: null, profile_path: '' })],
      crew: [rawCrew(3, 'Directing', 'Director'), rawCrew(4, '', 'Runner')],
    });
    expect(castFromCredits(credits.cast)).toEqual([
      { tmdbPersonId: 1, name: 'Actor 1', character: 'Hero', order: 0, count: null, gender: 2, profilePath: '/p1.jpg', knownForDepartment: 'Acting' },
      { tmdbPersonId: 2, name: 'Actor 2', character: '', order: 1, count: null, gender: 2, profilePath: null, knownForDepartment: 'Acting' },
    ]);
    const crew = crewFromCredits(credits.crew);
    expect(crew.map((c) => [c.department, c.job])).toEqual([
      ['Directing', 'Director'],
      ['Crew', 'Runner'],
    ]);
    expect(crew[0].count).toBeNull();
  });

  it('joins TV aggregate roles and jobs with " | " and keeps total_episode_count', () => {
    const agg = tmdbAggregateCreditsSchema.parse({
      cast: [
        rawCast(1, '', 0, { roles: [{ character: 'Tommen' }, { character: '' }, { character: 'Martyn' }], total_episode_count: 19 }),
        rawCast(2, 'Fallback', 1, { roles: [], total_episode_count: null }),
      ],
      crew: [rawCrew(3, 'Art', '', { jobs: [{ job: 'Assistant Art Director' }, { job: 'Art Direction' }], total_episode_count: 15 })],
    });
    expect(castFromAggregate(agg.cast).map((c) => [c.character, c.count])).toEqual([
      ['Tommen | Martyn', 19],
      ['Fallback', null],
    ]);
    expect(crewFromAggregate(agg.crew).map((c) => [c.job, c.count])).toEqual([['Assistant Art Director | Art Direction', 15]]);
    expect(castFromAggregate(undefined)).toEqual([]);
  });
});

describe('cast and crew rows', () => {
  const people = new Map([
    [1, 101],
    [2, 102],
    [3, 103],
  ]);

  it('skips people without a post, dedupes (person, job), release_year = timestamp', () => {
    const cast = [castCredit(1, { character: 'A' }), castCredit(9), castCredit(1, { character: 'A' }), castCredit(1, { character: 'B' }), castCredit(2, { character: '' })];
    expect(buildCastRows(cast, people, RELEASED, false)).toEqual([
      { person: 101, job: 'A', release_year: RELEASED },
      { person: 101, job: 'B', release_year: RELEASED },
      { person: 102, job: null, release_year: RELEASED },
    ]);
  });

  it('adds count only for tv/drama tables', () => {
    const [row] = buildCastRows([castCredit(3, { count: 7 })], people, null, true);
    expect(row).toEqual({ person: 103, job: 'Role 3', release_year: null, count: 7 });
    expect(Object.keys(buildCastRows([castCredit(3)], people, null, false)[0])).not.toContain('count');
  });

  it('writes crew department and job', () => {
    const crew = [crewCredit(1), crewCredit(1), crewCredit(1, { department: 'Writing', job: 'Screenplay', count: 2 }), crewCredit(8)];
    expect(buildCrewRows(crew, people, RELEASED, true)).toEqual([
      { person: 101, department: 'Directing', job: 'Director', release_year: RELEASED, count: null },
      { person: 101, department: 'Writing', job: 'Screenplay', release_year: RELEASED, count: 2 },
    ]);
    expect(Object.keys(buildCrewRows(crew, people, RELEASED, false)[0])).toEqual(['person', 'department', 'job', 'release_year']);
  });

  it('star_cast is the first four cast members with a post, once each', () => {
    const cast = [castCredit(9), castCredit(1), castCredit(1, { character: 'Again' }), castCredit(2), castCredit(3), castCredit(4), castCredit(5)];
    const more = new Map([...people, [4, 104], [5, 105]]);
    expect(buildStarCast(cast, more)).toEqual([
      { person: 101, character: 'Role 1' },
      { person: 102, character: 'Role 2' },
      { person: 103, character: 'Role 3' },
      { person: 104, character: 'Role 4' },
    ]);
    expect(buildStarCast([], more)).toEqual([]);
  });
});

describe('buildCreditsColumn (Meta Box credits group)', () => {
  it('has the legacy entry shapes and key order', () => {
    const people = new Map([
      [1, 11],
      [2, 12],
    ]);
    const column = buildCreditsColumn(
      [castCredit(1, { character: 'Benjen Stark' }), castCredit(3)],
      [crewCredit(2, { department: 'Costume & Make-Up', job: 'Makeup Artist' }), crewCredit(4)],
      people,
    );
    expect(column).toEqual({
      cast: [{ person: 11, department: 'Acting', acting_job: 'Benjen Stark' }],
      crew: [{ person: 12, department: 'Costume & Make-Up', 'costume_make-up_job': 'Makeup Artist' }],
    });
    expect(Object.keys(column.crew[0])).toEqual(['person', 'department', 'costume_make-up_job']);
  });
});
