/**
 * One reader per column format (docs/columns.md), on recorded payloads: the php
 * format follows the legacy plugin's templates, the json format the newer theme's blocks.
 */
import { tmdbEpisodeSchema, tmdbMovieSchema, tmdbPersonSchema, tmdbTvSchema } from '../../../src/clients/tmdb/tmdb.schema';
import { createColumnCodec } from '../../../src/mappers/column-codec';
import { emptyPersonVideos, finishedColumn, knownForListsTitles, lastEpisodeColumn, productionHouseColumn, professionColumn } from '../../../src/mappers/column-shapes';
import { buildCreditsColumn, crewJobKey } from '../../../src/mappers/credits.mapper';
import { buildMovieRow, mapMovie } from '../../../src/mappers/movie.mapper';
import { buildPersonRow, mapPerson } from '../../../src/mappers/person.mapper';
import { buildEpisodeRow, mapEpisode } from '../../../src/mappers/season.mapper';
import { buildDramaRow, buildTvRow, mapTv } from '../../../src/mappers/tv.mapper';
import { fakeRefs, peopleMap, person, SYNCED_AT, tv } from './factories';
import { loadFixture } from './fixture-helpers';

const php = createColumnCodec('php');
const json = createColumnCodec('json');

const fightClub = tmdbMovieSchema.parse(loadFixture('movie', 'krelinga-movie-550-append-credits-release-dates-external-ids-keywords-images.json'));
const got = tmdbTvSchema.parse(loadFixture('tv', 'ceg-tv-1399-game-of-thrones-append-all.json'));
const pitt = tmdbPersonSchema.parse(loadFixture('person', 'adamayoung-person-287-append-all-trimmed.json'));
const gotPilot = tmdbEpisodeSchema.parse(loadFixture('tv-episode', 'ceg-tv-1399-s01e01-details.json'));

function movieRow(codec = php) {
  const draft = mapMovie(fightClub);
  return buildMovieRow(fightClub, draft, fakeRefs(draft), codec, SYNCED_AT);
}

function tvRow(codec = php) {
  const draft = mapTv(got, 'tv');
  return buildTvRow(got, draft, { ...fakeRefs(draft), seasonPostIds: [1, 2] }, codec, SYNCED_AT);
}

function personRow(codec = php) {
  return buildPersonRow(pitt, mapPerson(pitt), { postId: 2870, photoIds: [] }, codec, SYNCED_AT);
}

describe('production_house', () => {
  it('php: the legacy comma list of Fight Club companies', () => {
    expect(movieRow().production_house).toBe('Fox 2000 Pictures, Regency Enterprises, Linson Entertainment, 20th Century Fox, Taurus Film');
  });

  it('json: [{name}] objects, what MovieMetadataBlock and TvSeriesMetadataBlock json_decode', () => {
    expect(JSON.parse(movieRow(json).production_house!)).toEqual([
      { name: 'Fox 2000 Pictures' },
      { name: 'Regency Enterprises' },
      { name: 'Linson Entertainment' },
      { name: '20th Century Fox' },
      { name: 'Taurus Film' },
    ]);
    expect(JSON.parse(tvRow(json).production_house!)).toEqual(got.production_companies.map((c) => ({ name: c.name })));
  });

  it('is never NULL: "" (php) or [] (json) when TMDb lists no company', () => {
    expect(productionHouseColumn([], php)).toBe('');
    expect(productionHouseColumn(undefined, json)).toBe('[]');
  });
});

describe('name lists (genres, keywords, companies, countries, languages, networks)', () => {
  it("php: a list of names; json: [{name}] objects, as the theme renders $network['name']", () => {
    expect(php.decode(tvRow().networks!)).toEqual(['HBO']);
    expect(JSON.parse(tvRow(json).networks!)).toEqual([{ name: 'HBO' }]);
    const row = movieRow(json);
    expect(JSON.parse(row.genres!)).toEqual([{ name: 'Drama' }, { name: 'Thriller' }]);
    expect(JSON.parse(row.spoken_languages!)).toEqual([{ name: 'English' }]);
    expect(JSON.parse(row.production_companies!)).toEqual(JSON.parse(row.production_house!));
  });
});

