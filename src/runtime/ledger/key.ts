/**
 * Ledger keys: HMAC-SHA256 of the E.164 number with a secret from the environment, so Sync never
 * holds a raw patient number and a key cannot be reversed without the secret.
 */
import { createHmac } from 'node:crypto';

export function ledgerKey(secret: string, e164: string): string {
  return createHmac('sha256', secret).update(e164, 'utf8').digest('hex');
}

/** Spreads keys over `shards` maps (Sync allows about 20 writes/s per map): the state stores' rule, shared. */
export { shardOf } from '../state/shard';

/**
 * Keys for other state (pending reminders, caps, idempotency, rate limits): HMAC-SHA256 over a
 * purpose tag and the parts, so the same number gets unrelated keys in different collections.
 */
export function stateKey(secret: string, purpose: string, ...parts: string[]): string {
  return createHmac('sha256', secret)
    .update([purpose, ...parts].join('\u0000'), 'utf8')
    .digest('hex');
}
