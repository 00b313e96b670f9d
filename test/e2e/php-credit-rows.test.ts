/**
 * A title's cast and crew link rows are one edited field each (docs/editing.md): the plugin's PHP
 * (Credits_Writer::rows_text() and Edit_Fingerprints::of(), run by /usr/bin/php over the rows as
 * wpdb reads them: every value text) must give byte for byte the sidecar's creditRowsText() and
 * fingerprint() over the same rows as the sidecar reads them (person a number).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { buildCastRows, buildCrewRows } from '../../src/mappers/credits.mapper';
import { creditRowsText, fingerprint } from '../../src/services/sync/editor-guard';
import { seededRandom, textValue } from '../support/column-values';
import { castCredit, crewCredit, peopleMap } from '../unit/mappers/factories';

const HARNESS = path.join(__dirname, 'support', 'credit-rows.php');

type Which = 'cast' | 'crew';
type Row = Record<string, unknown>;

function runPhp(cases: Array<{ which: Which; rows: Row[] }>): Array<{ text: string; print: string }> {
  const result = spawnSync('/usr/bin/php', [HARNESS], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`php exited with ${result.status}: ${result.stderr}${result.stdout}`);
  return (JSON.parse(result.stdout) as Array<{ text: string; print: string }>).map((a) => ({ text: Buffer.from(a.text, 'base64').toString('utf8'), print: a.print }));
}

/** A row as wpdb hands it to the plugin: every column text, NULL as null. */
const asWpdb = (row: Row): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)]));

const rand = seededRandom(42);
const castCredits = [
  castCredit(1, { character: 'Léa "Q" <b>Seydoux</b>' }),
  castCredit(2, { character: '' }),
  castCredit(3, { character: '007' }),
  ...Array.from({ length: 40 }, (_, i) => castCredit(10 + i, { character: textValue(rand) })),
];
const crewCredits = [
  crewCredit(1, { department: 'Sound & Music', job: 'Original Music Composer' }),
  crewCredit(2, { department: 'Directing', job: '' }),
  ...Array.from({ length: 40 }, (_, i) => crewCredit(10 + i, { department: textValue(rand), job: textValue(rand) })),
];
const cases: Array<{ which: Which; rows: Row[] }> = [
  { which: 'cast', rows: [] },
  { which: 'cast', rows: buildCastRows(castCredits, peopleMap(castCredits, 4100), 1999, true) as unknown as Row[] },
  { which: 'crew', rows: buildCrewRows(crewCredits, peopleMap(crewCredits, 5100), null, false) as unknown as Row[] },
  { which: 'crew', rows: [{ ID: 9, person: 12, department: null, job: null, release_year: 2001, count: 3 }] },
];

describe('the cast and crew rows field: Credits_Writer (PHP) matches creditRowsText (TypeScript)', () => {
  it('gives the same text and fingerprint for the same rows', () => {
    const answers = runPhp(cases.map((c) => ({ which: c.which, rows: c.rows.map(asWpdb) })));
    expect(answers).toHaveLength(cases.length);
    const mismatches = cases
      .map((c, i) => ({
        which: c.which,
        ts: creditRowsText(c.which, c.rows),
        php: answers[i].text,
        tsPrint: fingerprint(creditRowsText(c.which, c.rows)),
        phpPrint: answers[i].print,
      }))
      .filter((m) => m.ts !== m.php || m.tsPrint !== m.phpPrint);
    expect(mismatches).toEqual([]);
    // The texts differ where the rows do: an order or a job changes the fingerprint.
    expect(new Set(answers.map((a) => a.print)).size).toBe(cases.length);
  });
});
