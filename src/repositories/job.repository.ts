import type { Knex } from 'knex';
import type { EnqueueInput, JobProgress, JobRecord, JobStatus } from '../domain/job';
import { emptyProgress } from '../domain/job';
import { DEFAULT_MAX_ATTEMPTS, jobPriorities } from '../domain/job-registry';
import { dbCall, isUniqueViolation, toDate } from './repository-support';
import { byClaimTypes, released, toJobRecord, type ClaimTypes } from './job-rows';

type Row = Record<string, unknown>;

/** What a heartbeat found: still ours, cancelled by someone, or taken by another worker. */
export type LeaseState = 'held' | 'cancelled' | 'lost';
export type { ClaimTypes } from './job-rows';

const RACE_RETRIES = 5;

/** Runnable jobs in the registry's priority order (lower first); unregistered types with the lowest. */
const CLAIM_ORDER = (() => {
  const priorities = jobPriorities();
  const lowest = Math.max(...priorities.map(([, p]) => p));
  return { sql: `CASE type ${priorities.map(() => 'WHEN ? THEN ?').join(' ')} ELSE ${lowest} END`, bindings: priorities.flat() };
})();

/** Told when a job becomes runnable (queued, retried later, or released), e.g. to wake workers of other processes; a new job names its type. */
export type RunnableListener = (jobId: number, runAt: Date, type?: string) => void;

/**
 * tmu_sync_jobs: the durable queue. Claims are conditional updates, so any
 * number of workers and processes can share it. Per-object locks are unique
 * columns (migration 004): queued_key holds at most one queued job per object,
 * running_key at most one running job per object.
 */
export class JobRepository {
  private readonly table: string;

  constructor(
    private readonly db: Knex,
    prefix: string,
    private readonly onRunnable: RunnableListener = () => undefined,
  ) {
    this.table = `${prefix}tmu_sync_jobs`;
  }

  /**
   * Idempotent per delivery id; a still-queued job for the same object is
   * reused. Race-safe without a transaction: the unique keys decide, and the
   * loser reads the winner's (committed) row.
   */
  async enqueue(input: EnqueueInput, now = new Date()): Promise<{ job: JobRecord; created: boolean }> {
    return dbCall(`enqueue ${input.type} job`, async () => {
      for (let attempt = 0; attempt < RACE_RETRIES; attempt += 1) {
        const existing = await this.findReusable(input);
        if (existing) return { job: existing, created: false };
        try {
          const [id] = await this.db(this.table).insert({
            type: input.type,
            payload: JSON.stringify(input.payload),
            status: 'queued',
            attempts: 0,
            max_attempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
            progress: JSON.stringify(emptyProgress()),
            delivery_id: input.deliveryId ?? null,
            object_key: input.objectKey ?? null,
            queued_key: input.objectKey ?? null,
            run_at: input.runAt ?? now,
            created_at: now,
          });
          const job = await this.get(Number(id));
          if (job) {
            this.onRunnable(job.id, job.runAt, job.type);
            return { job, created: true };
          }
        } catch (error) {
          // Someone queued the same delivery or object between our read and our insert.
          if (!isUniqueViolation(error)) throw error;
        }
      }
      throw new Error(`the queued job for ${input.objectKey ?? input.deliveryId} kept changing state`);
    });
  }

  private async findReusable(input: EnqueueInput): Promise<JobRecord | null> {
    if (input.deliveryId) {
      const seen = await this.db(this.table).where({ delivery_id: input.deliveryId }).first();
      if (seen) return toJobRecord(seen);
    }
    if (input.objectKey) {
      const queued = await this.db(this.table).where({ queued_key: input.objectKey }).first();
      if (queued) return toJobRecord(queued);
    }
    return null;
  }

  async get(id: number): Promise<JobRecord | null> {
    return dbCall(`read job ${id}`, async () => {
      const row = await this.db(this.table).where({ id }).first();
      return row ? toJobRecord(row) : null;
    });
  }

