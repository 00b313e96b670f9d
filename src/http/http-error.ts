import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, DatabaseError, describeError, RedisUnavailableError } from '../errors';

/** `message` is a plain sentence for people; `code` is for programs; `detail` (bounded, no secret) is for a details line. */
export function sendError(res: Response, status: number, code: string, message: string, field?: string, detail?: string): void {
  res.status(status).json({ error: { code, message, ...(field ? { field } : {}), ...(detail ? { detail } : {}) } });
}

/** body-parser's own errors: a client mistake with a 4xx status and a type. */
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'payload_too_large', 'The body is larger than 1 MiB'],
  'encoding.unsupported': [415, 'unsupported_encoding', 'Content-Encoding is not supported; send the body as is'],
  'charset.unsupported': [415, 'unsupported_charset', 'The body charset is not supported'],
  'request.aborted': [400, 'request_aborted', 'The request was aborted while its body was read'],
  'request.size.invalid': [400, 'invalid_body', 'The body is not as long as Content-Length says'],
  'stream.encoding.set': [500, 'internal_error', 'Internal error'],
};

/**
 * Maps typed errors to `{error:{code,message,field}}` with their status; anything
 * else is a 500 without details. A database error never carries its statement
 * or values to the caller: the log has the (bounded, SQL-free) reason.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const e = error as { type?: string; status?: number; expose?: boolean };
    const body = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
    if (body) return sendError(res, ...body);
    if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return sendError(res, e.status, 'invalid_body', 'The body could not be read');
    }
    if (error instanceof DatabaseError || error instanceof RedisUnavailableError) {
      logger.warn({ err: describeError(error) }, 'storage unavailable for an HTTP request');
      return error.retryable
        ? sendError(res, 503, 'storage_unavailable', 'The database or Redis did not answer; try again')
        : sendError(res, 500, 'internal_error', 'Internal error');
    }
    if (error instanceof AppError) {
      return sendError(res, error.status ?? 500, error.code, error.message, error.field, error.detail);
    }
    logger.error({ err: describeError(error) }, 'unhandled HTTP error');
    return sendError(res, 500, 'internal_error', 'Internal error');
  };
}
