/**
 * What the composition root (src/main.ts) builds: the container the CLI, the
 * HTTP server, the demo and the tests use. Types only.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import type { RunCoordinator } from 'node-cron';
import type { TmdbClient } from './clients/tmdb/tmdb.client';
import type { WordPressClient } from './clients/wordpress/wordpress.client';
import type { AppConfig } from './config/config';
import type { ContentStore } from './domain/content-store';
import type { SidecarMetrics } from './http/metrics';
import type { WebhookService } from './http/webhook.service';
import type { JobWorker } from './jobs/job-worker';
import type { ListScheduler } from './jobs/list-scheduler';
import type { RedisJobDispatch } from './clients/redis/redis-job-dispatch';
import type { DeliveryRepository } from './repositories/delivery.repository';
import type { JobRepository } from './repositories/job.repository';
import type { Repositories } from './repositories/repositories';
import type { SyncLogRepository } from './repositories/sync-log.repository';
import type { SyncStateRepository } from './repositories/sync-state.repository';
import type { BulkSyncService } from './services/bulk-sync.service';
import type { ChangesService } from './services/changes.service';
import type { LocalContentStore } from './clients/content-store/local-content-store';
import type { OrphanSweepService } from './services/orphan-sweep.service';
import type { DiscoveryServices } from './services/discovery/discovery.factory';
import type { ImportServices } from './services/import/import.factory';
import type { SettingsService } from './services/settings.service';
import type { SyncService } from './services/sync/sync.service';

/** REDIS_URL mode: what the processes of one site share through Redis. */
export interface ClusterMode {
  redis: Redis;
  namespace: string;
  /** Announces runnable jobs to every process; `serve` consumes them. */
  dispatch: RedisJobDispatch;
  /** Lets one process run each schedule tick. */
  coordinator: RunCoordinator;
}

export interface AppContainer {
  config: AppConfig;
  logger: Logger;
  db: Knex;
  tmdb: TmdbClient;
  repos: Repositories;
  store: ContentStore;
  /** The WordPress REST client when WP_URL is set (doctor and Test connection check its credentials). */
  wordpress: WordPressClient | null;
  localStore: LocalContentStore | null;
  sync: SyncService;
  jobs: JobRepository;
  state: SyncStateRepository;
  metrics: SidecarMetrics;
  settings: SettingsService;
  webhooks: WebhookService;
  /** Webhook deliveries seen within the signature window (replays are refused on every process). */
  deliveries: DeliveryRepository;
  /** tmu_sync_log: what each job did, item by item, and schedule runs. */
  syncLog: SyncLogRepository;
  /** Many-item syncs (bulk, weekly refresh) and the daily changes run. */
  bulk: BulkSyncService;
  changes: ChangesService;
  /** Rows of posts deleted in WordPress while no post.deleted webhook reached us (weekly run, `sweep`). */
  sweep: OrphanSweepService;
  /** Keywords, discovery, curated lists, random picks and the list refresh schedule. */
  discovery: DiscoveryServices & { scheduler: ListScheduler };
  /** Import from TMDb: browse pages and the `import` job. */
  imports: ImportServices;
  /** Set when REDIS_URL is: jobs and schedules shared by every sidecar process. */
  cluster: ClusterMode | null;
  /** Built on demand by `serve` and the tests: the queue consumer with every job handler. */
  createWorker(options?: ConstructorParameters<typeof JobWorker>[3]): JobWorker;
  close(): Promise<void>;
}

export interface BuildOptions {
  logger?: Logger;
  /** Skip running migrations (the `doctor` command only inspects). */
  migrate?: boolean;
  /** Keep TMDb responses in memory only (one-shot commands like `search`). */
  memoryCache?: boolean;
  /** Wraps the content store (tests use it to inject failures). */
  decorateStore?: (store: ContentStore) => ContentStore;
  /** People details in background `people.refresh` jobs (serve); otherwise right after each title (CLI, demo). */
  peopleInBackground?: boolean;
  /** Imports make each title's page live first and queue the rest as `title.complete` jobs (serve); otherwise, and in bulks, titles are synced whole. */
  pagesFirst?: boolean;
}
