import { Router } from 'express';
import { describeError } from '../../errors';
import type { Registry } from 'prom-client';

export interface HealthChecks {
  version: string;
  database(): Promise<void>;
}

export function healthRouter(checks: HealthChecks, registry: Registry): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    try {
      await checks.database();
      res.json({ status: 'ok', db: 'ok', version: checks.version });
    } catch (error) {
      res.status(503).json({ status: 'error', db: 'error', failing: 'db', message: describeError(error), version: checks.version });
    }
  });
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  return router;
}
