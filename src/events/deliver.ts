/**
 * One delivery attempt of an event to the clinic: a signed JSON POST with a short timeout, no
 * redirects followed (a redirect could downgrade to http or leave the clinic's host). Success is
 * any 2xx. Only the status is reported back: never the URL or the response body.
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
