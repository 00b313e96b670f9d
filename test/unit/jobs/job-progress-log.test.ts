/** A running job's counts reach the log at most once per interval, and only when they changed. */
import { emptyProgress } from '../../../src/domain/job';
import { progressLogger } from '../../../src/jobs/job-log';

function counts(done: number, failed: number, total: number) {
  return { ...emptyProgress(total), done, failed };
}

describe('job progress lines', () => {
  it('waits one interval after the start, then logs changed counts at most once per interval', () => {
    let clock = 1_000;
    const lines: Array<Record<string, unknown>> = [];
    const log = { info: (fields: Record<string, unknown>) => lines.push(fields) };
    const report = progressLogger(log as never, 15_000, () => clock);

    report(counts(1, 0, 10)); // at the start: a short job logs only its start and end
    clock += 15_000;
    report(counts(2, 0, 10));
    clock += 5_000;
    report(counts(3, 0, 10)); // too soon
    clock += 10_000;
    report(counts(4, 1, 10));
    clock += 20_000;
    report(counts(4, 1, 10)); // unchanged

    expect(lines).toEqual([
      { done: 2, failed: 0, total: 10 },
      { done: 4, failed: 1, total: 10 },
    ]);
  });

  it('says nothing while the total is not known yet', () => {
    let clock = 0;
    const lines: unknown[] = [];
    const report = progressLogger({ info: (fields: unknown) => lines.push(fields) } as never, 1_000, () => clock);
    clock = 5_000;
    report(counts(0, 0, 0));
    expect(lines).toEqual([]);
  });
});
