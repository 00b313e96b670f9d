/**
 * Every recorded details payload (movie, tv, season, episode, person) goes through its
 * zod schema, the mapper and the row builders, with both column formats.
 */
import { tmdbEpisodeSchema, tmdbMovieSchema, tmdbPersonSchema, tmdbSeasonSchema, tmdbTvSchema } from '../../../src/clients/tmdb/tmdb.schema';
import { createColumnCodec } from '../../../src/mappers/column-codec';
import { buildCastRows, buildCreditsColumn, buildCrewRows, buildStarCast } from '../../../src/mappers/credits.mapper';
import { releaseTimestamp } from '../../../src/mappers/dates';
import type { ColumnCodec, TermDraft, TitleDraft, TitleRefs } from '../../../src/mappers/mapping.types';
import { buildMovieRow, mapMovie } from '../../../src/mappers/movie.mapper';
import { buildPersonRow, mapPerson, socialAccounts } from '../../../src/mappers/person.mapper';
import { buildEpisodeRow, buildSeasonRow, mapEpisode, mapSeason } from '../../../src/mappers/season.mapper';
import { buildDramaRow, buildTvRow, mapTv } from '../../../src/mappers/tv.mapper';
import { fakeRefs, peopleMap, SYNCED_AT } from './factories';
import { type FixtureDir, partitionFixtures } from './fixture-helpers';
import { DRAMA_ROW, EPISODE_ROW, MOVIE_ROW, PERSON_ROW, rowProblems, SEASON_ROW, TV_ROW } from './row-checks';

const CODECS: ColumnCodec[] = [createColumnCodec('php'), createColumnCodec('json')];
const SUB_RESOURCE_NAME = /credits|images|keywords|videos|external-ids|release-dates|recommendations|watch-providers|content-ratings|aggregate-credits/;

const sets = {
  movie: partitionFixtures('movie'),
  tv: partitionFixtures('tv'),
  'tv-season': partitionFixtures('tv-season'),
  'tv-episode': partitionFixtures('tv-episode'),
  person: partitionFixtures('person'),
} satisfies Record<FixtureDir, ReturnType<typeof partitionFixtures>>;

const cases = (dir: FixtureDir) => sets[dir].details.map((f) => [f.file, f.json] as const);

function expectValidTerms(terms: TermDraft[]) {
  for (const term of terms) {
    expect(term.name).toBe(term.name.trim());
    expect(term.name).not.toBe('');
    expect(term.slug).toMatch(/^[a-z0-9%_]+(-[a-z0-9%_]+)*$/);
  }
  expect(new Set(terms.map((t) => `${t.taxonomy}/${t.slug}`)).size).toBe(terms.length);
}

function expectTitleInvariants(
  draft: TitleDraft,
  refs: TitleRefs,
  row: { star_cast: string | null; images: string | null; videos: string | null; release_date: string | null; release_timestamp: number | null },
  codec: ColumnCodec,
  withCount: boolean,
) {
  expect(row.release_timestamp).toBe(releaseTimestamp(row.release_date));
  expect(codec.decode(row.star_cast)).toEqual(buildStarCast(draft.cast, refs.people));
  expect((codec.decode(row.star_cast) as unknown[]).length).toBe(Math.min(4, new Set(draft.cast.map((c) => c.tmdbPersonId)).size));
  expect(codec.decode(row.images)).toEqual(refs.imageIds);
  expect(codec.decode(row.videos)).toEqual(refs.videoPostIds);
  expect(draft.backdrops.length).toBeLessThanOrEqual(10);
  expectValidTerms(draft.terms);
  const postIds = new Set(refs.people.values());
  const cast = buildCastRows(draft.cast, refs.people, draft.releaseTimestamp, withCount);
  const crew = buildCrewRows(draft.crew, refs.people, draft.releaseTimestamp, withCount);
  for (const r of [...cast, ...crew]) {
    expect(postIds.has(r.person)).toBe(true);
    expect(r.release_year).toBe(draft.releaseTimestamp);
    expect('count' in r).toBe(withCount);
  }
  expect(new Set(cast.map((r) => `${r.person}/${r.job}`)).size).toBe(cast.length);
  expect(new Set(crew.map((r) => `${r.person}/${r.job}`)).size).toBe(crew.length);
}

describe('fixture selection', () => {
  it('keeps enough details payloads in every folder', () => {
    // As recorded today: 23 movie, 20 tv, 15 season, 13 episode and 13 person details payloads.
    expect(sets.movie.details.length).toBeGreaterThanOrEqual(23);
    expect(sets.tv.details.length).toBeGreaterThanOrEqual(20);
    expect(sets['tv-season'].details.length).toBeGreaterThanOrEqual(15);
    expect(sets['tv-episode'].details.length).toBeGreaterThanOrEqual(13);
    expect(sets.person.details.length).toBeGreaterThanOrEqual(13);
  });

  it('leaves out only sub-resource files', () => {
    const excluded = Object.values(sets).flatMap((s) => s.excluded);
    expect(excluded.length).toBeGreaterThanOrEqual(60);
    for (const { file, json } of excluded) {
      expect(file).toMatch(SUB_RESOURCE_NAME);
      expect(json.title ?? json.episodes).toBeUndefined();
    }
  });

  it('row checks report what is wrong', () => {
    const codec = CODECS[0];
    expect(rowProblems({ ID: 1.5, extra: 1, star_cast: 'oops', title: ' x' }, { ID: 'int', star_cast: 'encoded', title: 'text', gone: 'int?' }, codec)).toEqual([
      'extra: unexpected column',
      'ID: not an integer',
      'star_cast: does not decode',
      'title: not a trimmed non-empty string',
      'gone: missing',
    ]);
  });
});

