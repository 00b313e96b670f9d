import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import type { AppContainer, BuildOptions, ClusterMode } from './app-container';
import { MemoryApiCache } from './clients/tmdb/api-cache';
import { TmdbBrowseClient } from './clients/tmdb/tmdb-browse.client';
import { TmdbClient } from './clients/tmdb/tmdb.client';
import { connectRedis } from './clients/redis/redis.client';
import type { WordPressClient } from './clients/wordpress/wordpress.client';
import { createContentStores, type ContentStores } from './clients/content-store/content-stores.factory';
import { checkSite } from './clients/wordpress/wordpress-site-check';
import { AppConfig, configSecrets } from './config/config';
import { createLogger } from './config/logger';
import { isInteractiveJob, jobInput } from './domain/job-registry';
import { mergePeopleRefresh, mergeTitleComplete, titleCompletePayloadSchema } from './domain/job-payloads';
import { DiscoveryWebhooks } from './http/discovery-webhooks.controller';
import { createMetrics, SidecarMetrics } from './http/metrics';
import { WebhookService, WordPressCredentialCheck } from './http/webhook.service';
import { clusterNamespace } from './jobs/cluster-namespace';
import { createJobHandlers } from './jobs/job-handlers';
import { JobWorker } from './jobs/job-worker';
import { ListScheduler } from './jobs/list-scheduler';
import { RedisJobDispatch } from './clients/redis/redis-job-dispatch';
import { RedisRunCoordinator } from './clients/redis/redis-run-coordinator';
import { Schedules } from './jobs/schedules';
import { createColumnCodec } from './mappers/column-codec';
import { ApiCacheRepository } from './repositories/api-cache.repository';
import { createDatabase, migrateToLatest } from './repositories/database';
import { DeliveryRepository } from './repositories/delivery.repository';
import { JobRepository } from './repositories/job.repository';
import { JobMergeRepository } from './repositories/job-merge.repository';
import { LibraryRepository } from './repositories/library.repository';
import { ObjectLockRepository } from './repositories/object-lock.repository';
import { PostRowsRepository } from './repositories/post-rows.repository';
import { createRepositories, Repositories, UnitOfWork } from './repositories/repositories';
import { SyncLogRepository } from './repositories/sync-log.repository';
import { SyncStateRepository } from './repositories/sync-state.repository';
import { BulkSyncService } from './services/bulk-sync.service';
import { ChangesService } from './services/changes.service';
import { ContentCleanupService } from './services/content-cleanup.service';
import { OrphanSweepService } from './services/orphan-sweep.service';
import { createDiscoveryServices } from './services/discovery/discovery.factory';
import { syncOptionsFromParts } from './services/discovery/discovery.schema';
import { ImageService } from './services/images/image.service';
import { createImportServices } from './services/import/import.factory';
import { SecretBox, SettingsService } from './services/settings.service';
import { ObjectSyncLock } from './services/sync/object-sync-lock';
import { PeopleService } from './services/sync/people.service';
import type { SyncDeps } from './services/sync/sync-deps';
import { SyncService } from './services/sync/sync.service';
import type { CompleteLater } from './services/sync/sync.types';

export type { AppContainer, BuildOptions, ClusterMode } from './app-container';

/** With Redis, the poll only picks up what an announcement missed (a lease that expired, a lost message). */
const CLUSTER_POLL_MS = 5_000;

/** What every part is built on: the database's repositories, the queue, TMDb, metrics and the object lock. */
interface Core {
  config: AppConfig;
  db: Knex;
  prefix: string;
  logger: Logger;
  cluster: ClusterMode | null;
  repos: Repositories;
  jobs: JobRepository;
  state: SyncStateRepository;
  metrics: SidecarMetrics;
  tmdb: TmdbClient;
  objectLock: ObjectSyncLock;
  /** Workers of this process, told when a job queued here is due (without Redis nothing else tells them). */
  localWorkers: Set<JobWorker>;
}

/** The one composition root: every client, repository and service is built here and injected. */
export async function buildContainer(config: AppConfig, options: BuildOptions = {}): Promise<AppContainer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, format: config.logFormat, secrets: configSecrets(config) });
  const prefix = config.database.tablePrefix;
  const db = createDatabase(config.database.url, { warn: (message) => logger.warn(message), poolMax: config.database.poolMax });
  let redis: Redis | null = null;
  try {
    if (options.migrate !== false) await migrateToLatest(db, prefix);
    redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : null;
    const cluster = redis ? buildClusterMode(redis, clusterNamespace(config.database.url, prefix), logger) : null;
    const core = buildCore(config, db, logger, cluster, options);
    const stores = await createContentStores({
      ...{ config, db, prefix, logger, onWordPressRequest: core.metrics.observeWordPressRequest },
      ...{ objectLock: core.objectLock, decorate: options.decorateStore },
    });
    return await buildServices(core, stores, options);
  } catch (error) {
    redis?.disconnect();
    await db.destroy();
    throw error;
  }
}

