/**
 * The CLI reads ids, counts and dates strictly: a value that is not exactly an
 * integer or a real calendar day is a usage error (exit 2), refused before any
 * connection is made. Before, `import 0` exited 0, `bulk --limit -1` exited 1,
 * 2024-02-30 was read as 1 March and "5e1" as 50.
 */
import { runCli } from '../../src/cli/cli';
import type { CliIo } from '../../src/cli/cli-io';
import { parseDate, parseId, parseInteger } from '../../src/cli/cli-args';
import { isCalendarDate } from '../../src/domain/job-payloads';

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  // A database nothing can reach: a command that got past its arguments would fail with exit 1, not 2.
  const env = { DATABASE_URL: 'mysql://nobody@127.0.0.1:1/none', TMDB_API_KEY: 'k'.repeat(32) };
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false, env };
}

describe('strict CLI arguments', () => {
  it.each([
    [['import', '0'], /nothing valid to import/],
    [['import', 'https://example.com/movie/550'], /nothing valid to import/],
    [['import', '--type', 'movie', '--year', '2e3', '--source', 'popular'], /--year must be an integer/],
    [['bulk', '--limit', '-1'], /--limit/],
    [['bulk', '--limit=-1'], /--limit must be a positive integer, got -1/],
    [['bulk', '--limit', '1.5'], /--limit must be a positive integer, got 1.5/],
    [['changes', '--since', '2024-02-30'], /--since must be a real date like 2024-05-01, got 2024-02-30/],
    [['sync', 'movie', '1e3'], /TMDb id must be a positive integer, got 1e3/],
    [['sync', 'movie', '550', '--post', '0x10'], /--post must be a positive integer, got 0x10/],
    [['discover', '--keyword', 'heist', '--limit', '5e1'], /--limit must be an integer from 1 to 100, got 5e1/],
    [['sync', 'movie', '550', '--frobnicate'], /Unknown option '--frobnicate'/],
  ])('%p exits 2 with its reason on the first line', async (argv, reason) => {
    const io = captureIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.stderr[0]).toMatch(/^error: /);
    expect(io.stderr[0]).toMatch(reason);
    expect(io.stdout).toEqual([]);
  });

  it('reads exact integers and real days, and nothing else', () => {
    expect(parseId('550', 'id')).toBe(550);
    expect(parseInteger('0', 'n', 0, 5)).toBe(0);
    expect(parseDate('2024-02-29', 'd')).toBe('2024-02-29');
    for (const raw of ['1e3', '+5', ' 5', '5 ', '0', '-1', '1.0', '0x1f', '', '99999999999999999999'])
      expect(() => parseId(raw, 'id')).toThrow('id must be a positive integer');
    expect(() => parseInteger('6', 'n', 0, 5)).toThrow('n must be an integer from 0 to 5, got 6');
    for (const day of ['2023-02-29', '2024-02-30', '2024-04-31', '2024-13-01', '2024-00-10', '2024-1-01']) expect(isCalendarDate(day)).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
  });
});
