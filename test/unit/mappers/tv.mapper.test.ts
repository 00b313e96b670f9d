import { tmdbTvSchema } from '../../../src/clients/tmdb/tmdb.schema';
import { createColumnCodec } from '../../../src/mappers/column-codec';
import { buildCastRows, buildCrewRows } from '../../../src/mappers/credits.mapper';
import { buildDramaRow, buildTvRow, lastEpisode, mapTv, seasonNumbers, tvRuntime } from '../../../src/mappers/tv.mapper';
import { fakeRefs, SYNCED_AT, tv } from './factories';
import { loadFixture } from './fixture-helpers';

const php = createColumnCodec('php');
const SEASON_POST_IDS = [101, 102, 103, 104, 105, 106, 107, 108];

describe('Game of Thrones (1399, c-eg append-all)', () => {
  const payload = tmdbTvSchema.parse(loadFixture('tv', 'ceg-tv-1399-game-of-thrones-append-all.json'));
  const draft = mapTv(payload, 'tv');
  const refs = { ...fakeRefs(draft, 1399000), seasonPostIds: SEASON_POST_IDS };
  const row = buildTvRow(payload, draft, refs, php, SYNCED_AT);

  it('fills the legacy tv columns', () => {
    expect(row).toMatchObject({
      ID: 1399000,
      tmdb_id: 1399,
      release_date: '2011-04-17',
      release_timestamp: 1302998400,
      original_title: 'Game of Thrones',
      finished: '1',
      tagline: 'Winter Is Coming',
      runtime: 60,
      last_season: 8,
      last_episode: 6,
      certification: 'TV-14',
      average_rating: 8.4,
      vote_count: 21390,
      popularity: 346.1,
      title: 'Game of Thrones',
      status: 'Ended',
      synced_at: SYNCED_AT,
    });
    expect(row.production_house).toBe('Revolution Sun Studios, Television 360, Generator Entertainment, Bighead Littlehead');
  });

  it('lists season post IDs as numeric strings', () => {
    expect(draft.seasonNumbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(row.seasons).toBe('a:8:{i:0;s:3:"101";i:1;s:3:"102";i:2;s:3:"103";i:3;s:3:"104";i:4;s:3:"105";i:5;s:3:"106";i:6;s:3:"107";i:7;s:3:"108";}');
  });

  it('maps HBO as a network term with its logo', () => {
    expect(draft.networks).toEqual([{ taxonomy: 'network', name: 'HBO', slug: 'hbo' }]);
    expect(draft.terms.filter((t) => t.taxonomy === 'network')).toEqual([]);
    expect(draft.networkLogos).toEqual([
      { term: { taxonomy: 'network', name: 'HBO', slug: 'hbo' }, logo: { filePath: '/tuomPhY2UtuPTqqFnKMVHvSb724.png', kind: 'logo', size: 'w300' } },
    ]);
    expect(php.decode(row.networks!)).toEqual(['HBO']);
  });

  it('uses aggregate credits with episode counts', () => {
    expect(draft.cast.map((c) => [c.tmdbPersonId, c.character, c.count])).toEqual([[59254, 'Master Chief, Spartan-117 / John-117', 17]]);
    expect(buildCastRows(draft.cast, refs.people, draft.releaseTimestamp, true)).toEqual([
      { person: refs.people.get(59254), job: 'Master Chief, Spartan-117 / John-117', release_year: 1302998400, count: 17 },
    ]);
    expect(php.decode(row.star_cast)).toEqual([{ person: refs.people.get(59254), character: 'Master Chief, Spartan-117 / John-117' }]);
  });

  it('keeps the YouTube videos and the terms', () => {
    expect(draft.videos.map((v) => v.key)).toEqual(['o6qm88h9XQA', 'b4doITNi2RE', '5KZ3MKraNKY', 'WZ2v5eMlcrY', 'jFs3yGdvGyw']);
    expect(draft.terms.filter((t) => t.taxonomy === 'genre').map((t) => t.slug)).toEqual(['sci-fi-fantasy', 'drama', 'action-adventure']);
    expect(draft.terms).toContainEqual({ taxonomy: 'by-year', name: '2011', slug: '2011' });
    expect(draft.terms.some((t) => t.taxonomy === 'keyword')).toBe(true);
  });

  it('builds the drama variant without tv-only columns or keywords', () => {
    const drama = mapTv(payload, 'drama');
    const dramaRow = buildDramaRow(payload, drama, fakeRefs(drama, 7), php, SYNCED_AT);
    expect(drama.kind).toBe('drama');
    expect(drama.networks).toEqual([{ taxonomy: 'channel', name: 'HBO', slug: 'hbo' }]);
    expect(drama.terms.some((t) => t.taxonomy === 'keyword')).toBe(false);
    expect(Object.keys(dramaRow)).not.toEqual(expect.arrayContaining(['seasons']));
    expect(dramaRow).not.toHaveProperty('last_season');
    expect(dramaRow).not.toHaveProperty('last_episode');
    expect(dramaRow).toMatchObject({ ID: 7, finished: '1', runtime: 60 });
  });
});

describe('Game of Thrones aggregate credits (1399, krelinga append)', () => {
  const payload = tmdbTvSchema.parse(loadFixture('tv', 'krelinga-tv-1399-append-aggregate-credits-content-ratings-credits-external-ids-keywords.json'));
  const draft = mapTv(payload, 'tv');
  const refs = fakeRefs(draft);

  it('joins several roles and jobs with " | "', () => {
    const chapman = draft.cast.find((c) => c.tmdbPersonId === 1332971)!;
    expect([chapman.character, chapman.count]).toEqual(['Tommen Baratheon | Martyn Lannister', 19]);
    const rankin = draft.crew.find((c) => c.tmdbPersonId === 1406918)!;
    expect([rankin.department, rankin.job, rankin.count]).toEqual(['Art', 'Assistant Art Director | Art Direction', 15]);
  });

  it('keeps one crew row per job of a person credited in two departments', () => {
    const rows = buildCrewRows(draft.crew, refs.people, draft.releaseTimestamp, true).filter((r) => r.person === refs.people.get(1318704));
    expect(rows.map((r) => [r.department, r.job])).toEqual([
      ['Camera', 'Director of Photography'],
      ['Directing', 'Director'],
    ]);
    expect(buildCastRows(draft.cast, refs.people, draft.releaseTimestamp, true)).toHaveLength(580);
  });

  it('takes the runtime of the last episode when episode_run_time is empty', () => {
    expect(payload.episode_run_time).toEqual([]);
    expect(tvRuntime(payload)).toBe(80);
    expect(draft.certification).toBe('TV-MA');
    expect(lastEpisode(payload)).toEqual({ season: 8, episode: 6 });
  });
});

describe('tv helpers', () => {
  it('prefers next_episode_to_air for last season/episode', () => {
    const show = tv({
      next_episode_to_air: { id: 1, season_number: 3, episode_number: 2 },
      last_episode_to_air: { id: 2, season_number: 3, episode_number: 1 },
    });
    expect(lastEpisode(show)).toEqual({ season: 3, episode: 2 });
    expect(lastEpisode(tv())).toEqual({ season: null, episode: null });
  });

  it('ignores specials and falls back to number_of_seasons', () => {
    expect(
      seasonNumbers(
        tv({
          seasons: [
            { id: 1, season_number: 0 },
            { id: 3, season_number: 2 },
            { id: 2, season_number: 1 },
          ],
        }),
      ),
    ).toEqual([1, 2]);
    expect(seasonNumbers(tv({ number_of_seasons: 3 }))).toEqual([1, 2, 3]);
  });

  it('falls back to credits when aggregate credits are absent', () => {
    const show = tv({ credits: { cast: [{ id: 9, name: 'N', character: 'C' }], crew: [] } });
    expect(mapTv(show, 'tv').cast.map((c) => [c.tmdbPersonId, c.character, c.count])).toEqual([[9, 'C', null]]);
  });
});
