import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { MemoryApiCache } from './clients/tmdb/api-cache';
import { TmdbClient } from './clients/tmdb/tmdb.client';
import { AppConfig, configSecrets } from './config/config';
import { createLogger } from './config/logger';
import { createColumnCodec } from './mappers/column-codec';
import { ApiCacheRepository } from './repositories/api-cache.repository';
import { createDatabase, databaseKind, migrateToLatest } from './repositories/database';
import { LocalContentRepository } from './repositories/local-content.repository';
import { createRepositories, Repositories, UnitOfWork } from './repositories/repositories';
import type { ContentStore } from './domain/content-store';
import { LocalContentStore } from './services/content-store/local-content-store';
import { WordPressClient } from './clients/wordpress/wordpress.client';
import { WordPressContentStore } from './clients/wordpress/wordpress-content-store';
import { WordPressObjects } from './clients/wordpress/wordpress-objects';
import { PeopleRefreshHandler } from './jobs/handlers/people-refresh.handler';
import { ImageService } from './services/images/image.service';
import { PeopleService } from './services/sync/people.service';
import type { SyncDeps } from './services/sync/sync-deps';
import { SyncService } from './services/sync/sync.service';
import { ObjectSyncLock } from './services/sync/object-sync-lock';
import { ObjectLockRepository } from './repositories/object-lock.repository';
import type { ContentStoreBinder } from './services/sync/sync.types';
import { createMetrics, SidecarMetrics } from './http/metrics';
import { JobRepository } from './repositories/job.repository';
import { DeliveryRepository } from './repositories/delivery.repository';
import { SyncStateRepository } from './repositories/sync-state.repository';
import { SecretBox, SettingsService } from './services/settings.service';
import { ContentCleanupService } from './services/content-cleanup.service';
import { WebhookService } from './http/webhook.controller';
import { JobWorker } from './jobs/job-worker';
import { SyncLogRepository } from './repositories/sync-log.repository';
import { LibraryRepository } from './repositories/library.repository';
import { BulkSyncService } from './services/bulk-sync.service';
import { ChangesService } from './services/changes.service';
import { createSyncJobHandlers } from './jobs/job-handlers';
import { createDiscoveryServices, DiscoveryServices } from './services/discovery/discovery.factory';
import { ListScheduler } from './jobs/list-scheduler';
import { DiscoveryWebhooks } from './http/discovery-webhooks.controller';
import { syncOptionsFromParts } from './services/discovery/discovery.types';
import { RefreshListHandler } from './jobs/handlers/refresh-list.handler';
import { DiscoverHandler } from './jobs/handlers/discover.handler';
import { connectRedis } from './clients/redis/redis.client';
import { RedisJobDispatch } from './jobs/redis-job-dispatch';
import { RedisRunCoordinator } from './jobs/redis-run-coordinator';
import { clusterNamespace } from './jobs/cluster-namespace';
import type { Redis } from 'ioredis';
import type { RunCoordinator } from 'node-cron';
import { TmdbBrowseClient } from './clients/tmdb/tmdb-browse.client';
import { createImportServices, ImportServices } from './services/import/import.factory';
import { ImportHandler } from './jobs/handlers/import.handler';
import { IMPORT_JOB } from './domain/job-payloads';
import { Schedules } from './jobs/schedules';

/** REDIS_URL mode: what the processes of one site share through Redis. */
export interface ClusterMode {
  redis: Redis;
  namespace: string;
  /** Announces runnable jobs to every process; `serve` consumes them. */
  dispatch: RedisJobDispatch;
  /** Lets one process run each schedule tick. */
  coordinator: RunCoordinator;
}

/** With Redis, the poll only picks up what an announcement missed (a lease that expired, a lost message). */
const CLUSTER_POLL_MS = 5_000;

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
}

