import { Router } from 'express';
import { NotFoundError, ValidationError } from '../../errors';
import { presentJob } from './jobs.presenter';
import type { JobRepository } from '../../repositories/job.repository';

export function jobsRouter(jobs: JobRepository): Router {
  const router = Router();
  router.get('/jobs/:id', async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id <= 0) throw new ValidationError('job id must be a positive integer', { field: 'id' });
    const job = await jobs.get(id);
    if (!job) throw new NotFoundError(`job ${id} does not exist`);
    res.json(presentJob(job));
  });
  router.post('/jobs/:id/cancel', async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id <= 0) throw new ValidationError('job id must be a positive integer', { field: 'id' });
    res.json({ cancelled: await jobs.cancel(id) });
  });
  return router;
}
