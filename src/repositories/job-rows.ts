/** tmu_sync_jobs rows: reading them into JobRecords, and the columns a stopped job clears. */
import type { Knex } from 'knex';
import type { JobRecord, JobStatus } from '../domain/job';
import { emptyProgress } from '../domain/job';
import { DEFAULT_MAX_ATTEMPTS } from '../domain/job-registry';
import { toDate } from './repository-support';

const parseJson = <T>(value: unknown, fallback: T): T => {
  if (typeof value !== 'string' || value === '') return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
};

/** A tmu_sync_jobs row as a JobRecord (JSON columns parsed, dates normalized). */
export function toJobRecord(row: Record<string, unknown>): JobRecord {
  return {
    id: Number(row.id),
    type: String(row.type),
    payload: parseJson(row.payload, {}),
    status: row.status as JobStatus,
    attempts: Number(row.attempts ?? 0),
    maxAttempts: Number(row.max_attempts ?? DEFAULT_MAX_ATTEMPTS),
    progress: { ...emptyProgress(), ...parseJson(row.progress, emptyProgress()) },
    error: (row.error as string | null) ?? null,
    deliveryId: (row.delivery_id as string | null) ?? null,
    objectKey: (row.object_key as string | null) ?? null,
    runAt: toDate(row.run_at) ?? new Date(0),
    leaseOwner: (row.lease_owner as string | null) ?? null,
    leaseExpiresAt: toDate(row.lease_expires_at),
    createdAt: toDate(row.created_at) ?? new Date(0),
    startedAt: toDate(row.started_at),
    finishedAt: toDate(row.finished_at),
  };
}
/** Columns cleared when a job stops running. */
export function released() {
  return { queued_key: null, running_key: null, lease_owner: null, lease_expires_at: null };
}

/** Which types a claim may take: a list to leave (a full lane), or `{ only }` (the one lane with room). */
export type ClaimTypes = readonly string[] | { only: readonly string[] };

export function byClaimTypes(query: Knex.QueryBuilder, types: ClaimTypes): Knex.QueryBuilder {
  return 'only' in types ? query.whereIn('type', [...types.only]) : query.whereNotIn('type', [...types]);
}
