import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, describeError } from '../errors';

export function sendError(res: Response, status: number, code: string, message: string, field?: string): void {
  res.status(status).json({ error: { code, message, ...(field ? { field } : {}) } });
}

/** Maps typed errors to `{error:{code,message,field}}` with their status; anything else is a 500 without details. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const e = error as { type?: string; status?: number };
    if (e.type === 'entity.too.large') return sendError(res, 413, 'payload_too_large', 'The body is larger than 1 MiB');
    if (error instanceof AppError) {
      return sendError(res, error.status ?? 500, error.code, error.message, error.field);
    }
    logger.error({ err: describeError(error) }, 'unhandled HTTP error');
    return sendError(res, 500, 'internal_error', 'Internal error');
  };
}
