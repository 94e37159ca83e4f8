/**
 * The one scope model every ledger read and write uses.
 *
 * - An event received through a Messaging Service covers that service *and* the clinic number that
 *   received it; without a service, the receiving number alone (written: `receivedScopes`).
 * - A send through a sender is blocked by an opt-out of that sender, of every sender related to it
 *   (the service's known number pool, or the service a pooled number belongs to) and of all senders
 *   (read: `sendScopes`).
 *
 * The pool is what the project knows: MESSAGING_SERVICE_SID with MESSAGING_SERVICE_NUMBERS.
 */
import type { SenderPool, SenderPools } from '../core/sender-pools';

export type { SenderPool, SenderPools };

/** The scopes an inbound event (STOP, START, a carrier 21610) is recorded under. */
export function receivedScopes(messagingServiceSid: string | null, receivingNumber: string | null): string[] {
  const out: string[] = [];
  if (messagingServiceSid) out.push(messagingServiceSid);
  if (receivingNumber && !out.includes(receivingNumber)) out.push(receivingNumber);
  return out;
}

/** Every sender scope whose opt-out blocks a send through `sender` (itself included). */
export function relatedScopes(sender: string, pools: SenderPools): string[] {
  const out = new Set<string>([sender]);
  for (const pool of pools) {
    if (pool.messagingServiceSid === sender) for (const n of pool.numbers) out.add(n);
    if (pool.numbers.includes(sender)) out.add(pool.messagingServiceSid);
  }
  return [...out];
}

/** The scopes a send gate checks for a send through any of `senders`. */
export function sendScopes(senders: readonly string[], pools: SenderPools): string[] {
  const out = new Set<string>();
  for (const s of senders) for (const r of relatedScopes(s, pools)) out.add(r);
  return [...out];
}
