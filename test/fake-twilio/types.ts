/**
 * Shared types for the fake Twilio REST API used in tests.
 */
import type { MessageWire, VerifySend } from './wire-types';

/** Twilio's classic REST error body. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** A parsed incoming request, as handed to route handlers. */
export interface FakeRequest {
  method: string;
  /** Raw (still percent-encoded) path, without query string. */
  path: string;
  query: URLSearchParams;
  /** Form fields (application/x-www-form-urlencoded body). */
  form: URLSearchParams;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The host the SDK meant to call (x-fake-twilio-host), if known. */
  twilioHost: string | undefined;
  /** Decoded path parameters filled in by the router. */
  params: Readonly<Record<string, string>>;
  /** The account the request authenticated as (null on unauthenticated routes). */
  authAccountSid: string | null;
}

/** What a handler answers; the server serialises, validates and sends it. */
export interface FakeResponse {
  status: number;
  /** JSON body; omitted for 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface Route {
  method: string;
  /** Path pattern with `:Name` placeholders, e.g. `/v1/Services/:Sid`. */
  pattern: string;
  /** Optional Twilio host this route belongs to (matched against x-fake-twilio-host when present). */
  host?: string;
  /** OpenAPI spec file name (without `.json`) used to validate this route's responses. */
  spec?: string;
  /** Reachable without credentials (media/recording URLs for HTTP-auth probes). */
  unauthenticated?: boolean;
  handler: RouteHandler;
}

export type LatencySetting = number | readonly [number, number];

export interface FaultsConfig {
  /** Extra delay per request in ms, or a `[min, max]` range drawn from the seeded PRNG. */
  latencyMs: LatencySetting;
  /** Probability (0..1) that any request is answered 429 / 20429. */
  rate429: number;
  /** Probability (0..1) that any request is answered 503 / 20500. */
  rate5xx: number;
  /** Probability (0..1) that a matching If-Match write is nevertheless answered 412 (54205 Map Item / 54155 List Item). */
  conflictRate: number;
}

export interface FakeStats {
  requests: number;
  /** Number of revision-mismatch answers sent (54205 Map Item, 54155 List Item), natural or injected. HTTP status is 412. */
  conflicts409: number;
  created: number;
  updated: number;
  injected429: number;
  injected5xx: number;
}

export interface SyncItemSnapshot {
  data: unknown;
  revision: string;
}

export interface SyncItemListEntry extends SyncItemSnapshot {
  key: string;
}

export interface SyncListItemEntry extends SyncItemSnapshot {
  index: number;
}

export interface SyncHelpers {
  getItem(serviceSid: string, mapUniqueNameOrSid: string, key: string): SyncItemSnapshot | undefined;
  listItems(serviceSid: string, mapUniqueNameOrSid: string): SyncItemListEntry[];
  createService(friendlyName?: string): string;
  createMap(serviceSid: string, uniqueName?: string): string;
  /** Creates a Sync List (ES...) in the service; returns its SID. */
  createList(serviceSid: string, uniqueName?: string): string;
  /** Live items of a list by SID or unique name, in index order (empty when the list does not exist). */
  listListItems(serviceSid: string, listSidOrUniqueName: string): SyncListItemEntry[];
}

export type { MessageWire, VerifySend };

export interface MessagesHelpers {
  /** Form parameters of every Messages create request the fake received, in order (repeated fields joined by "\n"). */
  requests(): Record<string, string>[];
  /** Messages created through the API, oldest first, in wire form. */
  all(): MessageWire[];
  /** Make creates to `to` from `sender` (an MG SID or a From number) fail 400 / 21610. */
  block(to: string, sender: string): void;
  unblock(to: string, sender: string): void;
  /** Account-level Message Redaction; ContentRetention / AddressRetention need it (else 30029 / 30030). Default off. */
  setRedactionEnabled(enabled: boolean): void;
  /** Forgets created messages, recorded requests and blocks. */
  clear(): void;
}

export interface VerifyHelpers {
  /** Creates a Verify service (VA...), also seeded into `fake.resources` collection `verify_services`. */
  createService(friendlyName?: string): string;
  /** The code of the live verification for `to`, or undefined. */
  codeFor(serviceSid: string, to: string): string | undefined;
  /** Every successful send (new verification or re-send), in order. */
  sends(): VerifySend[];
  /** SMS sends to `to` fail 403 / 60205. */
  markLandline(to: string): void;
  /** Sends to `to` fail 400 / 60200. */
  markInvalid(to: string): void;
  /** Forgets verifications, sends and number marks (services stay). */
  clear(): void;
}
