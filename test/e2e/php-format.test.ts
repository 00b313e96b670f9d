/**
 * The php column format checked against PHP itself (/usr/bin/php): our encoding of real
 * mapper output must be byte-for-byte what serialize() writes for the same PHP value
 * (built with json_decode(…, true): ints stay ints, numeric strings stay strings), and
 * unserialize() must give that value back. The JSON the theme blocks write with
 * json_encode() must decode to the same value on our side.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { tmdbMovieSchema, tmdbPersonSchema, tmdbSeasonSchema } from '../../src/clients/tmdb/tmdb.schema';
import { createColumnCodec } from '../../src/mappers/column-codec';
import { buildCreditsColumn, buildStarCast } from '../../src/mappers/credits.mapper';
import { mapMovie } from '../../src/mappers/movie.mapper';
import { socialAccounts } from '../../src/mappers/person.mapper';
import { mapSeason } from '../../src/mappers/season.mapper';
import { mapVideos, videoData } from '../../src/mappers/video.mapper';
import { castCredit, crewCredit, fakeRefs, peopleMap } from '../unit/mappers/factories';
import { loadFixture } from '../unit/mappers/fixture-helpers';

const PHP = '/usr/bin/php';
const php = createColumnCodec('php');
const json = createColumnCodec('json');

interface PhpResult {
  serialized: string;
  identical: boolean;
  jsonEncoded: string;
}

const PHP_SCRIPT = `
ini_set('serialize_precision', '-1');
$cases = json_decode(stream_get_contents(STDIN), true);
$out = [];
foreach ($cases as $case) {
  $value = json_decode($case['json'], true);
  $ours = base64_decode($case['ours']);
  $out[] = [
    'serialized' => base64_encode(serialize($value)),
    'identical' => unserialize($ours) === $value,
    'jsonEncoded' => base64_encode(json_encode($value)),
  ];
}
echo json_encode($out);
`;

function runPhp(values: unknown[]): PhpResult[] {
  const input = JSON.stringify(values.map((value) => ({ json: JSON.stringify(value), ours: Buffer.from(php.encode(value), 'utf8').toString('base64') })));
  const result = spawnSync(PHP, ['-r', PHP_SCRIPT], { input, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`php exited with ${result.status}: ${result.stderr}`);
  return (JSON.parse(result.stdout) as PhpResult[]).map((r) => ({
    serialized: Buffer.from(r.serialized, 'base64').toString('utf8'),
    identical: r.identical,
    jsonEncoded: Buffer.from(r.jsonEncoded, 'base64').toString('utf8'),
  }));
}

function representativeColumns(): Array<[string, unknown]> {
  const fightClub = tmdbMovieSchema.parse(loadFixture('movie', 'krelinga-movie-550-append-credits-release-dates-external-ids-keywords-images.json'));
  const movieDraft = mapMovie(fightClub);
  const movieRefs = fakeRefs(movieDraft);
  const season = mapSeason(tmdbSeasonSchema.parse(loadFixture('tv-season', 'ceg-tv-1399-season-1-details.json')), 'Game of Thrones', 'tv');
  const pilot = season.episodes[0];
  const brad = tmdbPersonSchema.parse(loadFixture('person', 'adamayoung-person-287-append-all-trimmed.json'));
  const videos = mapVideos([
    { key: 'SUXWAEX2jlg', site: 'YouTube', name: 'Trailer', type: 'Trailer' },
    { key: '76979871', site: 'Vimeo', name: 'Clip', type: 'Clip' },
  ]).kept;
  const french = [castCredit(1, { character: 'Léa Seydoux' }), castCredit(2, { character: 'Amélie 🎬 Poulain' }), castCredit(3, { character: '' })];
  const frenchPeople = peopleMap(french, 4100);
  const crew = [crewCredit(1, { department: 'Costume & Make-Up', job: 'Makeup Artist' }), crewCredit(2, { department: 'Visual Effects', job: 'VFX Supervisor' })];
  return [
    ['star_cast (Fight Club)', buildStarCast(movieDraft.cast, movieRefs.people)],
    ['star_cast (UTF-8)', buildStarCast(french, frenchPeople)],
    ['episode credits (GoT S01E01)', buildCreditsColumn(pilot.cast, pilot.crew, peopleMap([...pilot.cast, ...pilot.crew]))],
    ['credits with legacy job keys', buildCreditsColumn(french, crew, frenchPeople)],
    ['images', movieRefs.imageIds],
    ['videos', [7001, 7002, 7003]],
    ['seasons (numeric strings)', ['101', '102', '1003']],
    ['social accounts (Brad Pitt)', socialAccounts(brad.external_ids)],
    [
      'social accounts (UTF-8)',
      [
        { platform: 'Instagram', url: 'https://instagram.com/léa.seydoux' },
        { platform: 'X', url: 'https://x.com/Zoë' },
      ],
    ],
    ['video_data YouTube', videoData(videos[0])],
    ['video_data Vimeo', videoData(videos[1])],
    ['floats', [8.4, 0.1, 61.416, 0.30000000000000004, 0.00001, 0.0001, 1e21, 1.5e17, -2.5, 346.098]],
    ['mixed scalars', [null, true, false, 0, -7, '', '0', '007', 'quote " and \\ backslash']],
    ['numeric-string keys', { 5: 'five', x: { '10': 'ten', '-3': 'minus three', '03': 'zero three' } }],
    ['empty list', []],
  ];
}

describe('PHP serialize() compatibility (against /usr/bin/php)', () => {
  const columns = representativeColumns();
  let results: PhpResult[];

  beforeAll(() => {
    if (!existsSync(PHP)) throw new Error(`${PHP} is required for this test (Debian package php-cli)`);
    results = runPhp(columns.map(([, value]) => value));
  });

  it('covers UTF-8, credits, floats and numeric strings', () => {
    expect(columns.length).toBe(15);
    expect(php.encode(columns[1][1])).toContain('s:12:"Léa Seydoux"');
    expect(results).toHaveLength(columns.length);
  });

  it.each(columns.map(([name], index) => [name, index] as const))('%s: our bytes are serialize()', (_name, index) => {
    const ours = php.encode(columns[index][1]);
    expect(Buffer.from(ours, 'utf8').equals(Buffer.from(results[index].serialized, 'utf8'))).toBe(true);
    expect(ours).toBe(results[index].serialized);
  });

  it.each(columns.map(([name], index) => [name, index] as const))('%s: unserialize() gives the value back', (_name, index) => {
    expect(results[index].identical).toBe(true);
    expect(php.decode(results[index].serialized)).toEqual(columns[index][1]);
  });

  it.each(columns.map(([name], index) => [name, index] as const))('%s: PHP json_encode() output decodes the same', (_name, index) => {
    expect(json.decode(results[index].jsonEncoded)).toEqual(php.decode(php.encode(columns[index][1])));
  });

  it('notices a wrong encoding', () => {
    const [wrong] = runPhp([['101']]);
    expect(php.encode([101])).not.toBe(wrong.serialized);
    expect(wrong.serialized).toBe('a:1:{i:0;s:3:"101";}');
  });
});
