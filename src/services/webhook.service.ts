import type { Logger } from 'pino';
import { describeError, TmdbAuthError } from '../errors';
import type { WebhookEvent } from '../http/webhook-events';
import type { JobRepository } from '../repositories/job.repository';
import type { ContentCleanupService } from './content-cleanup.service';
import type { SettingsService } from './settings.service';
import { bulkObjectKey } from '../jobs/handlers/bulk-sync.handler';
import { changesObjectKey } from '../jobs/handlers/changes.handler';

/** Long jobs survive a few restarts before they are failed. */
const LONG_JOB_ATTEMPTS = 10;
import type { DiscoveryWebhooks } from './discovery/discovery-webhooks';

export interface WebhookResult {
  status: number;
  body: Record<string, unknown>;
}

export interface CredentialCheck {
  validateCredentials(): Promise<void>;
}

/** Turns verified webhook events into queued jobs or quick answers. */
export class WebhookService {
  constructor(
    private readonly jobs: JobRepository,
    private readonly settings: SettingsService,
    private readonly cleanup: ContentCleanupService,
    private readonly tmdb: CredentialCheck,
    private readonly logger: Logger,
    /** discover.requested, list.refresh, list.deleted. */
    private readonly discovery?: DiscoveryWebhooks,
  ) {}

  async handle(event: WebhookEvent, deliveryId: string | null): Promise<WebhookResult> {
    switch (event.event) {
      case 'sync.requested': {
        const { event: _name, ...payload } = event;
        const { job } = await this.jobs.enqueue({
          type: 'sync',
          payload,
          deliveryId,
          objectKey: `${event.type}:${event.tmdb_id}`,
        });
        return { status: 202, body: { job_id: job.id, status: job.status } };
      }
      case 'settings.updated': {
        const applied = await this.settings.apply(event);
        return { status: 200, body: { ok: true, applied } };
      }
      case 'post.deleted': {
        const removed = await this.cleanup.deletePostRows(event.post_id, event.type);
        return { status: 200, body: { ok: true, removed } };
      }
      case 'discover.requested':
      case 'list.refresh':
      case 'list.deleted':
        if (!this.discovery) return { status: 501, body: { error: { code: 'not_configured', message: 'discovery is not configured' } } };
        return this.discovery.handle(event, deliveryId);
      case 'bulk.requested': {
        const { event: _name, ...payload } = event;
        const { job } = await this.jobs.enqueue({
          type: 'bulk',
          payload,
          deliveryId,
          objectKey: bulkObjectKey(payload),
          maxAttempts: LONG_JOB_ATTEMPTS,
        });
        return { status: 202, body: { job_id: job.id, status: job.status } };
      }
      case 'changes.requested': {
        const { job } = await this.jobs.enqueue({
          type: 'changes',
          payload: event.since ? { since: event.since } : {},
          deliveryId,
          objectKey: changesObjectKey(event.since),
          maxAttempts: LONG_JOB_ATTEMPTS,
        });
        return { status: 202, body: { job_id: job.id, status: job.status } };
      }
      case 'connection.test':
        return { status: 200, body: { sidecar: 'ok', signature: 'ok', tmdb: await this.checkTmdb() } };
    }
  }

  private async checkTmdb(): Promise<string> {
    try {
      await this.tmdb.validateCredentials();
      return 'ok';
    } catch (error) {
      if (error instanceof TmdbAuthError) return 'invalid_key';
      this.logger.warn({ err: describeError(error) }, 'TMDb check failed');
      return 'unreachable';
    }
  }
}
