/**
 * Values a tmu_* column can hold or be compared with, for the tests that check the plugin's PHP
 * (Column_Codec, Edit_Fingerprints) against the sidecar's TypeScript: a seeded generator, so a
 * failure names a value that comes back on the next run.
 */
import { movieRow, personRow, seasonRow } from './factories';

// The stand-in's seeded generator (mulberry32): small and good enough to pick test values.
export { seededRandom } from '../../tools/tmdb-standin/synthetic-ids';

const TEXT_PIECES = [
  'Léa',
  'Amélie 🎬',
  '<script>alert(1)</script>',
  'a"b',
  'back\\slash',
  'line\nbreak',
  'tab\t',
  '\u2028',
  '\u0001ctl',
  '/slash/',
  ' ',
  '東京',
  "O'Brien",
  '&amp;',
  '',
  'null',
];

/** A number of any magnitude a column or a form can give: ints, decimals, tiny and huge floats. */
export function numberValue(rand: () => number): number {
  const pick = Math.floor(rand() * 9);
  const sign = rand() < 0.3 ? -1 : 1;
  switch (pick) {
    case 0:
      return sign * Math.floor(rand() * 1000);
    case 1:
      return (sign * Math.round(rand() * 100000)) / 100;
    case 2:
      return sign * rand() * 10 ** Math.floor(rand() * 40 - 20);
    case 3:
      return sign * Math.floor(rand() * 2 ** 53);
    case 4:
      return sign * 10 ** Math.floor(rand() * 50 - 25);
    case 5:
      return 0.1 + Math.floor(rand() * 10) * 0.2;
    case 6:
      return sign * (rand() * 1e22);
    case 7:
      return sign * Math.floor(rand() * 10) * 1e21;
    default:
      return sign * rand();
  }
}

/** Where JavaScript's and PHP's number texts change shape: exponent thresholds, limits, rounding. */
export const EDGE_NUMBERS: readonly number[] = [
  1e21,
  1e20,
  123456789012345680000,
  1e-7,
  1e-6,
  0.000001234,
  1.5e-7,
  5e-324,
  1.7976931348623157e308,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  0.1 + 0.2,
  -1e21,
  -1e-7,
  100,
  8.4,
  -0.5,
];

/** Text shaped like a column: a number in the ways MySQL and forms write one, a date, or free text. */
export function textValue(rand: () => number): string {
  const pick = Math.floor(rand() * 8);
  const n = numberValue(rand);
  switch (pick) {
    case 0:
      return Math.abs(n) < 1e15 ? Math.abs(n).toFixed(Math.floor(rand() * 4)) : String(Math.floor(rand() * 1e6));
    case 1:
      return `${rand() < 0.5 ? '-' : ''}${'0'.repeat(Math.floor(rand() * 3))}${Math.floor(rand() * 1e6)}${rand() < 0.5 ? `.${Math.floor(rand() * 1000)}0` : ''}`;
    case 2:
      return `${rand() < 0.5 ? ' ' : '\u00a0'}${Math.floor(rand() * 500)}${rand() < 0.5 ? '\n' : ' '}`;
    case 3:
      return `${1900 + Math.floor(rand() * 130)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 10)}`;
    case 4:
      return `${Math.floor(rand() * 1e25)}${'9'.repeat(Math.floor(rand() * 10))}`;
    case 5:
      return ['1e5', '.5', '5.', '+3', '0x1F', '1,5', 'NaN', 'Infinity', '-0', '-0.0', '00', '12abc'][Math.floor(rand() * 12)];
    default:
      return Array.from({ length: 1 + Math.floor(rand() * 4) }, () => TEXT_PIECES[Math.floor(rand() * TEXT_PIECES.length)]).join(' ');
  }
}

/** A list column's value: cast/crew-like records, id lists, nested groups. Never an empty object (PHP has no such value). */
export function structuredValue(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * (depth > 2 ? 4 : 7));
  switch (pick) {
    case 0:
      return numberValue(rand);
    case 1:
      return textValue(rand);
    case 2:
      return rand() < 0.5 ? null : rand() < 0.5;
    case 3:
      return Math.floor(rand() * 100000);
    case 4:
      return Array.from({ length: Math.floor(rand() * 4) }, () => structuredValue(rand, depth + 1));
    case 5:
      return { person: String(1000 + Math.floor(rand() * 9000)), character: textValue(rand), order: Math.floor(rand() * 30) };
    default: {
      const entries = Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) => [
        rand() < 0.2 ? String(i + 7) : `k${i}_${Math.floor(rand() * 100)}`,
        structuredValue(rand, depth + 1),
      ]);
      return Object.fromEntries(entries);
    }
  }
}

/** Every column value of freshly made rows: what a sync writes and an editor edits. */
export function rowValues(): unknown[] {
  return [movieRow(), personRow(), seasonRow()].flatMap((row) => Object.values(row));
}
