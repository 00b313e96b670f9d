import { Router } from 'express';
import { ValidationError } from '../../errors';
import { importPayloadSchema } from '../../domain/job-payloads';
import { jobInput } from '../../domain/job-registry';
import type { JobRepository } from '../../repositories/job.repository';
import type { BrowseService } from '../../services/import/browse.service';
import { browseQuerySchema } from '../../services/import/browse.types';

export interface ImportRouteDeps {
  browse: Pick<BrowseService, 'browse'>;
  jobs: Pick<JobRepository, 'enqueue'>;
}

/** GET /tmdb/browse: one page of a TMDb source with library marks. POST /import: one `import` job for many titles. */
export function importRouter(deps: ImportRouteDeps): Router {
  const router = Router();
  router.get('/tmdb/browse', async (req, res) => {
    const parsed = browseQuerySchema.safeParse(req.query);
    if (!parsed.success) throw invalid(parsed.error.issues[0]);
    res.json(await deps.browse.browse(parsed.data));
  });
  router.post('/import', async (req, res) => {
    const parsed = importPayloadSchema.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error.issues[0]);
    const { job } = await deps.jobs.enqueue(jobInput('import', parsed.data, { deliveryId: req.header('x-tmu-delivery') ?? null }));
    res.status(202).json({ job_id: job.id, status: job.status });
  });
  return router;
}

function invalid(issue: { message: string; path: PropertyKey[] }): ValidationError {
  return new ValidationError(issue.message, { field: issue.path.map(String).join('.') || undefined });
}
