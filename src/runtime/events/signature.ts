/**
 * Signatures on events delivered to CLINIC_EVENTS_URL: header
 * `X-Clinic-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The clinic recomputes the HMAC over the raw body, compares in constant time and rejects
 * timestamps older than its tolerance (replay). `verifyEventSignature` is the reference check.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Clinic-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export function signEvent(secret: string, body: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${mac(secret, timestampSeconds, body)}`;
}

export function verifyEventSignature(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  const match = /^t=([0-9]{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(mac(secret, timestamp, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2] as string, 'hex'));
}