/** The one composition root: every client, repository and service is built here and injected. */
export async function buildContainer(config: AppConfig, options: BuildOptions = {}): Promise<AppContainer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  const prefix = config.database.tablePrefix;
  const db = createDatabase(config.database.url, { warn: (message) => logger.warn(message) });
  let redis: Redis | null = null;
  try {
    if (options.migrate !== false) await migrateToLatest(db, prefix);
    redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : null;
    const cluster = redis ? buildClusterMode(redis, clusterNamespace(config.database.url, prefix), logger) : null;
    const repos = createRepositories(db, prefix);
    const cache = options.memoryCache ? new MemoryApiCache() : new ApiCacheRepository(db, prefix);
    const jobs = new JobRepository(db, prefix, cluster?.dispatch.announce);
    const state = new SyncStateRepository(db, prefix);
    const metrics = createMetrics(() => jobs.countByStatus());
    const tmdb = new TmdbClient({
      config: config.tmdb,
      cache,
      logger,
      metrics: metrics.tmdb,
      cluster: cluster ? { redis: cluster.redis, id: `${cluster.namespace}:tmdb` } : undefined,
    });
    const codec = createColumnCodec(config.columnFormat);

    // A dead process frees its objects as soon as its jobs: after JOB_LEASE_SECONDS.
    const objectLock = new ObjectSyncLock(new ObjectLockRepository(db, prefix), logger, {
      ttlMs: config.jobs.leaseMs,
      waitMs: Math.round(config.jobs.leaseMs * 1.5),
    });

    // WordPress over REST when configured; otherwise (demo, tests) the local store stands in.
    const decorate = options.decorateStore ?? ((s: ContentStore) => s);
    let store: ContentStore;
    let localStore: LocalContentStore | null = null;
    let bindStore: ContentStoreBinder;
    let wordpress: WordPressClient | null = null;
    if (config.wordpress) {
      const wp = new WordPressClient({ ...config.wordpress, logger, onRequest: metrics.observeWordPressRequest });
      wordpress = wp;
      // On SQLite (one connection) a lock query inside the rows transaction would wait for itself.
      const objects = new WordPressObjects(wp, logger, databaseKind(db) === 'mysql' ? objectLock : undefined);
      store = decorate(new WordPressContentStore(objects, { autoFlush: true }));
      // REST writes are not transactional; they are idempotent by natural key instead. Each sync gets a session.
      bindStore = () => decorate(new WordPressContentStore(objects));
    } else {
      const localRepo = new LocalContentRepository(db, prefix);
      await localRepo.ensureSchema();
      const local = new LocalContentStore(localRepo, config.images.uploadsDir);
      localStore = local;
      store = local;
      bindStore = (transaction) => decorate(local.forTransaction(transaction as Knex.Transaction));
    }

    const images = new ImageService(tmdb, config.images, logger);
    const people = new PeopleService(images, codec, config.peopleRefreshHours, logger);
    const deps: SyncDeps = {
      tmdb,
      repos,
      unitOfWork: new UnitOfWork(db, prefix),
      store,
      bindStore,
      images,
      people,
      codec,
      logger,
      objectLock,
      episodeCredits: config.episodeCredits,
      enqueuePeopleRefresh: options.peopleInBackground
        ? async (ids, portraits) => {
            await jobs.enqueue({ type: 'people.refresh', payload: { ids, portraits } });
          }
        : undefined,
    };
    const sync = new SyncService(deps, config.peopleRefreshHours);
    const syncLog = new SyncLogRepository(db, prefix);
    const library = new LibraryRepository(db, prefix);
    const bulk = new BulkSyncService({ sync, library, syncLog, logger, concurrency: config.jobs.bulkLanes, observe: metrics.observeSync });
    const changes = new ChangesService({
      tmdb,
      library,
      state,
      bulk,
      cache: repos.apiCache,
      logger,
      fallbackLimit: config.jobs.fallbackRefreshLimit,
    });
    const syncJobHandlers = createSyncJobHandlers({ sync, bulk, changes, state, syncLog, observeSync: metrics.observeSync });
    const envHasKey = Boolean(config.tmdb.apiKey || config.tmdb.accessToken);
    const settings = new SettingsService(state, (key) => tmdb.setApiKey(key), envHasKey, config.webhookSecret ? new SecretBox(config.webhookSecret) : null, logger, (language) =>
      tmdb.setLanguage(language),
    );
    await settings.restore();
    const discoveryServices = createDiscoveryServices({
      db,
      prefix,
      tmdb,
      sync,
      repos,
      state,
      allowAdult: config.discovery.allowAdult,
      syncOptions: syncOptionsFromParts(config.discovery.syncParts),
      logger,
    });
    const scheduler = new ListScheduler({
      lists: discoveryServices.listRepository,
      jobs,
      timezone: config.cron.timezone,
      logger: logger.child({ component: 'discovery' }),
      coordinator: cluster?.coordinator,
    });
    const discovery = { ...discoveryServices, scheduler };
    const imports = createImportServices({
      browse: new TmdbBrowseClient(tmdb, config.tmdb.language),
      tmdb,
      keywords: discovery.keywords,
      sync,
      library,
      syncLog,
      lock: objectLock,
      imageBaseUrl: config.tmdb.imageBaseUrl,
      allowAdult: config.discovery.allowAdult,
      concurrency: config.jobs.concurrency,
      logger,
      observe: metrics.observeSync,
    });
    const webhooks = new WebhookService(jobs, settings, new ContentCleanupService(repos, deps.unitOfWork), tmdb, logger, new DiscoveryWebhooks(jobs, discovery.lists), wordpress, (name) =>
      // Not started: "Run now" only fires what a tick would; `serve` runs the cron tasks.
      new Schedules({ jobs, state, syncLog, logger, cron: config.cron, coordinator: cluster?.coordinator }).fire(name),
    );
    return {
      config,
      logger,
      db,
      tmdb,
      repos,
      store,
      wordpress,
      localStore,
      sync,
      jobs,
      state,
      metrics,
      settings,
      webhooks,
      deliveries: new DeliveryRepository(db, prefix),
      syncLog,
      bulk,
      changes,
      discovery,
      imports,
      cluster,
      createWorker: (options) =>
        new JobWorker(
          jobs,
          {
            ...syncJobHandlers,
            'list.refresh': new RefreshListHandler(discovery.lists),
            'people.refresh': new PeopleRefreshHandler(sync.people),
            discover: new DiscoverHandler(discovery),
            [IMPORT_JOB]: new ImportHandler(imports.importer),
          },
          logger,
          { concurrency: config.jobs.concurrency, leaseMs: config.jobs.leaseMs, stallMs: config.jobs.stallMs, ...(cluster ? { pollMs: CLUSTER_POLL_MS } : {}), ...options },
        ),
      close: async () => {
        await cluster?.dispatch.close();
        await tmdb.close();
        await redis?.quit();
        await db.destroy();
      },
    };
  } catch (error) {
    redis?.disconnect();
    await db.destroy();
    throw error;
  }
}

function buildClusterMode(redis: Redis, namespace: string, logger: Logger): ClusterMode {
  return {
    redis,
    namespace,
    dispatch: new RedisJobDispatch({ redis, namespace, logger }),
    coordinator: new RedisRunCoordinator(redis, namespace, `${process.pid}`),
  };
}
