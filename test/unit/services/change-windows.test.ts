import { changeWindows, MAX_WINDOW_DAYS } from '../../../src/services/changes.service';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('changeWindows: TMDb changes asked in windows of at most 14 days', () => {
  it('asks one window for a short span, whole days from since to until', () => {
    expect(changeWindows(new Date('2026-03-01T17:30:00Z'), new Date('2026-03-04T02:00:00Z'))).toEqual([{ startDate: '2026-03-01', endDate: '2026-03-04' }]);
  });

  it('splits a long span into 14-day windows that share their boundary day (asked twice rather than missed)', () => {
    expect(MAX_WINDOW_DAYS).toBe(14);
    expect(changeWindows(day('2026-01-01'), day('2026-02-05'))).toEqual([
      { startDate: '2026-01-01', endDate: '2026-01-15' },
      { startDate: '2026-01-15', endDate: '2026-01-29' },
      { startDate: '2026-01-29', endDate: '2026-02-05' },
    ]);
  });

  it('asks exactly one window when since and until are the same day, or exactly 14 days apart', () => {
    expect(changeWindows(day('2026-03-01'), new Date('2026-03-01T23:59:00Z'))).toEqual([{ startDate: '2026-03-01', endDate: '2026-03-01' }]);
    expect(changeWindows(day('2026-03-01'), day('2026-03-15'))).toEqual([{ startDate: '2026-03-01', endDate: '2026-03-15' }]);
  });

  it('never asks a window longer than 14 days, and covers every day of the span', () => {
    const windows = changeWindows(day('2025-11-03'), day('2026-03-02'));
    for (const w of windows) expect((Date.parse(w.endDate) - Date.parse(w.startDate)) / 86_400_000).toBeLessThanOrEqual(14);
    expect(windows[0].startDate).toBe('2025-11-03');
    expect(windows[windows.length - 1].endDate).toBe('2026-03-02');
    for (let i = 1; i < windows.length; i += 1) expect(windows[i].startDate).toBe(windows[i - 1].endDate);
  });
});
