/**
 * Per-object locks of the job queue, enforced by the database (any engine,
 * any isolation level, any number of sidecar processes):
 * - queued_key = object_key while a job is queued: at most one queued job per object,
 *   so two enqueues of the same object at once give one job;
 * - running_key = object_key while a job runs: at most one running job per object.
 * NULL otherwise; both engines allow many NULLs in a unique index.
 *
 * Frozen: later changes go in new migrations, never here.
 */
import type { ColumnSpec, IndexSpec } from '../support/schema-toolkit';

export const JOB_LOCK_TABLE = 'tmu_sync_jobs';

export const JOB_LOCK_COLUMNS: readonly ColumnSpec[] = [
  { name: 'queued_key', type: 'varchar', length: 191 },
  { name: 'running_key', type: 'varchar', length: 191 },
];

export const JOB_LOCK_INDEXES: readonly IndexSpec[] = [
  { columns: ['queued_key'], unique: true },
  { columns: ['running_key'], unique: true },
];
