import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-tmu-signature';
export const TIMESTAMP_HEADER = 'x-tmu-timestamp';
export const DELIVERY_HEADER = 'x-tmu-delivery';
export const MAX_SKEW_SECONDS = 300;

/** The webhook signature: HMAC-SHA256(secret, timestamp + "." + METHOD + "." + path_with_query + "." + raw_body). */
export function computeSignature(secret: string, timestamp: string, method: string, pathWithQuery: string, body: Buffer | string): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.${method.toUpperCase()}.${pathWithQuery}.`);
  hmac.update(body);
  return `sha256=${hmac.digest('hex')}`;
}

export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Headers for a signed request; used by tests, the benchmark and any Node caller. */
export function signedHeaders(secret: string, method: string, pathWithQuery: string, body: string, deliveryId: string, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  return {
    'X-TMU-Timestamp': timestamp,
    'X-TMU-Delivery': deliveryId,
    'X-TMU-Signature': computeSignature(secret, timestamp, method, pathWithQuery, body),
  };
}
