/**
 * The "edited" contract across languages: the plugin's PHP (Column_Codec, Edit_Fingerprints, run by
 * /usr/bin/php) must give byte for byte what the sidecar's TypeScript gives for the same value: the
 * fingerprint of a stored value, and the bytes of a column in both formats. Values come from a
 * seeded generator and from the row factories and mappers.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { decodeColumn, jsonEncode, phpSerialize } from '../../src/mappers/column-codec';
import { buildStarCast } from '../../src/mappers/credits.mapper';
import { fingerprint } from '../../src/services/sync/editor-guard';
import { EDGE_NUMBERS, numberValue, rowValues, seededRandom, structuredValue, textValue } from '../support/column-values';
import { castCredit, peopleMap } from '../unit/mappers/factories';

const PHP = '/usr/bin/php';
const HARNESS = path.join(__dirname, 'support', 'edit-contract.php');

interface PhpAnswer {
  prints: string[];
  encoded: Array<{ php: string; json: string }>;
  decoded: Array<{ type: string; php: string; json: string }>;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const text = (base64: string): string => Buffer.from(base64, 'base64').toString('utf8');

function runPhp(input: { prints: unknown[]; values: unknown[]; bytes: Array<string | null> }): PhpAnswer {
  const body = JSON.stringify({
    prints: input.prints.map((value) => ({ value })),
    values: input.values.map((value) => ({ value })),
    bytes: input.bytes.map((b) => (b === null ? null : b64(b))),
  });
  const result = spawnSync(PHP, [HARNESS], { input: body, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`php exited with ${result.status}: ${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout) as PhpAnswer;
}

const rand = seededRandom(21);
const numbers = [...EDGE_NUMBERS, ...Array.from({ length: 400 }, () => numberValue(rand))];
const texts = Array.from({ length: 400 }, () => textValue(rand));
const structured = [...EDGE_NUMBERS.map((n) => [n, { n }]), ...Array.from({ length: 300 }, () => structuredValue(rand))];
const cast = [castCredit(1, { character: 'Léa "Q" <b>Seydoux</b>' }), castCredit(2, { character: 'Amélie 🎬' }), castCredit(3, { character: '' })];
const columns = [buildStarCast(cast, peopleMap(cast, 4100)), [7001, 7002], ['101', '102'], [], [{ provider: 'Netflix', url: 'https://www.netflix.com/title/1' }]];
const printValues: unknown[] = [...numbers, ...texts, ...rowValues(), null, true, false, '', '   ', [1, 'a', null], ...columns.map((c) => phpSerialize(c))];

describe('Edit_Fingerprints::of and Column_Codec (PHP) match the sidecar (TypeScript)', () => {
  let answer: PhpAnswer;
  // DECIMAL and INT columns: mysql2 hands the sidecar numbers, wpdb hands the plugin strings.
  const decimals = numbers.filter((n) => Math.abs(n) < 1e9).map((n) => Math.round(n * 1000) / 1000);
  const bytes: Array<string | null> = [
    ...structured.flatMap((v) => [phpSerialize(v), jsonEncode(v)]),
    null,
    '',
    '  ',
    '142',
    '1999-10-15',
    'O:8:"stdClass":1:{s:1:"a";i:1;}',
    'a:1:{i:0;O:8:"stdClass":0:{}}',
    'a:2:{i:0;s:',
    '{"broken":',
  ];

  beforeAll(() => {
    answer = runPhp({
      prints: [...printValues, ...decimals.map((n) => n.toFixed(3)), ...decimals.map((n) => Math.trunc(n).toString())],
      values: [...structured, ...columns],
      bytes,
    });
  });

  it('fingerprints every value as editor-guard.ts does', () => {
    const mismatches = printValues.map((value, i) => ({ value, ts: fingerprint(value), php: answer.prints[i] })).filter((c) => c.ts !== c.php);
    expect(mismatches).toEqual([]);
    expect(answer.prints.slice(0, printValues.length)).toHaveLength(printValues.length);
  });

  it('fingerprints a DECIMAL or INT column read by wpdb (text) as the sidecar does the number mysql2 reads', () => {
    const offset = printValues.length;
    decimals.forEach((n, i) => {
      expect([n, answer.prints[offset + i]]).toEqual([n, fingerprint(n)]);
      expect([Math.trunc(n), answer.prints[offset + decimals.length + i]]).toEqual([Math.trunc(n), fingerprint(Math.trunc(n))]);
    });
  });

  it('encodes every value to the bytes the sidecar writes, in both formats', () => {
    const values = [...structured, ...columns];
    const mismatches = values
      .map((value, i) => ({ value, php: [phpSerialize(value), text(answer.encoded[i].php)], json: [jsonEncode(value), text(answer.encoded[i].json)] }))
      .filter((c) => c.php[0] !== c.php[1] || c.json[0] !== c.json[1]);
    expect(mismatches).toEqual([]);
  });

  it('decodes either format to the value the sidecar decodes, never an object; plain text stays text', () => {
    structured.forEach((value, i) => {
      for (const [k, ours] of [
        [0, phpSerialize(value)],
        [1, jsonEncode(value)],
      ] as const) {
        const decoded = answer.decoded[i * 2 + k];
        // A JSON scalar is a plain column value to the plugin (a date, a count): it stays the text.
        const plain = k === 1 && !/^[[{]/.test(ours);
        expect([ours, text(decoded.json)]).toEqual([ours, plain ? jsonEncode(ours) : jsonEncode(decodeColumn(ours))]);
      }
    });
    const rest = answer.decoded.slice(structured.length * 2).map((d) => ({ type: d.type, json: text(d.json) }));
    expect(rest).toEqual([
      { type: 'NULL', json: 'null' },
      { type: 'NULL', json: 'null' },
      { type: 'NULL', json: 'null' },
      { type: 'string', json: '"142"' },
      { type: 'string', json: '"1999-10-15"' },
      { type: 'NULL', json: 'null' },
      { type: 'array', json: '[null]' },
      { type: 'string', json: '"a:2:{i:0;s:"' },
      { type: 'string', json: '"{\\"broken\\":"' },
    ]);
  });
});
