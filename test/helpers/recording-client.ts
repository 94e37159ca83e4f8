/**
 * A real twilio SDK client over the fake Twilio API that records every REST request (method and
 * path, never a body) and can run a hook before each one is sent: for counting Sync reads of one
 * item, or injecting a `fake.faults` failure at an exact point of a multi-request operation.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { RedirectingRequestClient, type FakeTwilio } from '../fake-twilio';

export interface RecordedRequest {
  /** Upper case: GET, POST, DELETE. */
  method: string;
  /** The URL path as Twilio would see it, e.g. `/v1/Services/IS…/Maps/optout-ledger-meta/Items/identity`. */
  path: string;
}

export class RecordingRequestClient extends RedirectingRequestClient {
  readonly requests: RecordedRequest[] = [];
  /** Runs before each request is sent (awaited); may inject faults or probe other state. */
  before: ((req: RecordedRequest) => void | Promise<void>) | null = null;

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const req: RecordedRequest = { method: opts.method.toUpperCase(), path: new URL(opts.uri).pathname };
    this.requests.push(req);
    if (this.before) await this.before(req);
    return super.request(opts);
  }

  /** How many recorded requests match `method` and whose path matches `path`. */
  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }
}

export interface RecordingClient {
  client: twilio.Twilio;
  http: RecordingRequestClient;
}

/** A twilio SDK client whose traffic goes to `fake` and is recorded in `http.requests`. */
export function recordingTwilioClient(fake: Pick<FakeTwilio, 'accountSid' | 'authToken' | 'origin'>): RecordingClient {
  const http = new RecordingRequestClient(fake.origin);
  return { client: twilio(fake.accountSid, fake.authToken, { httpClient: http }), http };
}