  async list(filter: { status?: JobStatus; type?: string; limit?: number } = {}): Promise<JobRecord[]> {
    const query = this.db(this.table)
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 50);
    if (filter.status) query.where({ status: filter.status });
    if (filter.type) query.where({ type: filter.type });
    return (await query).map((row: Row) => toJobRecord(row));
  }

  /** The newest queued or running job of these types (a schedule's previous run still going), or null. */
  async findActive(types: readonly string[]): Promise<JobRecord | null> {
    const row = await this.db(this.table)
      .whereIn('type', [...types])
      .whereIn('status', ['queued', 'running'])
      .orderBy('id', 'desc')
      .first();
    return row ? toJobRecord(row) : null;
  }

  /**
   * Takes the oldest runnable job: queued and due, or running with an expired
   * lease (its worker died); a person's action (a `sync`: Sync now, an import)
   * goes ahead of bulk, scheduled and background work. A job whose object another job is running waits.
   * A job whose worker died maxAttempts times is failed rather than retaken. `types` leaves some types (a full lane) or takes only some (the one lane with room).
   */
  async claimNext(owner: string, leaseMs: number, now = new Date(), types: ClaimTypes = []): Promise<JobRecord | null> {
    const candidates: Row[] = await byClaimTypes(this.db(this.table), types)
      .where((r) =>
        r.where((q) => q.where({ status: 'queued' }).andWhere('run_at', '<=', now)).orWhere((q) => q.where({ status: 'running' }).andWhere('lease_expires_at', '<', now)),
      )
      .orderByRaw(CLAIM_ORDER.sql, CLAIM_ORDER.bindings)
      .orderBy('id')
      .limit(10);
    for (const candidate of candidates) {
      const claimed = await this.tryClaim(candidate, owner, leaseMs, now);
      if (claimed) return claimed;
    }
    return null;
  }

  /** Claims this job if it is runnable now (the CLI runs its own job in the foreground). */
  async claim(id: number, owner: string, leaseMs: number, now = new Date(), types: ClaimTypes = []): Promise<JobRecord | null> {
    const row = await byClaimTypes(this.db(this.table), types)
      .where({ id })
      .andWhere((q) =>
        q.where((w) => w.where({ status: 'queued' }).andWhere('run_at', '<=', now)).orWhere((w) => w.where({ status: 'running' }).andWhere('lease_expires_at', '<', now)),
      )
      .first();
    return row ? this.tryClaim(row, owner, leaseMs, now) : null;
  }

  private async tryClaim(candidate: Row, owner: string, leaseMs: number, now: Date): Promise<JobRecord | null> {
    const id = Number(candidate.id);
    const status = String(candidate.status);
    const attempts = Number(candidate.attempts ?? 0);
    if (status === 'running' && attempts >= Number(candidate.max_attempts ?? DEFAULT_MAX_ATTEMPTS)) {
      await this.db(this.table)
        .where({ id, status: 'running' })
        .andWhere('lease_expires_at', '<', now)
        .update({
          ...released(),
          status: 'failed',
          finished_at: now,
          // Earlier attempts may have ended in retryable errors: only the last one is known to have lost its worker.
          error: `worker_lost: attempt ${attempts} of ${Number(candidate.max_attempts ?? 3)} never ended: its worker stopped (killed, or cut off from the database)`,
        });
      return null;
    }
    const key = (candidate.object_key as string | null) ?? null;
    const update = () =>
      this.db(this.table)
        .where({ id, status })
        .andWhere((q) => (status === 'queued' ? q.where('run_at', '<=', now) : q.where('lease_expires_at', '<', now)))
        .update({
          status: 'running',
          queued_key: null,
          running_key: key,
          lease_owner: owner,
          lease_expires_at: new Date(now.getTime() + leaseMs),
          heartbeat_at: now,
          attempts: this.db.raw('attempts + 1'),
          started_at: toDate(candidate.started_at) ?? now,
        });
    try {
      return (await update()) === 1 ? this.get(id) : null;
    } catch (error) {
      if (!isUniqueViolation(error) || !key) throw error;
      // The object is running elsewhere; free the lock only if its holder is gone.
      if ((await this.releaseStaleLock(key, now)) === 0) return null;
      try {
        return (await update()) === 1 ? this.get(id) : null;
      } catch (again) {
        if (isUniqueViolation(again)) return null;
        throw again;
      }
    }
  }

  /** A running lock left by a cancelled job whose worker died before acknowledging. */
  private async releaseStaleLock(key: string, now: Date): Promise<number> {
    return this.db(this.table)
      .where({ running_key: key })
      .whereNot({ status: 'running' })
      .andWhere((q) => q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now))
      .update({ running_key: null, lease_owner: null, lease_expires_at: null });
  }

  /** Extends the lease while the job is ours and running. */
  async heartbeat(id: number, owner: string, leaseMs: number, now = new Date()): Promise<LeaseState> {
    const updated = await this.db(this.table)
      .where({ id, lease_owner: owner, status: 'running' })
      .update({ lease_expires_at: new Date(now.getTime() + leaseMs), heartbeat_at: now });
    return updated === 1 ? 'held' : this.leaseState(id, owner);
  }

  /** Whether the job is still ours and running (one primary-key read). */
  async leaseState(id: number, owner: string): Promise<LeaseState> {
    const row = await this.db(this.table).select('status', 'lease_owner').where({ id }).first();
    if (!row || row.lease_owner !== owner) return 'lost';
    return row.status === 'running' ? 'held' : row.status === 'cancelled' ? 'cancelled' : 'lost';
  }

  /** Saves progress while the job is ours; 'cancelled' or 'lost' otherwise (nothing written). */
  async saveProgress(id: number, owner: string, progress: JobProgress): Promise<LeaseState> {
    const updated = await this.db(this.table)
      .where({ id, lease_owner: owner, status: 'running' })
      .update({ progress: JSON.stringify(progress) });
    return updated === 1 ? 'held' : this.leaseState(id, owner);
  }

  async finish(id: number, owner: string, status: JobStatus, progress: JobProgress, error: string | null, now = new Date()): Promise<boolean> {
    const updated = await this.db(this.table)
      .where({ id, lease_owner: owner, status: 'running' })
      .update({ ...released(), status, progress: JSON.stringify(progress), error, finished_at: now });
    return updated === 1;
  }

  /** The worker acknowledges a cancel: final progress, and the object lock is released. */
  async settleCancelled(id: number, owner: string, progress: JobProgress): Promise<boolean> {
    const updated = await this.db(this.table)
      .where({ id, lease_owner: owner, status: 'cancelled' })
      .update({ ...released(), progress: JSON.stringify(progress) });
    return updated === 1;
  }

  /** Back to the queue (retry later). If the object was queued again meanwhile, that job will do the work. */
  async retryLater(id: number, owner: string, runAt: Date, error: string): Promise<boolean> {
    return this.requeue(id, owner, runAt, { error });
  }

  /** Back to the queue without using an attempt (graceful shutdown); it resumes from its saved progress. */
  async release(id: number, owner: string, progress: JobProgress, now = new Date()): Promise<boolean> {
    return this.requeue(id, owner, now, { progress: JSON.stringify(progress), attempts: this.db.raw('attempts - 1') });
  }

  /** Back to `queued`, due at runAt; the runnable listener hears of it. */
  private async requeue(id: number, owner: string, runAt: Date, values: Record<string, unknown>): Promise<boolean> {
    const row = await this.db(this.table).select('object_key').where({ id }).first();
    const key = (row?.object_key as string | null) ?? null;
    const update = (queuedKey: string | null) =>
      this.db(this.table)
        .where({ id, lease_owner: owner, status: 'running' })
        .update({ ...released(), ...values, run_at: runAt, status: 'queued', queued_key: queuedKey });
    let requeued: boolean;
    try {
      requeued = (await update(key)) === 1;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another job for this object is already queued: both stay, the running lock serializes them.
      requeued = (await update(null)) === 1;
    }
    if (requeued) this.onRunnable(id, runAt);
    return requeued;
  }

  /** Cancels a queued job at once; a running one is marked and its worker stops at the next item. */
  async cancel(id: number, now = new Date()): Promise<boolean> {
    return dbCall(`cancel job ${id}`, () => this.cancelNow(id, now));
  }

  private async cancelNow(id: number, now: Date): Promise<boolean> {
    const queued = await this.db(this.table)
      .where({ id, status: 'queued' })
      .update({ ...released(), status: 'cancelled', finished_at: now });
    if (queued === 1) return true;
    // Lease and running lock stay until the worker acknowledges (settleCancelled) or its lease runs out.
    const running = await this.db(this.table).where({ id, status: 'running' }).update({ status: 'cancelled', queued_key: null, finished_at: now });
    return running === 1;
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows: Row[] = await this.db(this.table).select('status').count({ n: '*' }).groupBy('status');
    return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));
  }
}
