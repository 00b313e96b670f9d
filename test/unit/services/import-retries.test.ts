import pino from 'pino';
import { emptyProgress, type JobProgress } from '../../../src/domain/job';
import { JOB_REGISTRY } from '../../../src/domain/job-registry';
import { TITLE_RETRY } from '../../../src/domain/retry-policy';
import { WordPressError } from '../../../src/errors';
import type { SyncLogRepository } from '../../../src/repositories/sync-log.repository';
import type { BulkRunContext } from '../../../src/services/bulk-sync.service';
import { ImportService, type ImportRequest } from '../../../src/services/import/import.service';
import { LibraryLookup } from '../../../src/services/import/library-lookup';
import type { SyncResult } from '../../../src/services/sync/sync.types';

type LogRow = Parameters<SyncLogRepository['add']>[0];

/** The part of the sync log an import reads and writes, in memory. */
function memorySyncLog(rows: LogRow[]): SyncLogRepository {
  return {
    add: async (row: LogRow) => void rows.push(row),
    countByJob: async () => rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.action]: (acc[r.action] ?? 0) + 1 }), {}),
    list: async () => [],
  } as unknown as SyncLogRepository;
}

function runContext(signal = new AbortController().signal): BulkRunContext & { reports: JobProgress[] } {
  const reports: JobProgress[] = [];
  return { jobId: 7, startedAt: new Date(), signal, stillHeld: async () => true, previous: emptyProgress(0), reports, report: async (p) => void reports.push(p) };
}

/** A WordPress that is down until `until` (ms on the clock): every sync in the meantime fails as a dropped connection does. */
function syncerDownUntil(until: number, now: () => number) {
  const attempts: number[] = [];
  return {
    attempts,
    sync: async (_type: string, tmdbId: number): Promise<SyncResult> => {
      attempts.push(tmdbId);
      if (now() < until) throw new WordPressError('WordPress is unreachable (POST /batch/v1): ECONNREFUSED', { retryable: true });
      return { postId: 100 + tmdbId, created: true, title: `Title ${tmdbId}` } as unknown as SyncResult;
    },
  };
}

const request = (ids: number[]): ImportRequest => ({ items: ids.map((tmdbId) => ({ type: 'movie', tmdbId })), status: 'publish', options: {}, resync: false });

function importer(sync: ReturnType<typeof syncerDownUntil>, rows: LogRow[]) {
  return new ImportService({
    sync,
    details: { getMovie: async () => ({ adult: false }), getTv: async () => ({ adult: false }) },
    library: new LibraryLookup({ findByTmdbIds: async () => [] }),
    syncLog: memorySyncLog(rows),
    allowAdult: false,
    concurrency: 3,
    logger: pino({ level: 'silent' }),
    reportEveryMs: 0,
  });
}

describe('import items and webhook syncs share one retry policy', () => {
  afterEach(() => jest.useRealTimers());

  it('tries an import item as often as a sync job is tried', () => {
    expect(JOB_REGISTRY.sync.maxAttempts).toBe(TITLE_RETRY.attempts);
  });

  it('loses nothing to an 8 s WordPress outage: every item is synced after it, with the sync backoff', async () => {
    jest.useFakeTimers({ now: 0 });
    const sync = syncerDownUntil(8_000, () => Date.now());
    const rows: LogRow[] = [];
    const running = importer(sync, rows).run(request([550, 551, 552]), runContext());
    await jest.advanceTimersByTimeAsync(120_000);
    const outcome = await running;
    expect(outcome).toMatchObject({ status: 'succeeded', progress: { done: 3, failed: 0 } });
    expect(rows.map((r) => r.action)).toEqual(['synced', 'synced', 'synced']);
    // Each item waited the outage out (more than one retry each), never more than the policy allows.
    for (const id of [550, 551, 552]) {
      const tries = sync.attempts.filter((a) => a === id).length;
      expect(tries).toBeGreaterThan(2);
      expect(tries).toBeLessThanOrEqual(TITLE_RETRY.attempts);
    }
  });

  it("gives up on an item after the policy's attempts and records it failed", async () => {
    jest.useFakeTimers({ now: 0 });
    const sync = syncerDownUntil(Number.MAX_SAFE_INTEGER, () => Date.now());
    const rows: LogRow[] = [];
    const running = importer(sync, rows).run(request([550]), runContext());
    await jest.advanceTimersByTimeAsync(600_000);
    expect(await running).toMatchObject({ status: 'failed', progress: { failed: 1 } });
    expect(sync.attempts).toHaveLength(TITLE_RETRY.attempts);
  });

  it('stops waiting out a backoff when the job is cancelled', async () => {
    jest.useFakeTimers({ now: 0 });
    const sync = syncerDownUntil(Number.MAX_SAFE_INTEGER, () => Date.now());
    const cancel = new AbortController();
    const running = importer(sync, []).run(request([550]), runContext(cancel.signal));
    await jest.advanceTimersByTimeAsync(10);
    cancel.abort();
    await jest.advanceTimersByTimeAsync(10);
    expect(await running).toMatchObject({ status: 'cancelled' });
    expect(sync.attempts).toHaveLength(1);
  });
});
