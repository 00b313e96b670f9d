/**
 * Every job type, once: its payload schema, its priority, how often it is tried, and its queue
 * identity. Payloads are validated here when a job is enqueued (jobInput) and again when a
 * worker takes it (parseJobPayload); the handlers bound in jobs/job-handlers.ts get typed payloads.
 */
import { z } from 'zod';
import { ValidationError } from '../errors';
import { TITLE_RETRY } from './retry-policy';
import type { EnqueueInput } from './job';
import {
  bulkObjectKey,
  bulkPayloadSchema,
  changesObjectKey,
  changesPayloadSchema,
  discoverPayloadSchema,
  importObjectKey,
  importPayloadSchema,
  peopleRefreshPayloadSchema,
  refreshListPayloadSchema,
  syncPayloadSchema,
  titleCompleteObjectKey,
  titleCompletePayloadSchema,
} from './job-payloads';

/** Attempts of a job that retries a few times (a retryable error, or a worker that died, uses one). */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** Long jobs resume from their checkpoint, so they survive a few restarts before they are failed. */
const LONG_JOB_ATTEMPTS = 10;
/** A title's attempts, the same for a sync job as for an import item (see TITLE_RETRY). */
const TITLE_JOB_ATTEMPTS = TITLE_RETRY.attempts;

/** Claimed first when several jobs are runnable: a title someone is waiting for. */
const INTERACTIVE = 0;
const BACKGROUND = 1;
/** What titles leave for later (people details, the rest of an imported title): after the imports and bulks that make them. */
const FOLLOW_UP = 2;

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  payload: S;
  /** Lower is claimed first. */
  priority: number;
  maxAttempts: number;
  /** Queue identity: jobs with one key never run together and a queued duplicate is reused. */
  objectKey?: (payload: z.output<S>) => string | null;
}

const define = <S extends z.ZodType>(definition: JobDefinition<S>) => definition;

export const JOB_REGISTRY = {
  /** One title or person. */
  sync: define({ payload: syncPayloadSchema, priority: INTERACTIVE, maxAttempts: TITLE_JOB_ATTEMPTS, objectKey: (p) => `${p.type}:${p.tmdb_id}` }),
  /** The library, or the types named (a webhook or the CLI). */
  bulk: define({ payload: bulkPayloadSchema, priority: BACKGROUND, maxAttempts: LONG_JOB_ATTEMPTS, objectKey: bulkObjectKey }),
  /** The weekly full refresh. */
  refresh: define({ payload: bulkPayloadSchema, priority: BACKGROUND, maxAttempts: LONG_JOB_ATTEMPTS, objectKey: () => 'refresh' }),
  /** The daily incremental sync. */
  changes: define({ payload: changesPayloadSchema, priority: BACKGROUND, maxAttempts: LONG_JOB_ATTEMPTS, objectKey: (p) => changesObjectKey(p.since) }),
  /** Many titles picked on the import screen. */
  import: define({ payload: importPayloadSchema, priority: BACKGROUND, maxAttempts: LONG_JOB_ATTEMPTS, objectKey: importObjectKey }),
  /** A keyword discovery, a random pick, or a list saved and filled (the caller names the object). */
  discover: define({ payload: discoverPayloadSchema, priority: BACKGROUND, maxAttempts: DEFAULT_MAX_ATTEMPTS }),
  /** One curated list discovered again. */
  'list.refresh': define({
    payload: refreshListPayloadSchema,
    priority: BACKGROUND,
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    objectKey: (p) => ('list_id' in p ? `list:${p.list_id}` : null),
  }),
  /** People details after a title sync. */
  'people.refresh': define({ payload: peopleRefreshPayloadSchema, priority: FOLLOW_UP, maxAttempts: DEFAULT_MAX_ATTEMPTS }),
  /** The rest of a title an import or a bulk made live at the page stage. */
  'title.complete': define({ payload: titleCompletePayloadSchema, priority: FOLLOW_UP, maxAttempts: TITLE_JOB_ATTEMPTS, objectKey: titleCompleteObjectKey }),
};

/** Follow-up work runs on its own lane: some job slots, never all of them, so an import or a bulk never waits for it. */
export const FOLLOW_UP_TYPES: readonly JobType[] = ['people.refresh', 'title.complete'];

export function isFollowUpJob(type: string): boolean {
  return (FOLLOW_UP_TYPES as readonly string[]).includes(type);
}

export type JobType = keyof typeof JOB_REGISTRY;
export type JobPayload<T extends JobType> = z.output<(typeof JOB_REGISTRY)[T]['payload']>;
export type JobPayloadInput<T extends JobType> = z.input<(typeof JOB_REGISTRY)[T]['payload']>;

export const JOB_TYPES = Object.keys(JOB_REGISTRY) as JobType[];

export function isJobType(type: string): type is JobType {
  return Object.prototype.hasOwnProperty.call(JOB_REGISTRY, type);
}

export interface JobInputOptions {
  deliveryId?: string | null;
  runAt?: Date;
  /** Overrides the registry's queue identity (discoveries name theirs). */
  objectKey?: string | null;
}

/** A job to enqueue, its payload validated (ValidationError names the field) and its policy from the registry. */
export function jobInput<T extends JobType>(type: T, payload: JobPayloadInput<T>, options: JobInputOptions = {}): EnqueueInput {
  const definition = JOB_REGISTRY[type] as JobDefinition;
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`invalid ${type} payload: ${issue.message}`, { field: issue.path.map(String).join('.') || undefined });
  }
  const objectKey = options.objectKey !== undefined ? options.objectKey : (definition.objectKey?.(parsed.data) ?? null);
  return {
    type,
    payload: parsed.data as Record<string, unknown>,
    maxAttempts: definition.maxAttempts,
    objectKey,
    ...(options.deliveryId !== undefined ? { deliveryId: options.deliveryId } : {}),
    ...(options.runAt ? { runAt: options.runAt } : {}),
  };
}

export type ParsedPayload<T extends JobType> = { ok: true; payload: JobPayload<T> } | { ok: false; message: string };

/** The worker's check of a stored payload: typed, or the message the job fails with. */
export function parseJobPayload<T extends JobType>(type: T, payload: unknown): ParsedPayload<T> {
  const parsed = (JOB_REGISTRY[type] as JobDefinition).payload.safeParse(payload);
  if (parsed.success) return { ok: true, payload: parsed.data as JobPayload<T> };
  return { ok: false, message: `invalid payload: ${parsed.error.issues[0].message}` };
}

/** Someone waits on it (Sync now, a person's action): worth claiming the moment it is queued. */
export function isInteractiveJob(type: string): boolean {
  return isJobType(type) && JOB_REGISTRY[type].priority === INTERACTIVE;
}

/** Claim order: each type's priority (unknown types last). */
export function jobPriorities(): Array<[JobType, number]> {
  return JOB_TYPES.map((type) => [type, JOB_REGISTRY[type].priority]);
}
