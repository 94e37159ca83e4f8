/**
 * An SDK http client that sends every Twilio REST call to the fake instead of *.twilio.com.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import type { FakeTwilio } from './server';

export const FAKE_HOST_HEADER = 'x-fake-twilio-host';

/** Rewrites `uri`'s scheme+host+port to `origin`; returns the new URI and the original host. */
export function redirectUri(uri: string, origin: string): { uri: string; host: string } {
  const original = new URL(uri);
  const target = new URL(origin);
  return { uri: `${target.origin}${original.pathname}${original.search}`, host: original.host };
}

export class RedirectingRequestClient extends twilio.RequestClient {
  constructor(
    readonly origin: string,
    opts?: RequestClient.RequestClientOptions,
  ) {
    super(opts);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const { uri, host } = redirectUri(opts.uri, this.origin);
    return super.request({ ...opts, uri, headers: { ...(opts.headers ?? {}), [FAKE_HOST_HEADER]: host } });
  }
}

/** A real twilio SDK client whose REST traffic goes to `fake`. */
export function fakeTwilioClient(fake: Pick<FakeTwilio, 'accountSid' | 'authToken' | 'origin'>): twilio.Twilio {
  return twilio(fake.accountSid, fake.authToken, { httpClient: new RedirectingRequestClient(fake.origin) });
}
