import { Router } from 'express';
import type { JobRecord } from '../../domain/job';
import type { JobRepository } from '../../repositories/job.repository';
import type { TmdbKeySource } from '../../domain/tmdb-key-source';

/** What the signed GET /health/details reads: the plugin's Site Health screen shows it to administrators. */
export interface HealthDetailsDeps {
  version: string;
  columnFormat: string;
  tablePrefix: string;
  /** Whether WP_URL is set (writes go to WordPress) or the local store is used. */
  wordpressConfigured: boolean;
  jobs: Pick<JobRepository, 'countByStatus' | 'list'>;
  /** Which TMDb key is in use (never the key): the plugin shows it beside its own key field. */
  tmdbKeySource: () => TmdbKeySource;
}

/** The daily run's job type (the jobs layer's SCHEDULE_JOB_TYPES.daily; http does not import jobs). */
const DAILY_JOB_TYPE = 'changes';
const LAST_ERRORS = 5;
const ERROR_CHARS = 300;

/**
 * GET /health/details (signed, behind the signature middleware): version, column format, table
 * prefix, queue depth, the last daily run and the last failed jobs. No secret is part of it.
 */
export function healthDetailsRouter(deps: HealthDetailsDeps): Router {
  const router = Router();
  router.get('/health/details', async (_req, res) => {
    const [counts, daily, failed, partial] = await Promise.all([
      deps.jobs.countByStatus(),
      deps.jobs.list({ type: DAILY_JOB_TYPE, limit: 10 }),
      deps.jobs.list({ status: 'failed', limit: LAST_ERRORS }),
      deps.jobs.list({ status: 'partial', limit: LAST_ERRORS }),
    ]);
    res.json({
      version: deps.version,
      column_format: deps.columnFormat,
      table_prefix: deps.tablePrefix,
      wordpress_configured: deps.wordpressConfigured,
      tmdb_key_source: deps.tmdbKeySource(),
      queue: { queued: counts.queued ?? 0, running: counts.running ?? 0, failed: counts.failed ?? 0 },
      last_daily_run: presentDailyRun(daily),
      last_errors: lastErrors([...failed, ...partial]),
    });
  });
  return router;
}

/** The newest daily run that ended (any outcome), or null when none has. */
function presentDailyRun(jobs: JobRecord[]): { job_id: number; status: string; finished_at: string } | null {
  const ended = jobs.find((job) => job.finishedAt !== null && job.status !== 'queued' && job.status !== 'running');
  return ended && ended.finishedAt ? { job_id: ended.id, status: ended.status, finished_at: ended.finishedAt.toISOString() } : null;
}

function lastErrors(jobs: JobRecord[]): Array<{ job_id: number; type: string; status: string; finished_at: string | null; error: string }> {
  return jobs
    .filter((job) => job.error)
    .sort((a, b) => b.id - a.id)
    .slice(0, LAST_ERRORS)
    .map((job) => ({
      job_id: job.id,
      type: job.type,
      status: job.status,
      finished_at: job.finishedAt ? job.finishedAt.toISOString() : null,
      error: bounded(job.error ?? ''),
    }));
}

function bounded(text: string): string {
  return text.length > ERROR_CHARS ? `${text.slice(0, ERROR_CHARS - 1)}…` : text;
}