describe('finished', () => {
  it('Game of Thrones (Ended) is "1" in php and "Yes" in json', () => {
    expect(tvRow().finished).toBe('1');
    expect(tvRow(json).finished).toBe('Yes');
  });

  it.each([
    ['Returning Series', '0', 'No'],
    ['Canceled', '1', 'Yes'],
    [null, '0', 'No'],
  ])('status %p → %s / %s, for dramas too', (status, phpValue, jsonValue) => {
    expect(finishedColumn(status, 'php')).toBe(phpValue);
    expect(finishedColumn(status, 'json')).toBe(jsonValue);
    const show = tv({ status });
    const draft = mapTv(show, 'drama');
    expect(buildDramaRow(show, draft, fakeRefs(draft), json, SYNCED_AT).finished).toBe(jsonValue);
  });
});

describe('last_episode', () => {
  it('php: the number of the last aired episode (S8E6); json: the total episode count (73)', () => {
    expect(tvRow()).toMatchObject({ last_season: 8, last_episode: 6 });
    expect(tvRow(json)).toMatchObject({ last_season: 8, last_episode: 73 });
  });

  it('json: null when TMDb gives no count', () => {
    expect(lastEpisodeColumn({}, { episode: 4 }, 'json')).toBeNull();
    expect(lastEpisodeColumn({}, { episode: 4 }, 'php')).toBe(4);
  });
});

describe('tmu_people', () => {
  it('profession: plain text (php), a JSON list (json)', () => {
    expect(personRow().profession).toBe('Acting');
    expect(JSON.parse(personRow(json).profession!)).toEqual(['Acting']);
    expect(professionColumn(null, json)).toBe('[]');
    expect(professionColumn('  ', php)).toBe('');
  });

  it('known_for: left to the title sync in php (post IDs), the department in json', () => {
    expect(personRow()).not.toHaveProperty('known_for');
    expect(personRow(json).known_for).toBe('Acting');
    expect(knownForListsTitles('php')).toBe(true);
    expect(knownForListsTitles('json')).toBe(false);
    const nobody = person({ known_for_department: '' });
    expect(buildPersonRow(nobody, mapPerson(nobody), { postId: 1, photoIds: [] }, json, SYNCED_AT).known_for).toBeNull();
  });

  it('videos: never NULL ("" as the legacy importer wrote it; [] in json)', () => {
    expect(personRow().videos).toBe('');
    expect(personRow(json).videos).toBe('[]');
    expect(emptyPersonVideos(php)).toBe('');
  });
});

describe('episode credits in the legacy shape (single-episode.php)', () => {
  // The episode sync names the people it has posts for; every credited person once the
  // people behind an episode's credits are created.
  const draft = mapEpisode(gotPilot, 1, 'Game of Thrones', 'tv');
  const everyone = peopleMap([...draft.cast, ...draft.crew]);

  it.each([php, json].map((codec) => [codec.format, codec] as const))('%s: person, department and <department>_job for all 21 guest stars and 5 crew', (_f, codec) => {
    const row = buildEpisodeRow(gotPilot, draft, 9, everyone, codec, SYNCED_AT);
    const credits = codec.decode(row.credits) as { cast: Array<Record<string, unknown>>; crew: Array<Record<string, unknown>> };
    expect([credits.cast.length, credits.crew.length]).toEqual([21, 5]);
    expect(credits.cast[0]).toEqual({ person: everyone.get(gotPilot.guest_stars[0].id), department: 'Acting', acting_job: gotPilot.guest_stars[0].character });
    for (const entry of credits.crew) {
      expect(Object.keys(entry)).toEqual(['person', 'department', crewJobKey(String(entry.department))]);
      expect(typeof entry.person).toBe('number');
    }
    expect(credits.crew.find((c) => c.directing_job === 'Director')).toBeDefined();
    expect(credits).toEqual(buildCreditsColumn(draft.cast, draft.crew, everyone));
  });

  it('leaves out people without a post (today, before the episode people are created)', () => {
    const row = buildEpisodeRow(gotPilot, draft, 9, new Map(), php, SYNCED_AT);
    expect(php.decode(row.credits)).toEqual({ cast: [], crew: [] });
  });
});
