import { tmdbSeasonSchema } from '../../../src/clients/tmdb/tmdb.schema';
import { createColumnCodec } from '../../../src/mappers/column-codec';
import { buildEpisodeRow, buildSeasonRow, episodeTitle, mapSeason } from '../../../src/mappers/season.mapper';
import { peopleMap, rawEpisode, season, SYNCED_AT } from './factories';
import { loadFixture } from './fixture-helpers';

const php = createColumnCodec('php');

describe('Game of Thrones season 1 (c-eg details)', () => {
  const payload = tmdbSeasonSchema.parse(loadFixture('tv-season', 'ceg-tv-1399-season-1-details.json'));
  const draft = mapSeason(payload, 'Game of Thrones', 'tv');
  const [first] = draft.episodes;
  const people = peopleMap(draft.episodes.flatMap((e) => [...e.cast, ...e.crew]));

  it('drafts the season post', () => {
    expect(draft).toMatchObject({
      seasonNumber: 1,
      tmdbId: 3624,
      post: { title: 'Game of Thrones - Season 1', date: '2011-04-17' },
      poster: { filePath: '/wgfKiqzuMrFIkU1M68DDDY8kGC1.jpg', kind: 'poster', size: 'w500' },
    });
    expect(draft.episodes.map((e) => e.episodeNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('drafts episode posts with guest stars and crew', () => {
    expect(first).toMatchObject({
      seasonNumber: 1,
      episodeNumber: 1,
      tmdbId: 63056,
      post: { title: 'Game of Thrones - Season 1 Episode 1', date: '2011-04-17' },
      still: { filePath: '/9hGF3WUkBf7cSjMg0cdMDHJkByd.jpg', kind: 'still', size: 'w300' },
    });
    expect(first.cast).toHaveLength(21);
    expect(first.cast[0]).toMatchObject({ tmdbPersonId: 119783, character: 'Benjen Stark' });
    expect(first.crew.map((c) => c.job)).toEqual(['Director', 'Director of Photography', 'Editor', 'Writer', 'Writer']);
  });

  it('builds the season row: episodes imported and their mean rating', () => {
    expect(buildSeasonRow(payload, draft, 9001, SYNCED_AT)).toEqual({
      ID: 9001,
      season_no: 1,
      season_name: 'Season 1',
      air_date: '2011-04-17',
      air_date_timestamp: 1302998400,
      total_episodes: 10,
      average_rating: 8.3,
      tmdb_id: 3624,
      poster_path: '/wgfKiqzuMrFIkU1M68DDDY8kGC1.jpg',
      overview: payload.overview,
      synced_at: SYNCED_AT,
    });
  });

  it('builds the episode row with serialized credits', () => {
    const row = buildEpisodeRow(payload.episodes[0], first, 9101, people, php, SYNCED_AT);
    expect(row).toMatchObject({
      ID: 9101,
      season_no: 1,
      episode_no: 1,
      episode_title: 'Winter Is Coming',
      air_date: '2011-04-17',
      air_date_timestamp: 1302998400,
      runtime: 62,
      average_rating: 7.8,
      vote_count: 291,
      tmdb_id: 63056,
      still_path: '/9hGF3WUkBf7cSjMg0cdMDHJkByd.jpg',
    });
    const credits = php.decode(row.credits) as { cast: unknown[]; crew: unknown[] };
    expect(credits.cast[0]).toEqual({ person: people.get(119783), department: 'Acting', acting_job: 'Benjen Stark' });
    expect(credits.crew[0]).toEqual({ person: people.get(44797), department: 'Directing', directing_job: 'Director' });
    expect(credits.cast).toHaveLength(21);
  });
});

describe('drama episodes and odd payloads', () => {
  it('titles drama episodes without the season for season 1', () => {
    expect(episodeTitle('Crash Landing on You', 'drama', 1, 3)).toBe('Crash Landing on You Episode 3');
    expect(episodeTitle('Crash Landing on You', 'drama', 2, 3)).toBe('Crash Landing on You Season 2 Episode 3');
    const draft = mapSeason(season(2, [rawEpisode(1, { season_number: 2 })]), 'Drama', 'drama');
    expect(draft.post.title).toBe('Drama - Season 2');
    expect(draft.episodes[0].post.title).toBe('Drama Season 2 Episode 1');
  });

  it('sorts and dedupes episodes, and drops future dates when `now` is given', () => {
    const draft = mapSeason(season(1, [rawEpisode(2, { air_date: '2030-01-01' }), rawEpisode(1, { air_date: '2001-01-01' }), rawEpisode(2)]), 'S', 'tv', {
      now: new Date('2025-01-01T00:00:00Z'),
    });
    expect(draft.episodes.map((e) => [e.episodeNumber, e.post.date])).toEqual([
      [1, '2001-01-01'],
      [2, undefined],
    ]);
  });

  it('averages missing ratings as 0 and copes with an empty season', () => {
    const s = season(1, [rawEpisode(1, { vote_average: 9 }), rawEpisode(2, { vote_average: null })]);
    expect(buildSeasonRow(s, mapSeason(s, 'S', 'tv'), 1, SYNCED_AT).average_rating).toBe(4.5);
    const empty = season(3, []);
    expect(buildSeasonRow(empty, mapSeason(empty, 'S', 'tv'), 1, SYNCED_AT)).toMatchObject({ total_episodes: 0, average_rating: 0, air_date: null });
  });

  it('reads pre-2015 seasons whose episodes have no id or season number', () => {
    const payload = tmdbSeasonSchema.parse(loadFixture('tv-season', 'phptmdb-tv-1396-season-2-append.json'));
    const draft = mapSeason(payload, 'Breaking Bad', 'tv');
    expect(draft.episodes[0]).toMatchObject({ seasonNumber: 2, episodeNumber: 1, tmdbId: undefined, post: { title: 'Breaking Bad - Season 2 Episode 1' } });
    const row = buildEpisodeRow(payload.episodes[0], draft.episodes[0], 1, new Map(), php, SYNCED_AT);
    expect(row).toMatchObject({ season_no: 2, tmdb_id: null, credits: 'a:2:{s:4:"cast";a:0:{}s:4:"crew";a:0:{}}' });
  });
});
