import type { BulkSyncService } from '../services/bulk-sync.service';
import type { ChangesService } from '../services/changes.service';
import type { SyncService } from '../services/sync/sync.service';
import type { SyncLogRepository } from '../repositories/sync-log.repository';
import type { SyncStateRepository } from '../repositories/sync-state.repository';
import { BulkSyncHandler } from './handlers/bulk-sync.handler';
import { ChangesHandler } from './handlers/changes.handler';
import { SyncTitleHandler } from './handlers/sync-title.handler';
import type { JobHandler } from './job-worker';
import { withScheduleRecord } from './schedules';

export interface SyncJobHandlerDeps {
  sync: SyncService;
  bulk: BulkSyncService;
  changes: ChangesService;
  state: SyncStateRepository;
  syncLog: SyncLogRepository;
  observeSync: (type: string, seconds: number, outcome: 'succeeded' | 'failed') => void;
}

/** The sync job types: `sync` (one title), `bulk`, `refresh` (weekly) and `changes` (daily). */
export function createSyncJobHandlers(deps: SyncJobHandlerDeps): Record<string, JobHandler> {
  const bulk = new BulkSyncHandler(deps.bulk);
  return {
    sync: new SyncTitleHandler(deps.sync, deps.observeSync, deps.syncLog),
    bulk,
    refresh: withScheduleRecord(bulk, deps),
    changes: withScheduleRecord(new ChangesHandler(deps.changes), deps),
  };
}
