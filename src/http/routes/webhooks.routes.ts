import { Router } from 'express';
import { ValidationError } from '../../errors';
import type { WebhookService } from '../webhook.service';
import { webhookEventSchema } from '../webhook-events';

/** POST /webhooks/wordpress: validated events; work is queued and answered with 202 {job_id}. */
export function webhooksRouter(webhooks: WebhookService): Router {
  const router = Router();
  router.post('/webhooks/wordpress', async (req, res) => {
    const body = req.body as { event?: unknown };
    const parsed = webhookEventSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const known = typeof body?.event === 'string' && issue.path[0] === 'event';
      throw new ValidationError(known ? `unsupported event: ${String(body.event)}` : issue.message, {
        field: issue.path.join('.') || 'event',
      });
    }
    const result = await webhooks.handle(parsed.data, req.header('x-tmu-delivery') ?? null);
    res.status(result.status).json(result.body);
  });
  return router;
}
