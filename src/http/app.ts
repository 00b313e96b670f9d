import express, { Express } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { TmdbClient } from '../clients/tmdb/tmdb.client';
import type { ReplayStore } from '../repositories/delivery.repository';
import type { JobRepository } from '../repositories/job.repository';
import type { WebhookService } from './webhook.service';
import { errorHandler } from './http-error';
import { checkSignatureHeaders, limitBodyReads, parseJsonBody, requireSignature } from './middleware/signature.middleware';
import { healthRouter, HealthChecks } from './routes/health.routes';
import { healthDetailsRouter, HealthDetailsDeps } from './routes/health-details.routes';
import { jobsRouter } from './routes/jobs.routes';
import { searchRouter } from './routes/search.routes';
import { importRouter, ImportRouteDeps } from './routes/import.routes';
import { webhooksRouter } from './routes/webhooks.routes';

export interface HttpAppDeps {
  secret: string;
  logger: Logger;
  health: HealthChecks;
  metrics: Registry;
  jobs: JobRepository;
  tmdb: Pick<TmdbClient, 'search'>;
  imageBaseUrl: string;
  webhooks: WebhookService;
  /** Import from TMDb: browse pages and import jobs. */
  imports: ImportRouteDeps['browse'];
  /** Where deliveries are remembered; `serve` passes the database's, shared by every process. */
  replays: ReplayStore;
  now?: () => number;
  /** Bodies read at once (default 16); more get 503 with Retry-After. */
  maxBodyReads?: number;
  /** Signed GET /health/details for the plugin's Site Health screen. */
  healthDetails?: HealthDetailsDeps;
}

/** The sidecar's HTTP API. Everything but /health and /metrics is signed. */
export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter(deps.health, deps.metrics));
  // Headers first: an unsigned or malformed request is refused before its body is read.
  // No inflate: a compressed body is refused (415) rather than expanded.
  app.use(
    checkSignatureHeaders(deps.now),
    limitBodyReads(deps.maxBodyReads ?? 16, express.raw({ type: () => true, limit: '1mb', inflate: false })),
    requireSignature(deps.secret, deps.replays, deps.logger),
    parseJsonBody,
  );
  if (deps.healthDetails) app.use(healthDetailsRouter(deps.healthDetails));
  app.use(webhooksRouter(deps.webhooks));
  app.use(jobsRouter(deps.jobs));
  app.use(searchRouter(deps.tmdb, deps.imageBaseUrl));
  app.use(importRouter({ browse: deps.imports, jobs: deps.jobs }));
  app.use((_req, res) => res.status(404).json({ error: { code: 'not_found', message: 'No such route' } }));
  app.use(errorHandler(deps.logger));
  return app;
}
