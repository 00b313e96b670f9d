import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { describeError } from '../../errors';
import { sendError } from '../http-error';
import type { ReplayStore } from '../../repositories/delivery.repository';
import { computeSignature, DELIVERY_HEADER, MAX_SKEW_SECONDS, SIGNATURE_HEADER, signaturesMatch, TIMESTAMP_HEADER } from '../webhook-signature';

/** A UUID from the plugin; any id up to the column's 64 characters of this alphabet is accepted. */
const DELIVERY_FORMAT = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const SIGNATURE_FORMAT = /^sha256=[0-9a-f]{64}$/;
const TIMESTAMP_FORMAT = /^\d{1,12}$/;

/**
 * Refuses a request on its headers alone, before a byte of its body is read:
 * missing or malformed timestamp, signature or delivery id, or a stale timestamp.
 */
export function checkSignatureHeaders(now: () => number = Date.now): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const timestamp = req.header(TIMESTAMP_HEADER) ?? '';
    const signature = req.header(SIGNATURE_HEADER) ?? '';
    const delivery = req.header(DELIVERY_HEADER) ?? '';
    // Connection: close, so a refused body is not read to keep the connection alive.
    const refuse = (status: number, code: string, message: string, field?: string) => {
      res.set('Connection', 'close');
      sendError(res, status, code, message, field);
    };
    if (!timestamp || !signature || !delivery) {
      return refuse(401, 'signature_missing', 'X-TMU-Timestamp, X-TMU-Delivery and X-TMU-Signature are required');
    }
    if (!TIMESTAMP_FORMAT.test(timestamp)) return refuse(401, 'signature_missing', 'X-TMU-Timestamp must be unix seconds');
    if (!SIGNATURE_FORMAT.test(signature)) return refuse(401, 'signature_invalid', 'X-TMU-Signature must be sha256=<64 hex digits>');
    if (!DELIVERY_FORMAT.test(delivery)) {
      return refuse(400, 'invalid_delivery', 'X-TMU-Delivery must be a UUID (at most 64 letters, digits, dots, colons or dashes)', 'X-TMU-Delivery');
    }
    if (Math.abs(now() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) {
      return refuse(401, 'signature_stale', 'X-TMU-Timestamp is more than 300 s from the sidecar clock');
    }
    return next();
  };
}

/** At most `limit` bodies are read at once; the rest get 503 with Retry-After instead of memory. */
export function limitBodyReads(limit: number, read: RequestHandler): RequestHandler {
  let reading = 0;
  return (req, res, next) => {
    if (reading >= limit) {
      res.set({ 'Retry-After': '1', Connection: 'close' });
      return sendError(res, 503, 'busy', 'Too many requests are being read; try again');
    }
    reading += 1;
    let done = false;
    const release = () => {
      if (!done) {
        done = true;
        reading -= 1;
      }
    };
    res.once('close', release);
    return read(req, res, (error?: unknown) => {
      release();
      next(error);
    });
  };
}

/**
 * Verifies the signature over the raw body, and answers a replayed delivery
 * with its first response instead of running it again. Expects `req.body` to
 * be the raw Buffer and the headers checked by checkSignatureHeaders.
 */
export function requireSignature(secret: string, replays: ReplayStore, logger: Logger): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const timestamp = req.header(TIMESTAMP_HEADER) ?? '';
    const signature = req.header(SIGNATURE_HEADER) ?? '';
    const delivery = req.header(DELIVERY_HEADER) ?? '';
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const expected = computeSignature(secret, timestamp, req.method, req.originalUrl, raw);
    if (!signaturesMatch(expected, signature)) {
      return sendError(res, 401, 'signature_invalid', 'The signature does not match');
    }
    let earlier: Awaited<ReturnType<ReplayStore['claim']>>;
    try {
      earlier = await replays.claim(delivery);
    } catch (error) {
      return next(error);
    }
    if (earlier === 'pending') return sendError(res, 409, 'delivery_in_progress', 'This delivery is being processed');
    if (earlier) return res.status(earlier.status).set('X-TMU-Replayed', '1').json(earlier.body);
    // Remember what we answer before answering, so a replay gets the same answer; a 5xx may be tried again.
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const status = res.statusCode;
      const kept = status >= 500 ? replays.forget(delivery) : replays.remember(delivery, { status, body });
      void kept.catch((error: unknown) => logger.warn({ delivery, err: describeError(error) }, 'could not record a webhook delivery')).finally(() => json(body));
      return res;
    };
    return next();
  };
}

/** Parses the verified raw body as JSON; invalid JSON is a 400. */
export function parseJsonBody(req: Request, res: Response, next: NextFunction): void {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (raw.trim() === '') {
    req.body = {};
    return next();
  }
  try {
    req.body = JSON.parse(raw) as unknown;
    next();
  } catch {
    sendError(res, 400, 'invalid_json', 'The body is not valid JSON');
  }
}
