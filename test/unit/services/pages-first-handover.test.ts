/**
 * Import and bulk with a job queue: each title is synced at the page stage and its rest handed to a
 * `title.complete` job (once per synced title, naming the job); without a queue, titles are synced whole.
 */
import pino from 'pino';
import { emptyProgress } from '../../../src/domain/job';
import type { LibraryItem, LibraryRepository } from '../../../src/repositories/library.repository';
import type { SyncLogRepository } from '../../../src/repositories/sync-log.repository';
import { BulkSyncService, type BulkRunContext } from '../../../src/services/bulk-sync.service';
import { ImportService, type ImportRequest } from '../../../src/services/import/import.service';
import { LibraryLookup } from '../../../src/services/import/library-lookup';
import type { CompleteLater, SyncOptions, SyncResult, SyncType } from '../../../src/services/sync/sync.types';
import { tmdbId } from '../../support/factories';

type LogRow = Parameters<SyncLogRepository['add']>[0];

function memorySyncLog(rows: LogRow[]): SyncLogRepository {
  return {
    add: async (row: LogRow) => void rows.push(row),
    countByJob: async () => ({}),
    list: async () => [],
    loggedPosts: async () => new Set<number>(),
  } as unknown as SyncLogRepository;
}

const JOB_ID = 31;
const runContext = (): BulkRunContext => ({
  jobId: JOB_ID,
  startedAt: new Date(),
  signal: new AbortController().signal,
  stillHeld: async () => true,
  previous: emptyProgress(0),
  report: async () => undefined,
});

/** Records each sync's options and how many ran at once. */
function recordingSyncer(delayMs = 5) {
  const calls: Array<{ type: SyncType; tmdbId: number; options: Partial<SyncOptions> }> = [];
  let running = 0;
  const state = { peak: 0 };
  return {
    calls,
    state,
    sync: async (type: SyncType, id: number, options: Partial<SyncOptions> = {}): Promise<SyncResult> => {
      calls.push({ type, tmdbId: id, options });
      running += 1;
      state.peak = Math.max(state.peak, running);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      running -= 1;
      return { type, tmdbId: id, postId: 100 + id, created: true, title: `Title ${id}` } as unknown as SyncResult;
    },
  };
}

function importer(sync: ReturnType<typeof recordingSyncer>, rows: LogRow[], completeLater?: CompleteLater, inLibrary: number[] = [], concurrency = 4) {
  return new ImportService({
    sync,
    details: { getMovie: async () => ({ adult: false }), getTv: async () => ({ adult: false }) },
    library: new LibraryLookup({
      findByTmdbIds: async (_kind: string, ids: number[]) => ids.filter((id) => inLibrary.includes(id)).map((id) => ({ tmdbId: id, postId: 100 + id, type: 'movie' })),
    } as never),
    syncLog: memorySyncLog(rows),
    allowAdult: false,
    concurrency,
    completeLater,
    logger: pino({ level: 'silent' }),
    reportEveryMs: 0,
  });
}

const request = (ids: number[], options: Partial<SyncOptions> = {}): ImportRequest => ({
  items: ids.map((id) => ({ type: 'movie', tmdbId: id })),
  status: 'publish',
  options,
  resync: false,
});

describe('import: pages first', () => {
  it('syncs each title at the page stage and hands its rest over once, naming the import job', async () => {
    const ids = [tmdbId(), tmdbId(), tmdbId()];
    const handed: Array<Parameters<CompleteLater>> = [];
    const sync = recordingSyncer();
    const rows: LogRow[] = [];
    const outcome = await importer(sync, rows, async (...args) => void handed.push(args), [ids[2]]).run(request(ids, { videos: false }), runContext());
    expect(outcome.status).toBe('succeeded');
    // The title already in the library is skipped: neither synced nor handed over.
    expect(sync.calls.map((c) => c.options.stage)).toEqual(['page', 'page']);
    expect(handed.sort((a, b) => a[1] - b[1])).toEqual([
      ['movie', ids[0], { videos: false }, JOB_ID],
      ['movie', ids[1], { videos: false }, JOB_ID],
    ]);
  });

  it('syncs titles whole when there is no queue to hand the rest to', async () => {
    const sync = recordingSyncer();
    await importer(sync, []).run(request([tmdbId(), tmdbId()]), runContext());
    expect(sync.calls.map((c) => c.options.stage)).toEqual(['all', 'all']);
  });

  it('runs as many titles at once as it is given lanes', async () => {
    const sync = recordingSyncer(20);
    await importer(sync, [], undefined, [], 6).run(request(Array.from({ length: 12 }, () => tmdbId())), runContext());
    expect(sync.state.peak).toBe(6);
  });

  it('stops the job when the queue cannot take a hand-over, leaving the item unlogged so the retry syncs it again', async () => {
    const rows: LogRow[] = [];
    const failing: CompleteLater = async () => {
      throw new Error('queue unavailable (injected)');
    };
    await expect(importer(recordingSyncer(), rows, failing, [], 1).run(request([tmdbId()]), runContext())).rejects.toThrow('queue unavailable');
    expect(rows).toEqual([]);
  });
});

describe('bulk: pages first', () => {
  const library = { syncedSince: async () => new Set<number>() } as unknown as LibraryRepository;
  const bulk = (sync: ReturnType<typeof recordingSyncer>, completeLater?: CompleteLater) =>
    new BulkSyncService({ sync, library, syncLog: memorySyncLog([]), logger: pino({ level: 'silent' }), concurrency: 2, reportEveryMs: 0, completeLater });

  it('syncs titles at the page stage and hands them over; a person is synced whole', async () => {
    const movie = tmdbId();
    const person = tmdbId();
    const items: LibraryItem[] = [
      { type: 'movie', tmdbId: movie, postId: 1 },
      { type: 'person', tmdbId: person, postId: 2 },
    ];
    const handed: Array<Parameters<CompleteLater>> = [];
    const sync = recordingSyncer();
    await bulk(sync, async (...args) => void handed.push(args)).runItems(items, { images: true }, runContext());
    expect(Object.fromEntries(sync.calls.map((c) => [c.type, c.options.stage]))).toEqual({ movie: 'page', person: 'all' });
    expect(handed).toEqual([['movie', movie, { images: true }, JOB_ID]]);
  });

  it('syncs everything whole without a queue', async () => {
    const sync = recordingSyncer();
    await bulk(sync).runItems([{ type: 'tv', tmdbId: tmdbId(), postId: 3 }], {}, runContext());
    expect(sync.calls[0].options.stage).toBe('all');
  });
});
