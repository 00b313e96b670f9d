import type { JobPayload, JobType } from '../domain/job-registry';
import type { BulkSyncService } from '../services/bulk-sync.service';
import type { ChangesService } from '../services/changes.service';
import type { OrphanSweepService } from '../services/orphan-sweep.service';
import type { DiscoveryServices } from '../services/discovery/discovery.factory';
import type { ImportService } from '../services/import/import.service';
import type { SyncService } from '../services/sync/sync.service';
import type { SyncLogRepository } from '../repositories/sync-log.repository';
import type { SyncStateRepository } from '../repositories/sync-state.repository';
import { BulkSyncHandler } from './handlers/bulk-sync.handler';
import { ChangesHandler } from './handlers/changes.handler';
import { DiscoverHandler } from './handlers/discover.handler';
import { ImportHandler } from './handlers/import.handler';
import { PeopleRefreshHandler } from './handlers/people-refresh.handler';
import { RefreshHandler } from './handlers/refresh.handler';
import { RefreshListHandler } from './handlers/refresh-list.handler';
import { SyncTitleHandler } from './handlers/sync-title.handler';
import { TitleCompleteHandler } from './handlers/title-complete.handler';
import type { JobHandler } from './job-worker';
import { withScheduleRecord } from './schedules';

/** One handler per registered job type, each typed by its payload (the compiler names a type left out). */
export type JobHandlers = { [T in JobType]: JobHandler<JobPayload<T>> };

export interface JobHandlerDeps {
  sync: SyncService;
  bulk: BulkSyncService;
  /** The weekly refresh sweeps orphan rows before it syncs. */
  sweep: OrphanSweepService;
  changes: ChangesService;
  discovery: Pick<DiscoveryServices, 'keywords' | 'discovery' | 'lists' | 'random'>;
  importer: ImportService;
  state: SyncStateRepository;
  syncLog: SyncLogRepository;
  observeSync: (type: string, seconds: number, outcome: 'succeeded' | 'failed') => void;
  /** Titles `title.complete` jobs complete at once in the process (default 1). */
  completeLanes?: number;
}

/** Binds each job type of the registry (domain/job-registry.ts) to its handler. */
export function createJobHandlers(deps: JobHandlerDeps): JobHandlers {
  const bulk = new BulkSyncHandler(deps.bulk);
  const lanes = deps.completeLanes ?? 1;
  return {
    sync: new SyncTitleHandler(deps.sync, deps.observeSync, deps.syncLog),
    bulk,
    refresh: withScheduleRecord(new RefreshHandler(deps.bulk, deps.sweep), deps),
    changes: withScheduleRecord(new ChangesHandler(deps.changes), deps),
    import: new ImportHandler(deps.importer),
    discover: new DiscoverHandler(deps.discovery),
    'list.refresh': new RefreshListHandler(deps.discovery.lists),
    'people.refresh': new PeopleRefreshHandler(deps.sync.peopleRefresh),
    // No activity-log line of its own: the import or bulk logged the title when its page went live.
    // A job completes half the lanes' titles at once: alone (beside an import's page stage) it takes what one job took before.
    'title.complete': new TitleCompleteHandler(deps.sync, { lanes, jobLanes: Math.ceil(lanes / 2), observe: deps.observeSync, people: deps.sync.peopleRefresh }),
  };
}
