import { TmdbError, TmdbRateLimitError, TmdbUnavailableError } from '../../errors';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Backoff is random in [0, min(maxDelayMs, baseDelayMs * 2^retry)) ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this fails at once (retryable) instead of holding the caller. */
  maxRetryAfterMs: number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'maxRetries'> = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** One try's outcome: a value, a transient failure worth retrying, or a final error. */
export type Attempt<T> =
  { kind: 'ok'; value: T } | { kind: 'retry'; reason: string; code: string; status?: number; rateLimited: boolean; retryAfterMs?: number } | { kind: 'fail'; error: Error };

type RetryOutcome = Extract<Attempt<unknown>, { kind: 'retry' }>;

export interface RetryInfo {
  retry: number;
  delayMs: number;
  outcome: RetryOutcome;
}

export interface RetryHooks {
  /** e.g. "GET /movie/550": goes into error messages, so never a URL with its query. */
  what: string;
  onRetry?(info: RetryInfo): void;
}

function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(policy.random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  const text: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The last transient failure, as a cause that carries no request config, headers or URL. */
class TmdbAttemptFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TmdbAttemptFailure';
  }
}

export async function withRetries<T>(run: (attempt: number) => Promise<Attempt<T>>, policy: RetryPolicy, hooks: RetryHooks): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    const outcome = await run(attempt);
    if (outcome.kind === 'ok') return outcome.value;
    if (outcome.kind === 'fail') throw outcome.error;
    const cause = new TmdbAttemptFailure(outcome.reason, outcome.code, outcome.status);
    if (outcome.rateLimited && outcome.retryAfterMs !== undefined && outcome.retryAfterMs > policy.maxRetryAfterMs) {
      throw new TmdbRateLimitError(`TMDb ${hooks.what}: rate limited, Retry-After ${Math.ceil(outcome.retryAfterMs / 1000)} s is too long to wait`, { cause });
    }
    if (attempt >= policy.maxRetries) throw exhausted(hooks.what, attempt + 1, outcome, cause);
    const delayMs = outcome.rateLimited && outcome.retryAfterMs !== undefined ? outcome.retryAfterMs : backoffDelay(attempt, policy);
    hooks.onRetry?.({ retry: attempt + 1, delayMs, outcome });
    await policy.sleep(delayMs);
  }
}

function exhausted(what: string, attempts: number, outcome: RetryOutcome, cause: Error): TmdbError {
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  return outcome.rateLimited
    ? new TmdbRateLimitError(`TMDb ${what}: still rate limited after ${tries}`, { cause })
    : new TmdbUnavailableError(`TMDb ${what}: failed after ${tries} (${outcome.reason})`, { cause });
}
