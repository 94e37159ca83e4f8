/**
 * One delivery attempt of an event to the clinic: a signed JSON POST with a short timeout, no
 * redirects followed (a redirect could downgrade to http or leave the clinic's host). Success is
 * any 2xx. Only the status is reported back: never the URL or the response body.
 * `classifyDelivery` tells the outbox what a failure means: a transport failure (the clinic or the
 * path to it is unwell: hold the line) or a permanent refusal of this one event.
 */
import type { ClinicEvent } from './event';
import { SIGNATURE_HEADER, signEvent } from './signature';

export type Delivery = { ok: true; status: number } | { ok: false; status: number | 'network' | 'timeout' };

export interface DeliverOptions {
  url: string;
  secret: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
  now?: () => number;
}

export type Deliver = (event: ClinicEvent) => Promise<Delivery>;

/**
 * - `delivered`: 2xx;
 * - `transport`: no answer (network error, timeout), 5xx, 408 Request Timeout, 429 Too Many
 *   Requests, a redirect or anything else unexpected: the endpoint is unwell, not this event;
 * - `refused`: any other 4xx: the clinic permanently refuses this event (retrying it as-is will not
 *   help, and it must not hold back newer events).
 */
export type DeliveryClass = 'delivered' | 'transport' | 'refused';

/** The HTTP status when `result` is a permanent refusal (4xx other than 408 and 429), else null. */
export function refusalStatus(result: Delivery): number | null {
  if (result.ok || typeof result.status !== 'number') return null;
  const { status } = result;
  return status >= 400 && status < 500 && status !== 408 && status !== 429 ? status : null;
}

export function classifyDelivery(result: Delivery): DeliveryClass {
  if (result.ok) return 'delivered';
  return refusalStatus(result) === null ? 'transport' : 'refused';
}

export function httpDeliverer(opts: DeliverOptions): Deliver {
  const doFetch = opts.fetchImpl ?? fetch;
  const now = opts.now ?? Date.now;
  return async (event) => {
    const body = JSON.stringify(event);
    const signature = signEvent(opts.secret, body, Math.floor(now() / 1000));
    try {
      const res = await doFetch(opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, 'user-agent': 'hipaa-safe-messaging-events/1' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      await res.body?.cancel();
      return res.status >= 200 && res.status < 300 ? { ok: true, status: res.status } : { ok: false, status: res.status };
    } catch (err) {
      // DOMException (TimeoutError) is not always an Error instance across realms: read the name.
      const name = typeof err === 'object' && err !== null ? String((err as { name?: unknown }).name) : '';
      return { ok: false, status: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network' };
    }
  };
}
