/**
 * Every list column a sync writes, read by real PHP the way TMU's templates read it
 * (docs/columns.md), with error_reporting(E_ALL): any notice or deprecation fails.
 * The php format goes through the legacy plugin's unserialize() calls, the json
 * format through the newer theme's json_decode($x, true). Runs on the local store.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { decoded, EditedRow, editLikeTheBoxes } from './support/template-reader-edits';

type Kind = 'unserialize' | 'checked-unserialize' | 'silenced-unserialize' | 'silenced-unchecked' | 'json';
type Readers = Record<string, Record<string, Kind>>;
type Decoded = Record<string, Record<string, Record<string, unknown>>>;

const NAME_LISTS = ['genres', 'keywords', 'production_companies', 'production_countries', 'spoken_languages'];

/** How the legacy plugin reads each list column (single-*.php, rwmb_meta for Meta Box fields). */
const LEGACY_READERS: Readers = {
  // streaming_platforms: the plugin's Where to watch block and edit box (the legacy single-*.php do not print it).
  tmu_movies: {
    star_cast: 'checked-unserialize',
    videos: 'checked-unserialize',
    images: 'checked-unserialize',
    streaming_platforms: 'checked-unserialize',
    ...lists(NAME_LISTS, 'checked-unserialize'),
  },
  tmu_tv_series: {
    star_cast: 'silenced-unserialize',
    videos: 'silenced-unserialize',
    seasons: 'silenced-unserialize',
    images: 'checked-unserialize',
    networks: 'checked-unserialize',
    ...lists(NAME_LISTS, 'checked-unserialize'),
  },
  tmu_dramas: {
    star_cast: 'silenced-unserialize',
    videos: 'silenced-unserialize',
    schedule_day: 'silenced-unchecked',
    images: 'checked-unserialize',
    networks: 'checked-unserialize',
    ...lists(NAME_LISTS, 'checked-unserialize'),
  },
  tmu_people: {
    videos: 'unserialize',
    social_media_account: 'checked-unserialize',
    basic: 'checked-unserialize',
    photos: 'checked-unserialize',
    known_for: 'checked-unserialize',
  },
  tmu_tv_series_episodes: { credits: 'silenced-unserialize' },
  tmu_dramas_episodes: { credits: 'checked-unserialize' },
  tmu_videos: { video_data: 'checked-unserialize' },
};

/** The newer theme json_decodes every one of them (and production_house, profession). */
const THEME_READERS: Readers = Object.fromEntries(Object.entries(LEGACY_READERS).map(([table, columns]) => [table, lists(Object.keys(columns), 'json')]));
THEME_READERS.tmu_movies.production_house = 'json';
THEME_READERS.tmu_tv_series.production_house = 'json';
THEME_READERS.tmu_dramas.production_house = 'json';
THEME_READERS.tmu_people.profession = 'json';
delete THEME_READERS.tmu_people.known_for; // a department name in the theme, not a list

function lists(columns: string[], kind: Kind): Record<string, Kind> {
  return Object.fromEntries(columns.map((c) => [c, kind]));
}

const SCRIPT = path.join(__dirname, 'support', 'template-readers.php');

interface ReadResult {
  checked: number;
  problems: string[];
  decoded: Decoded;
}