function buildCore(config: AppConfig, db: Knex, logger: Logger, cluster: ClusterMode | null, options: BuildOptions): Core {
  const prefix = config.database.tablePrefix;
  const localWorkers = new Set<JobWorker>();
  // Background jobs wait for the next poll; one a person waits on starts at once.
  const wakeLocal = (_id: number, runAt: Date, type?: string) => {
    if (type !== undefined && isInteractiveJob(type) && runAt.getTime() <= Date.now()) for (const worker of localWorkers) worker.nudge();
  };
  const jobs = new JobRepository(db, prefix, cluster ? cluster.dispatch.announce : wakeLocal);
  const metrics = createMetrics(() => jobs.countByStatus());
  const tmdb = new TmdbClient({
    config: config.tmdb,
    cache: options.memoryCache ? new MemoryApiCache() : new ApiCacheRepository(db, prefix),
    logger,
    metrics: metrics.tmdb,
    cluster: cluster ? { redis: cluster.redis, id: `${cluster.namespace}:tmdb` } : undefined,
  });
  // A dead process frees its objects as soon as its jobs: after JOB_LEASE_SECONDS.
  const objectLock = new ObjectSyncLock(new ObjectLockRepository(db, prefix), logger, {
    ttlMs: config.jobs.leaseMs,
    waitMs: Math.round(config.jobs.leaseMs * 1.5),
  });
  const repos = createRepositories(db, prefix);
  return { config, db, prefix, logger, cluster, repos, jobs, state: new SyncStateRepository(db, prefix), metrics, tmdb, objectLock, localWorkers };
}

function buildSync(core: Core, stores: ContentStores, options: BuildOptions, settings: SettingsService): SyncService {
  const { config, logger, jobs } = core;
  const codec = createColumnCodec(config.columnFormat);
  const images = new ImageService(core.tmdb, { ...config.images, imageBaseUrl: config.tmdb.imageBaseUrl }, logger);
  const deps: SyncDeps = {
    tmdb: core.tmdb,
    repos: core.repos,
    unitOfWork: new UnitOfWork(core.db, core.prefix),
    store: stores.store,
    bindStore: stores.bindStore,
    images,
    people: new PeopleService(images, codec, config.peopleRefreshHours, logger),
    codec,
    logger,
    objectLock: core.objectLock,
    episodeCredits: config.episodeCredits,
    watchRegion: () => settings.watchRegion(),
    enqueuePeopleRefresh: options.peopleInBackground
      ? async (ids, portraits) => {
          // The people of many titles in one waiting job (its rounds of 100 fuller), else a job of their own.
          const merged = await new JobMergeRepository(core.db, core.prefix).mergeIntoQueued('people.refresh', (waiting) => mergePeopleRefresh(waiting, ids, portraits));
          if (!merged) await jobs.enqueue(jobInput('people.refresh', { ids, portraits }));
        }
      : undefined,
  };
  return new SyncService(deps, config.peopleRefreshHours);
}

/** The page stage's hand-over: a title joins a waiting `title.complete` job of its import or bulk, else a job of its own (serve); none when titles are synced whole. */
function titleCompletion(core: Core, options: BuildOptions): CompleteLater | undefined {
  if (!options.pagesFirst) return undefined;
  const merger = new JobMergeRepository(core.db, core.prefix);
  return async (type, tmdbId, syncOptions, parentJobId) => {
    const input = jobInput('title.complete', { parent_job: parentJobId, type, tmdb_id: tmdbId, ...(Object.keys(syncOptions).length > 0 ? { options: syncOptions } : {}) });
    const payload = titleCompletePayloadSchema.parse(input.payload);
    const merged = await merger.mergeIntoQueued('title.complete', (waiting) => mergeTitleComplete(waiting, payload));
    if (!merged) await core.jobs.enqueue(input);
  };
}

async function buildSettings(core: Core): Promise<SettingsService> {
  const { config, tmdb } = core;
  const envHasKey = Boolean(config.tmdb.apiKey || config.tmdb.accessToken);
  const box = config.webhookSecret ? new SecretBox(config.webhookSecret) : null;
  const settings = new SettingsService(
    core.state,
    (key) => tmdb.setApiKey(key),
    envHasKey,
    box,
    core.logger,
    (language) => tmdb.setLanguage(language),
    {
      watchRegion: config.watchRegion,
      columnFormat: config.columnFormat,
    },
  );
  await settings.restore();
  return settings;
}

