// The HMAC-SHA256 signature a subscriber checks: over the exact body bytes, with the subscription's secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-reglament-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const EVENT_TYPE_HEADER = 'x-reglament-event';

/** `sha256=<hex>` */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function verifyBody(secret: string, body: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
