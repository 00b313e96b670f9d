import type { Logger } from 'pino';
import { AppError, describeError, PhpOutputError, TablePrefixError, TmdbAuthError, TmdbKeyMissingError, TmdbNotFoundError, WordPressAuthError } from '../errors';
import type { WebhookEvent } from './webhook-events';
import type { JobRepository } from '../repositories/job.repository';
import type { ContentCleanupService } from '../services/content-cleanup.service';
import type { SettingsService } from '../services/settings.service';
import type { EnqueueInput } from '../domain/job';
import { jobInput } from '../domain/job-registry';

import type { DiscoveryWebhooks } from './discovery-webhooks.controller';

export interface WebhookResult {
  status: number;
  body: Record<string, unknown>;
}

export interface CredentialCheck {
  validateCredentials(): Promise<void>;
}

/** The sidecar's own WordPress user: application password accepted, capabilities present. */
export interface WordPressCredentialCheck {
  /** `phpOutput`: what PHP printed before an answer's JSON (display_errors on), or null. */
  checkCredentials(): Promise<{ phpOutput?: string | null }>;
}

/** Fires a schedule now, as its cron tick would (the jobs layer's Schedules.fire). */
export type ScheduleRunner = (name: 'daily' | 'weekly') => Promise<{ skipped: boolean; jobId: number | null; reason?: string }>;

/** One part of connection.test: `ok`, or why it failed (bounded text, no secrets). */
export interface ConnectionCheck {
  status: string;
  /** A plain sentence; the error's code and detail ride beside it. */
  message?: string;
  code?: string;
  detail?: string;
}

/** A failed check's words: the sentence without its code, and the code and detail apart. */
function checkFailure(status: string, error: unknown): ConnectionCheck {
  if (!(error instanceof AppError)) return { status, message: bounded(describeError(error)) };
  return { status, message: bounded(error.message), code: error.code, ...(error.detail ? { detail: error.detail } : {}) };
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
    /** Null when WP_URL is unset (writes go to the local store). */
    private readonly wordpress: WordPressCredentialCheck | null = null,
    private readonly runSchedule?: ScheduleRunner,
  ) {}

  async handle(event: WebhookEvent, deliveryId: string | null): Promise<WebhookResult> {
    switch (event.event) {
      case 'sync.requested': {
        const { event: _name, ...payload } = event;
        return this.queued(jobInput('sync', payload, { deliveryId }));
      }
      case 'settings.updated': {
        const applied = await this.settings.apply(event);
        // The column format goes back with the answer: the plugin's edit boxes write what the sidecar writes.
        return { status: 200, body: { ok: true, applied, column_format: this.settings.columnFormat } };
      }
      case 'post.deleted': {
        const removed = await this.cleanup.deletePostRows(event.post_id, event.type);
        return { status: 200, body: { ok: true, removed } };
      }
      case 'discover.requested':
      case 'list.refresh':
      case 'list.deleted':
      case 'list.item':
        if (!this.discovery) return { status: 501, body: { error: { code: 'not_configured', message: 'discovery is not configured' } } };
        return this.discovery.handle(event, deliveryId);
      case 'bulk.requested': {
        const { event: _name, ...payload } = event;
        return this.queued(jobInput('bulk', payload, { deliveryId }));
      }
      case 'changes.requested':
        return this.queued(jobInput('changes', event.since ? { since: event.since } : {}, { deliveryId }));
      case 'schedule.run':
        return this.fireSchedule(event.name);
      case 'connection.test':
        return this.testConnection();
    }
  }

  /** 202 with the job that does the work (a queued duplicate's, when there is one). */
  private async queued(input: EnqueueInput): Promise<WebhookResult> {
    const { job } = await this.jobs.enqueue(input);
    return { status: 202, body: { job_id: job.id, status: job.status } };
  }

  private async fireSchedule(name: 'daily' | 'weekly'): Promise<WebhookResult> {
    if (!this.runSchedule) return { status: 501, body: { error: { code: 'not_configured', message: 'schedules are not configured' } } };
    const fired = await this.runSchedule(name);
    // A run still going is not started twice: 409 names it.
    if (fired.skipped) return { status: 409, body: { error: { code: 'schedule_running', message: fired.reason ?? 'the previous run is still going' }, job_id: fired.jobId } };
    return { status: 202, body: { job_id: fired.jobId, status: 'queued' } };
  }

  private async testConnection(): Promise<WebhookResult> {
    const [tmdb, wordpress] = await Promise.all([this.checkTmdb(), this.checkWordPress()]);
    return {
      status: 200,
      body: {
        sidecar: 'ok',
        signature: 'ok',
        tmdb: tmdb.status,
        tmdb_message: tmdb.message,
        ...(tmdb.code ? { tmdb_code: tmdb.code, tmdb_detail: tmdb.detail } : {}),
        wordpress: wordpress.status,
        wordpress_message: wordpress.message,
        ...(wordpress.code ? { wordpress_code: wordpress.code, wordpress_detail: wordpress.detail } : {}),
      },
    };
  }

  /** ok, key_missing (no key at all), invalid_key (401), not_found (404: wrong TMDB_BASE_URL), refused (nothing listens) or unreachable. */
  private async checkTmdb(): Promise<ConnectionCheck> {
    try {
      await this.tmdb.validateCredentials();
      return { status: 'ok' };
    } catch (error) {
      const message = bounded(describeError(error));
      if (error instanceof TmdbKeyMissingError) return checkFailure('key_missing', error);
      if (error instanceof TmdbAuthError) return checkFailure('invalid_key', error);
      if (error instanceof TmdbNotFoundError) return checkFailure('not_found', error);
      this.logger.warn({ err: message }, 'TMDb check failed');
      return checkFailure(/ECONNREFUSED/.test(message) ? 'refused' : 'unreachable', error);
    }
  }

  private async checkWordPress(): Promise<ConnectionCheck> {
    if (!this.wordpress) return { status: 'not_configured', message: 'WP_URL, WP_USERNAME and WP_APP_PASSWORD are not set: writes go to the local store' };
    try {
      const { phpOutput } = await this.wordpress.checkCredentials();
      // Syncs read past it, but the site should stop printing notices into its REST answers.
      if (phpOutput) return { status: 'php_output', message: bounded(new PhpOutputError(phpOutput).message) };
      return { status: 'ok' };
    } catch (error) {
      const message = bounded(describeError(error));
      if (!(error instanceof WordPressAuthError || error instanceof TablePrefixError)) this.logger.warn({ err: message }, 'WordPress check failed');
      if (error instanceof TablePrefixError) return checkFailure('wrong_prefix', error);
      return checkFailure(error instanceof WordPressAuthError ? 'failed' : 'unreachable', error);
    }
  }
}

function bounded(text: string): string {
  return text.length > 400 ? `${text.slice(0, 399)}…` : text;
}
