import { Router } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../errors';
import type { TmdbClient } from '../../clients/tmdb/tmdb.client';
import { normalizeSearchResults } from '../../mappers/search.mapper';

const querySchema = z.object({
  q: z.string().trim().min(1, 'q is required').max(200),
  type: z.enum(['movie', 'tv', 'person', 'multi']).default('multi'),
  page: z.coerce.number().int().min(1).max(500).default(1),
});

export function searchRouter(tmdb: Pick<TmdbClient, 'search'>, imageBaseUrl: string): Router {
  const router = Router();
  router.get('/search', async (req, res) => {
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ValidationError(issue.message, { field: String(issue.path[0] ?? 'q') });
    }
    const { q, type, page } = parsed.data;
    const result = await tmdb.search(q, type, page);
    res.json({
      page: result.page,
      total_pages: result.total_pages,
      results: normalizeSearchResults(result.results, type, imageBaseUrl),
    });
  });
  return router;
}