function readWithPhp(readers: Readers, rows: Record<string, Array<Record<string, unknown>>>): ReadResult {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tmu-readers-')), 'rows.json');
  fs.writeFileSync(file, JSON.stringify({ readers, rows }));
  try {
    return JSON.parse(execFileSync('php', ['-d', 'display_errors=stderr', SCRIPT, file], { encoding: 'utf8' })) as ReadResult;
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

async function dumpRows(db: TestDatabase, readers: Readers): Promise<Record<string, Array<Record<string, unknown>>>> {
  const rows: Record<string, Array<Record<string, unknown>>> = {};
  for (const table of Object.keys(readers)) rows[table] = await db.db(`${db.prefix}${table}`).select();
  return rows;
}

async function syncLibrary(h: SyncHarness): Promise<Record<string, number>> {
  const movie = await h.app.sync.sync('movie', 550);
  const tv = await h.app.sync.sync('tv', 1399, { images: false });
  const drama = await h.app.sync.sync('drama', 1396, { images: false, credits: false });
  const person = await h.app.sync.sync('person', 287, { images: false });
  return { movie: movie.postId, tv: tv.postId, drama: drama.postId, person: person.postId };
}

describe.each([
  ['php', LEGACY_READERS],
  ['json', THEME_READERS],
] as const)('TMU_COLUMN_FORMAT=%s through the readers of its templates, in PHP with E_ALL', (format, readers) => {
  let db: TestDatabase;
  let h: SyncHarness;
  let posts: Record<string, number>;
  let result: ReadResult;
  let edits: EditedRow[];
  let rows: Record<string, Array<Record<string, unknown>>>;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', `template-readers-${format}`);
    h = await startSyncHarness({ ...db, table: (n: string) => `${db.prefix}${n}` }, { env: { TMU_COLUMN_FORMAT: format } });
    posts = await syncLibrary(h);
    // Edited through the plugin's codec, then synced again: the edits stay and read like synced rows.
    edits = await editLikeTheBoxes(db, posts, format);
    await syncLibrary(h);
    rows = await dumpRows(db, readers);
    result = readWithPhp(readers, rows);
  }, 300000);
  afterAll(async () => {
    await h?.close();
    await db?.destroy();
  });

  it('decodes every column of every row without a notice', () => {
    expect(result.problems).toEqual([]);
    // Fight Club, Game of Thrones (73 episodes), Breaking Bad as a drama, people, videos.
    expect(result.checked).toBeGreaterThan(500);
  });

  it('fails on a notice: NULL and malformed values are reported', () => {
    const probe = readWithPhp(readers, {
      tmu_people: [{ ID: 1, videos: null, profession: '{not json' }],
      tmu_movies: [{ ID: 2, star_cast: 'a:1:{i:0;', production_house: '{not json' }],
    });
    expect(probe.problems.length).toBeGreaterThanOrEqual(2);
    expect(probe.problems.join('\n')).toMatch(format === 'php' ? /tmu_people#1\.videos: .*Passing null/ : /json_decode failed/);
  });

  it('gives the star cast, videos and people the shapes the templates use', () => {
    const movie = result.decoded.tmu_movies[String(posts.movie)];
    const stars = movie.star_cast as Array<{ person: number; character: string }>;
    expect(stars).toHaveLength(4);
    for (const star of stars) expect(star).toEqual({ person: expect.any(Number), character: expect.any(String) });
    expect((movie.videos as unknown[]).every((id) => Number.isInteger(id))).toBe(true);
    const pitt = result.decoded.tmu_people[String(posts.person)];
    expect(pitt.social_media_account).toEqual([]); // TMDb lists no social account for him
    for (const person of Object.values(result.decoded.tmu_people)) {
      for (const account of person.social_media_account as unknown[]) expect(account).toEqual({ platform: expect.any(String), url: expect.stringMatching(/^https:\/\//) });
    }
    if (format === 'php')
      expect(pitt.videos).toBe(false); // unserialize(''): what the legacy importer's '' gives
    else expect(pitt.videos).toEqual([]);
  });

  it('keeps the rows edited through the plugin’s codec byte for byte over a sync, and reads them as the editor left them', () => {
    expect(edits).toHaveLength(5);
    for (const edit of edits) {
      const stored = rows[edit.table].find((r) => Number(r.ID) === edit.id)!;
      expect([edit.column, stored[edit.column]]).toEqual([edit.column, edit.bytes]);
      // The template's reader gives what the editor entered; the sidecar's decoder agrees.
      expect([edit.column, result.decoded[edit.table][String(edit.id)][edit.column]]).toEqual([edit.column, edit.value]);
      expect([edit.column, decoded(stored, edit.column)]).toEqual([edit.column, edit.value]);
    }
  });

  it('gives episode credits the legacy group shape', () => {
    const episodes = Object.values(result.decoded.tmu_tv_series_episodes);
    expect(episodes).toHaveLength(73);
    for (const episode of episodes) expect(episode.credits).toEqual({ cast: expect.any(Array), crew: expect.any(Array) });
  });
});

describe('a json-format sync of Fight Club and Game of Thrones, as the newer theme’s blocks decode it', () => {
  let db: TestDatabase;
  let h: SyncHarness;
  let rows: Record<string, Array<Record<string, unknown>>>;
  let decoded: Decoded;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'template-readers-theme');
    h = await startSyncHarness({ ...db, table: (n: string) => `${db.prefix}${n}` }, { env: { TMU_COLUMN_FORMAT: 'json' } });
    await h.app.sync.sync('movie', 550, { images: false });
    await h.app.sync.sync('tv', 1399, { images: false });
    rows = await dumpRows(db, THEME_READERS);
    const read = readWithPhp(THEME_READERS, rows);
    expect(read.problems).toEqual([]);
    decoded = read.decoded;
  }, 300000);
  afterAll(async () => {
    await h?.close();
    await db?.destroy();
  });

  it('MovieMetadataBlock: production_house → production_companies [{name}], videos and images as ID lists', () => {
    const [movie] = rows.tmu_movies;
    const block = decoded.tmu_movies[String(movie.ID)];
    expect(block.production_house).toEqual([
      { name: 'Fox 2000 Pictures' },
      { name: 'Regency Enterprises' },
      { name: 'Linson Entertainment' },
      { name: '20th Century Fox' },
      { name: 'Taurus Film' },
    ]);
    expect(block.genres).toEqual([{ name: 'Drama' }, { name: 'Thriller' }]);
    expect(Array.isArray(block.videos) && Array.isArray(block.images)).toBe(true);
  });

  it('TvSeriesMetadataBlock: networks [{name}], seasons, finished Yes, last_episode the episode count', () => {
    const [series] = rows.tmu_tv_series;
    const block = decoded.tmu_tv_series[String(series.ID)];
    expect(block.networks).toEqual([{ name: 'HBO' }]);
    expect(block.production_house).toEqual(expect.arrayContaining([{ name: expect.any(String) }]));
    expect(block.seasons).toHaveLength(8);
    expect(series.finished).toBe('Yes');
    expect(Number(series.last_episode)).toBe(73);
  });

  it('PeopleMetadataBlock: profession a list, known_for a department', () => {
    const people = rows.tmu_people;
    expect(people.length).toBeGreaterThan(10);
    for (const person of people) {
      const profession = decoded.tmu_people[String(person.ID)].profession as unknown[];
      expect(Array.isArray(profession) && profession.every((p) => typeof p === 'string')).toBe(true);
      // A department is TMDb text: an & in it is stored encoded ("Costume &amp; Make-Up").
      expect(person.known_for === null || /^[A-Z](?:[\w -]|&amp;)+$/.test(String(person.known_for))).toBe(true);
    }
  });
});