describe.each(CODECS.map((codec) => [codec.format, codec] as const))('with the %s column format', (_format, codec) => {
  it.each(cases('movie'))('movie %s', (_file, json) => {
    const movie = tmdbMovieSchema.parse(json);
    const draft = mapMovie(movie);
    const refs = fakeRefs(draft);
    const row = buildMovieRow(movie, draft, refs, codec, SYNCED_AT);
    expect(rowProblems(row, MOVIE_ROW, codec)).toEqual([]);
    expect(row).toMatchObject({ ID: refs.postId, tmdb_id: movie.id, release_date: draft.releaseDate });
    expectTitleInvariants(draft, refs, row, codec, false);
  });

  it.each(cases('tv'))('tv and drama %s', (_file, json) => {
    const tv = tmdbTvSchema.parse(json);
    const draft = mapTv(tv, 'tv');
    const refs = { ...fakeRefs(draft), seasonPostIds: draft.seasonNumbers.map((n) => 600 + n) };
    const row = buildTvRow(tv, draft, refs, codec, SYNCED_AT);
    expect(rowProblems(row, TV_ROW, codec)).toEqual([]);
    expect(codec.decode(row.seasons!)).toEqual(refs.seasonPostIds.map(String));
    expect(draft.seasonNumbers.every((n) => n >= 1)).toBe(true);
    expectValidTerms(draft.networks);
    expectTitleInvariants(draft, refs, row, codec, true);

    const dramaDraft = mapTv(tv, 'drama');
    const dramaRow = buildDramaRow(tv, dramaDraft, fakeRefs(dramaDraft), codec, SYNCED_AT);
    expect(rowProblems(dramaRow, DRAMA_ROW, codec)).toEqual([]);
    expect(dramaDraft.networks.every((t) => t.taxonomy === 'channel')).toBe(true);
  });

  it.each(cases('tv-season'))('season %s', (_file, json) => {
    const season = tmdbSeasonSchema.parse(json);
    for (const kind of ['tv', 'drama'] as const) {
      const draft = mapSeason(season, 'Series', kind);
      const people = peopleMap(draft.episodes.flatMap((e) => [...e.cast, ...e.crew]));
      expect(rowProblems(buildSeasonRow(season, draft, 1, SYNCED_AT), SEASON_ROW, codec)).toEqual([]);
      expect(draft.episodes.length).toBe(new Set(season.episodes.map((e) => e.episode_number)).size);
      for (const episodeDraft of draft.episodes) {
        const episode = season.episodes.find((e) => e.episode_number === episodeDraft.episodeNumber)!;
        const row = buildEpisodeRow(episode, episodeDraft, 2, people, codec, SYNCED_AT);
        expect(rowProblems(row, EPISODE_ROW, codec)).toEqual([]);
        expect(codec.decode(row.credits)).toEqual(buildCreditsColumn(episodeDraft.cast, episodeDraft.crew, people));
        expect(episodeDraft.post.title).toMatch(kind === 'tv' ? / - Season \d+ Episode \d+$/ : /^Series (Season \d+ )?Episode \d+$/);
      }
    }
  });

  it.each(cases('tv-episode'))('episode %s', (_file, json) => {
    const episode = tmdbEpisodeSchema.parse(json);
    const draft = mapEpisode(episode, episode.season_number ?? 1, 'Series', 'tv');
    const people = peopleMap([...draft.cast, ...draft.crew]);
    const row = buildEpisodeRow(episode, draft, 3, people, codec, SYNCED_AT);
    expect(rowProblems(row, EPISODE_ROW, codec)).toEqual([]);
    const credits = codec.decode(row.credits) as { cast: unknown[]; crew: unknown[] };
    expect([credits.cast.length, credits.crew.length]).toEqual([episode.guest_stars.length, episode.crew.length]);
  });

  it.each(cases('person'))('person %s', (_file, json) => {
    const person = tmdbPersonSchema.parse(json);
    const draft = mapPerson(person);
    const row = buildPersonRow(person, draft, { postId: 4, photoIds: draft.photos.map((_, i) => 40 + i) }, codec, SYNCED_AT);
    expect(rowProblems(row, PERSON_ROW, codec)).toEqual([]);
    expect(codec.decode(row.social_media_account)).toEqual(socialAccounts(person.external_ids));
    expectValidTerms(draft.terms);
    expect(draft.photos.length).toBeLessThanOrEqual(10);
  });
});
