import pino from 'pino';
import { ListScheduler } from '../../../src/jobs/list-scheduler';

/** isDue only reads the expression, the time zone and the two dates. */
function scheduler(timezone = 'UTC'): ListScheduler {
  return new ListScheduler({
    lists: { listScheduled: async () => [] },
    jobs: { enqueue: async () => Promise.reject(new Error('not used')), list: async () => [] },
    timezone,
    logger: pino({ level: 'silent' }),
  });
}

const at = (iso: string) => new Date(iso);

describe('ListScheduler.isDue: the last fire time, not a gap heuristic', () => {
  it('catches up a run missed while the sidecar was down, in the first minute after it', () => {
    // Fired at 05:00 on the 3rd while down; a minute later it is due (the gap heuristic waited a day and a minute).
    expect(scheduler().isDue('0 5 * * *', at('2026-03-02T05:00:20Z'), at('2026-03-03T05:01:00Z'))).toBe(true);
    expect(scheduler().isDue('0 5 * * 1', at('2026-03-02T05:00:20Z'), at('2026-03-09T05:03:00Z'))).toBe(true);
  });

  it('is not due before the next fire time, nor twice in the minute it refreshed', () => {
    expect(scheduler().isDue('0 5 * * *', at('2026-03-02T05:00:20Z'), at('2026-03-03T04:59:59Z'))).toBe(false);
    expect(scheduler().isDue('0 5 * * *', at('2026-03-03T05:00:10Z'), at('2026-03-03T05:00:50Z'))).toBe(false);
    expect(scheduler().isDue('0 5 * * 1', at('2026-03-02T05:00:20Z'), at('2026-03-08T23:00:00Z'))).toBe(false);
  });

  it('reads the expression in CRON_TZ', () => {
    // 05:00 in Berlin is 04:00 UTC in March (CET).
    expect(scheduler('Europe/Berlin').isDue('0 5 * * *', at('2026-03-02T04:00:20Z'), at('2026-03-03T04:00:30Z'))).toBe(true);
    expect(scheduler('Europe/Berlin').isDue('0 5 * * *', at('2026-03-02T04:00:20Z'), at('2026-03-03T03:59:30Z'))).toBe(false);
  });

  it('refuses an expression that is not cron', () => {
    expect(() => scheduler().isDue('every day', at('2026-03-02T05:00:20Z'), at('2026-03-03T05:00:00Z'))).toThrow(/invalid cron expression/);
  });
});
