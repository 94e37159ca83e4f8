/**
 * Shared types for the fake Twilio REST API used in tests.
 */

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
  /** Probability (0..1) that a matching If-Match write is nevertheless answered 412 / 54205. */
  conflictRate: number;
}

export interface FakeStats {
  requests: number;
  /** Number of 54205 (revision mismatch) answers sent, natural or injected. HTTP status is 412. */
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

export interface SyncHelpers {
  getItem(serviceSid: string, mapUniqueNameOrSid: string, key: string): SyncItemSnapshot | undefined;
  listItems(serviceSid: string, mapUniqueNameOrSid: string): SyncItemListEntry[];
  createService(friendlyName?: string): string;
  createMap(serviceSid: string, uniqueName?: string): string;
}
