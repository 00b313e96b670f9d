import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendError } from '../http-error';
import type { ReplayCache } from '../replay-cache';
import {
  computeSignature,
  DELIVERY_HEADER,
  MAX_SKEW_SECONDS,
  SIGNATURE_HEADER,
  signaturesMatch,
  TIMESTAMP_HEADER,
} from '../webhook-signature';

/**
 * Verifies the webhook signature (README, "Webhooks") over the raw body, rejects stale
 * timestamps, and answers a replayed delivery with its first response instead
 * of running it again. Expects `req.body` to be the raw Buffer.
 */
export function requireSignature(secret: string, replays: ReplayCache, now: () => number = Date.now): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const timestamp = req.header(TIMESTAMP_HEADER) ?? '';
    const signature = req.header(SIGNATURE_HEADER) ?? '';
    const delivery = req.header(DELIVERY_HEADER) ?? '';
    if (!/^\d+$/.test(timestamp) || !signature || !delivery) {
      return sendError(res, 401, 'signature_missing', 'X-TMU-Timestamp, X-TMU-Delivery and X-TMU-Signature are required');
    }
    if (Math.abs(now() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) {
      return sendError(res, 401, 'signature_stale', 'X-TMU-Timestamp is more than 300 s from the sidecar clock');
    }
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const expected = computeSignature(secret, timestamp, req.method, req.originalUrl, raw);
    if (!signaturesMatch(expected, signature)) {
      return sendError(res, 401, 'signature_invalid', 'The signature does not match');
    }
    const earlier = replays.claim(delivery);
    if (earlier === 'pending') return sendError(res, 409, 'delivery_in_progress', 'This delivery is being processed');
    if (earlier) return res.status(earlier.status).set('X-TMU-Replayed', '1').json(earlier.body);
    // Remember what we answer, so a replay gets the same answer.
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      replays.remember(delivery, { status: res.statusCode, body });
      return json(body);
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
    req.body = JSON.parse(raw);
    next();
  } catch {
    sendError(res, 400, 'invalid_json', 'The body is not valid JSON');
  }
}
