import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../../errors';
import type { AppContainer } from '../../main';
import { pingDatabase } from '../../repositories/database';
import { createHttpApp } from '../../http/app';
import { Schedules } from '../../jobs/schedules';
import { packageVersion } from '../../config/package-version';
import { tmdbKeySource } from '../../domain/tmdb-key-source';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const VERSION = packageVersion();

/** `tmu-sidecar serve`: the HTTP API on HOST:PORT plus the job worker. */
export async function startServer(app: AppContainer): Promise<RunningServer> {
  const secret = app.config.webhookSecret;
  if (!secret) throw new ConfigError('TMU_WEBHOOK_SECRET is required to serve: the plugin signs every request with it', 'TMU_WEBHOOK_SECRET');
  const express = createHttpApp({
    secret,
    logger: app.logger,
    health: { version: VERSION, database: () => pingDatabase(app.db) },
    metrics: app.metrics.registry,
    jobs: app.jobs,
    tmdb: app.tmdb,
    imageBaseUrl: app.config.tmdb.imageBaseUrl,
    webhooks: app.webhooks,
    imports: app.imports.browse,
    replays: app.deliveries,
    healthDetails: {
      version: VERSION,
      columnFormat: app.config.columnFormat,
      tablePrefix: app.config.database.tablePrefix,
      wordpressConfigured: app.wordpress !== null,
      jobs: app.jobs,
      tmdbKeySource: () => tmdbKeySource(!!(app.config.tmdb.apiKey || app.config.tmdb.accessToken), app.tmdb.hasCredentials()),
    },
  });
  const worker = app.createWorker();
  // The daily and weekly syncs (CRON_* were validated with the config).
  const schedules = new Schedules({
    jobs: app.jobs,
    state: app.state,
    syncLog: app.syncLog,
    logger: app.logger,
    cron: app.config.cron,
    coordinator: app.cluster?.coordinator,
    retentionDays: app.config.jobs.retentionDays,
  });
  const server = http.createServer(express);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(app.config.http.port, app.config.http.host, () => resolve());
  });
  const close = async () => {
    await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    await schedules.stop();
    await app.discovery.scheduler.stop();
    await Promise.all([app.cluster?.dispatch.stopConsuming(), worker.stop()]);
  };
  try {
    worker.start();
    app.cluster?.dispatch.consume(worker, app.config.jobs.concurrency);
    await schedules.start();
    app.discovery.scheduler.start();
  } catch (error) {
    // Half started is not started: stop what runs, so the caller can close the app and exit.
    await close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${app.config.http.host}:${port}`;
  app.logger.info({ url }, 'sidecar listening');
  return { url, close };
}
