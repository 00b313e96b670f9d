/**
 * Typed errors. Every error carries a stable `code`, the HTTP status where one
 * applies, and the underlying `cause`. `retryable` tells job handlers whether
 * throwing (and so retrying) makes sense.
 */
export interface AppErrorOptions {
  cause?: unknown;
  status?: number;
  field?: string;
  retryable?: boolean;
  /** Technical detail kept out of the sentence (an HTTP status, a remote code): bounded, never a secret or SQL. */
  detail?: string;
}

/** Longest `detail` an error carries. */
const MAX_DETAIL = 300;

export class AppError extends Error {
  readonly code: string;
  readonly status?: number;
  readonly field?: string;
  readonly retryable: boolean;
  readonly detail?: string;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status;
    this.field = options.field;
    this.retryable = options.retryable ?? false;
    if (options.detail) this.detail = boundText(options.detail, MAX_DETAIL);
  }
}

export class ConfigError extends AppError {
  constructor(message: string, field?: string, options: { cause?: unknown } = {}) {
    super('config_invalid', message, { field, cause: options.cause });
  }
}

export class ValidationError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('validation_failed', message, { status: 400, ...options });
  }
}

export class TmdbError extends AppError {}

export class TmdbAuthError extends TmdbError {
  constructor(message = 'TMDb rejected the API key (status_code 7)', options: AppErrorOptions = {}, code = 'tmdb_auth') {
    super(code, message, { status: 401, ...options });
  }
}

/** No key at all (neither the environment nor the settings page gave one): not the same as a key TMDb refused. */
export class TmdbKeyMissingError extends TmdbAuthError {
  constructor(options: AppErrorOptions = {}) {
    super('No TMDb API key is set.', options, 'tmdb_key_missing');
  }
}

export class TmdbNotFoundError extends TmdbError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('tmdb_not_found', message, { status: 404, ...options });
  }
}

export class TmdbRateLimitError extends TmdbError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('tmdb_rate_limited', message, { status: 429, retryable: true, ...options });
  }
}

export class TmdbUnavailableError extends TmdbError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('tmdb_unavailable', message, { status: 503, retryable: true, ...options });
  }
}

/** TMDb answered, but the body is not the shape we need. Not retried. */
export class TmdbPayloadError extends TmdbError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('tmdb_bad_payload', message, { status: 502, ...options });
  }
}

export class WordPressError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('wordpress_error', message, { status: 502, ...options });
  }
}

export class DatabaseError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('database_error', message, { status: 503, retryable: true, ...options });
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('not_found', message, { status: 404, ...options });
  }
}

/** Longest error text stored in a job row, sent in an answer or logged (a driver message can embed a whole statement). */
const MAX_ERROR_TEXT = 1000;

/** Cuts text to at most `max` characters on a code point boundary, saying how much was dropped. */
export function boundText(text: string, max = MAX_ERROR_TEXT): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // never split a surrogate pair
  return `${text.slice(0, end)}… (${text.length - end} more characters)`;
}

const SQL_START = /^\s*(insert|update|delete|select|with|replace|create|alter|drop)\b/i;

/**
 * The driver's own words without the statement: knex prefixes a failed
 * statement (and so its values) to the message as "<sql> - <driver message>".
 */
export function withoutSql(error: unknown): string {
  const e = error as { sqlMessage?: unknown; message?: unknown };
  if (typeof e?.sqlMessage === 'string' && e.sqlMessage) return e.sqlMessage;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (!SQL_START.test(message)) return message;
  const cut = message.lastIndexOf(' - ');
  return cut >= 0 ? message.slice(cut + 3) : 'the statement failed';
}

/** One line, suitable for a CLI: no stack, secrets already redacted by the thrower, bounded length. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) return boundText(`${error.code}: ${error.message}${error.detail ? ` (${error.detail})` : ''}`);
  if (error instanceof Error) return boundText(withoutSql(error));
  return boundText(String(error));
}

/** REDIS_URL is set but Redis does not answer (or stopped answering). */
export class RedisUnavailableError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('redis_unavailable', message, { retryable: true, ...options });
  }
}

/** Another sync of the same title or person is still running (a job retries later). */
export class SyncInProgressError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('sync_in_progress', message, { status: 409, retryable: true, ...options });
  }
}

/**
 * WordPress refused the sidecar's own credentials (WP_USERNAME / WP_APP_PASSWORD): a wrong
 * application password (401) or a user without a capability the sync needs (403). Not retried.
 */
export class WordPressAuthError extends AppError {
  /** Capabilities the user lacks, e.g. `upload_files`. */
  readonly missing: string[];

  constructor(message: string, options: AppErrorOptions & { missing?: string[] } = {}) {
    super('wordpress_credentials', message, { status: 502, ...options, retryable: false });
    this.missing = options.missing ?? [];
  }
}

/** TABLE_PREFIX is not WordPress's table prefix: the rows would land in tables no template reads. Not retried. */
export class TablePrefixError extends AppError {
  constructor(message: string) {
    super('table_prefix_mismatch', message, { status: 502, retryable: false });
  }
}

/**
 * WordPress's REST answers start with PHP output (display_errors on). The sidecar reads the JSON
 * after it, but doctor and Test connection say it, with what to change. `sample` is bounded plain text.
 */
export class PhpOutputError extends AppError {
  constructor(sample: string) {
    super(
      'php_output',
      `WordPress REST answers start with PHP output ("${sample.slice(0, 160)}"): display_errors is on. ` +
        "Set display_errors = Off in php.ini (or define('WP_DEBUG_DISPLAY', false) in wp-config.php) and fix the notice.",
      { status: 502, retryable: false },
    );
  }
}

/** A job attempt made no progress for too long and was abandoned (it is retried). */
export class JobStalledError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('job_stalled', message, { retryable: true, ...options });
  }
}
