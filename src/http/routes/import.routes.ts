import { Router } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../errors';
import { importPayloadSchema } from '../../domain/job-payloads';
import { jobInput } from '../../domain/job-registry';
import type { JobRepository } from '../../repositories/job.repository';
import type { BrowseService } from '../../services/import/browse.service';
import { browseQuerySchema } from '../../services/import/browse.schema';

const genresQuerySchema = z.object({ type: z.enum(['movie', 'tv', 'drama']) });

export interface ImportRouteDeps {
  browse: Pick<BrowseService, 'browse' | 'genres'>;
  jobs: Pick<JobRepository, 'enqueue'>;
}

/** GET /tmdb/browse: one page of a TMDb source with library marks. GET /tmdb/genres: TMDb's genres of a type. POST /import: one `import` job for many titles. */
export function importRouter(deps: ImportRouteDeps): Router {
  const router = Router();
  router.get('/tmdb/browse', async (req, res) => {
    const parsed = browseQuerySchema.safeParse(req.query);
    if (!parsed.success) throw invalid(parsed.error.issues[0]);
    res.json(await deps.browse.browse(parsed.data));
  });
  router.get('/tmdb/genres', async (req, res) => {
    const parsed = genresQuerySchema.safeParse(req.query);
    if (!parsed.success) throw invalid(parsed.error.issues[0]);
    res.json({ genres: await deps.browse.genres(parsed.data.type === 'movie' ? 'movie' : 'tv') });
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