function buildDiscovery(core: Core, sync: SyncService): AppContainer['discovery'] {
  const { config, logger } = core;
  const services = createDiscoveryServices({
    db: core.db,
    prefix: core.prefix,
    tmdb: core.tmdb,
    sync,
    repos: core.repos,
    state: core.state,
    allowAdult: config.discovery.allowAdult,
    syncOptions: syncOptionsFromParts(config.discovery.syncParts),
    logger,
  });
  const scheduler = new ListScheduler({
    lists: services.listRepository,
    jobs: core.jobs,
    timezone: config.cron.timezone,
    logger: logger.child({ component: 'discovery' }),
    coordinator: core.cluster?.coordinator,
  });
  return { ...services, scheduler };
}

async function buildServices(core: Core, stores: ContentStores, options: BuildOptions): Promise<AppContainer> {
  const { config, db, prefix, logger, jobs, state, metrics, tmdb, cluster } = core;
  const settings = await buildSettings(core);
  const sync = buildSync(core, stores, options, settings);
  const completeLater = titleCompletion(core, options);
  const syncLog = new SyncLogRepository(db, prefix);
  const library = new LibraryRepository(db, prefix);
  const bulk = new BulkSyncService({
    sync,
    library,
    syncLog,
    logger,
    concurrency: config.jobs.bulkLanes,
    observe: metrics.observeSync,
    // A bulk's TMDb requests wait behind interactive ones (Sync now, an import, a search).
    asBulk: (fn) => tmdb.withPriority('bulk', fn),
    // No page stage: a bulk's titles are already live, and a split sync would fetch each twice (its answers stay in memory only).
  });
  const fallbackLimit = config.jobs.fallbackRefreshLimit;
  const changes = new ChangesService({ tmdb, library, state, bulk, cache: core.repos.apiCache, logger, fallbackLimit });
  const discovery = buildDiscovery(core, sync);
  const imports = createImportServices({
    browse: new TmdbBrowseClient(tmdb, config.tmdb.language),
    tmdb,
    keywords: discovery.keywords,
    sync,
    library,
    syncLog,
    lock: core.objectLock,
    imageBaseUrl: config.tmdb.imageBaseUrl,
    allowAdult: config.discovery.allowAdult,
    // Page-stage imports run more titles at once: each is a few round trips other titles' requests share.
    concurrency: completeLater ? config.jobs.pageLanes : config.jobs.bulkLanes,
    completeLater,
    logger,
    observe: metrics.observeSync,
  });
  const cleanup = new ContentCleanupService(core.repos, new UnitOfWork(db, prefix));
  // The weekly run's sweep: rows of posts deleted while no post.deleted webhook reached us.
  const sweep = new OrphanSweepService({ rows: new PostRowsRepository(db, prefix), store: stores.store, cleanup, syncLog, logger });
  // Not started: "Run now" only fires what a tick would; `serve` runs the cron tasks.
  const runSchedule = (name: 'daily' | 'weekly') =>
    new Schedules({ jobs, state, syncLog, logger, cron: config.cron, coordinator: cluster?.coordinator, retentionDays: config.jobs.retentionDays }).fire(name);
  const webhooks = new WebhookService(jobs, settings, cleanup, tmdb, logger, new DiscoveryWebhooks(jobs, discovery.lists), siteCheck(stores.wordpress, prefix), runSchedule);
  const handlers = createJobHandlers({
    sync,
    bulk,
    sweep,
    changes,
    discovery,
    importer: imports.importer,
    state,
    syncLog,
    observeSync: metrics.observeSync,
    completeLanes: config.jobs.completeLanes,
  });
  const workerOptions = {
    concurrency: config.jobs.concurrency,
    followUpSlots: config.jobs.followUpSlots,
    leaseMs: config.jobs.leaseMs,
    stallMs: config.jobs.stallMs,
    ...(cluster ? { pollMs: CLUSTER_POLL_MS } : {}),
  };
  return {
    ...{ config, logger, db, tmdb, repos: core.repos, jobs, state, metrics, cluster },
    ...{ store: stores.store, wordpress: stores.wordpress, localStore: stores.localStore },
    ...{ sync, settings, webhooks, syncLog, bulk, changes, sweep, discovery, imports },
    deliveries: new DeliveryRepository(db, prefix),
    createWorker: (extra) => {
      const worker = new JobWorker(jobs, handlers, logger, { ...workerOptions, ...extra });
      core.localWorkers.add(worker);
      return worker;
    },
    close: async () => {
      await cluster?.dispatch.close();
      await tmdb.close();
      await cluster?.redis.quit();
      await db.destroy();
    },
  };
}

function buildClusterMode(redis: Redis, namespace: string, logger: Logger): ClusterMode {
  return {
    redis,
    namespace,
    dispatch: new RedisJobDispatch({ redis, namespace, logger }),
    coordinator: new RedisRunCoordinator(redis, namespace, `${process.pid}`),
  };
}

/** Test connection checks the credentials and that TABLE_PREFIX is WordPress's. */
function siteCheck(wordpress: WordPressClient | null, tablePrefix: string): WordPressCredentialCheck | null {
  return wordpress ? { checkCredentials: () => checkSite(wordpress, tablePrefix) } : null;
}
