import pino from 'pino';
import { emptyProgress, type JobProgress } from '../../../src/domain/job';
import { TITLE_RETRY } from '../../../src/domain/retry-policy';
import { WordPressError } from '../../../src/errors';
import type { LibraryItem, LibraryRepository } from '../../../src/repositories/library.repository';
import type { SyncLogRepository } from '../../../src/repositories/sync-log.repository';
import { BulkSyncService, type BulkRunContext } from '../../../src/services/bulk-sync.service';
import type { SyncResult } from '../../../src/services/sync/sync.types';

type LogRow = Parameters<SyncLogRepository['add']>[0];

/** The part of the sync log a bulk run reads and writes, in memory. */
function memorySyncLog(rows: LogRow[]): SyncLogRepository {
  return {
    add: async (row: LogRow) => void rows.push(row),
    countByJob: async () => rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.action]: (acc[r.action] ?? 0) + 1 }), {}),
    list: async () => [],
    loggedPosts: async () => new Set<number>(),
  } as unknown as SyncLogRepository;
}

const library = { syncedSince: async () => new Set<number>() } as unknown as LibraryRepository;

function runContext(signal = new AbortController().signal): BulkRunContext & { reports: JobProgress[] } {
  const reports: JobProgress[] = [];
  return { jobId: 9, startedAt: new Date(), signal, stillHeld: async () => true, previous: emptyProgress(0), reports, report: async (p) => void reports.push(p) };
}

/** A WordPress that is down until `until` (ms on the clock): every sync in the meantime fails as a dropped connection does. */
function syncerDownUntil(until: number) {
  const attempts: number[] = [];
  return {
    attempts,
    sync: async (_type: string, tmdbId: number): Promise<SyncResult> => {
      attempts.push(tmdbId);
      if (Date.now() < until) throw new WordPressError('WordPress is unreachable (POST /batch/v1): ECONNREFUSED', { retryable: true });
      return { postId: 100 + tmdbId, created: false, title: `Title ${tmdbId}` } as unknown as SyncResult;
    },
  };
}

const items = (ids: number[]): LibraryItem[] => ids.map((tmdbId) => ({ type: 'movie', tmdbId, postId: 100 + tmdbId }));

function bulk(sync: ReturnType<typeof syncerDownUntil>, rows: LogRow[]) {
  return new BulkSyncService({ sync, library, syncLog: memorySyncLog(rows), logger: pino({ level: 'silent' }), concurrency: 3, reportEveryMs: 0 });
}

describe('bulk items retry like sync and import items (TITLE_RETRY)', () => {
  afterEach(() => jest.useRealTimers());

  it('loses nothing to an 8 s WordPress outage: every item is synced after it', async () => {
    jest.useFakeTimers({ now: 0 });
    const sync = syncerDownUntil(8_000);
    const rows: LogRow[] = [];
    const running = bulk(sync, rows).runItems(items([550, 551, 552]), {}, runContext());
    await jest.advanceTimersByTimeAsync(120_000);
    expect(await running).toMatchObject({ status: 'succeeded', progress: { done: 3, failed: 0 } });
    expect(rows.map((r) => r.action)).toEqual(['synced', 'synced', 'synced']);
    for (const id of [550, 551, 552]) {
      const tries = sync.attempts.filter((a) => a === id).length;
      expect(tries).toBeGreaterThan(1);
      expect(tries).toBeLessThanOrEqual(TITLE_RETRY.attempts);
    }
  });

  it("gives up on an item after the policy's attempts and records it failed", async () => {
    jest.useFakeTimers({ now: 0 });
    const sync = syncerDownUntil(Number.MAX_SAFE_INTEGER);
    const rows: LogRow[] = [];
    const running = bulk(sync, rows).runItems(items([550]), {}, runContext());
    await jest.advanceTimersByTimeAsync(600_000);
    expect(await running).toMatchObject({ status: 'failed', progress: { failed: 1 } });
    expect(sync.attempts).toHaveLength(TITLE_RETRY.attempts);
    expect(rows.map((r) => r.action)).toEqual(['failed']);
  });

  it('stops waiting out a backoff when the job is cancelled', async () => {
    jest.useFakeTimers({ now: 0 });
    const sync = syncerDownUntil(Number.MAX_SAFE_INTEGER);
    const cancel = new AbortController();
    const running = bulk(sync, []).runItems(items([550]), {}, runContext(cancel.signal));
    await jest.advanceTimersByTimeAsync(10);
    cancel.abort();
    await jest.advanceTimersByTimeAsync(10);
    expect(await running).toMatchObject({ status: 'cancelled' });
    expect(sync.attempts).toHaveLength(1);
  });
});
