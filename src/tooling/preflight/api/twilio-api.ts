/**
 * The preflight's REST layer over the twilio SDK's own request path (auth, user agent, and in
 * tests the redirecting RequestClient): bounded concurrency shared by every rule, a per-request
 * timeout, retries with full-jitter backoff that honour Retry-After on 429/20429 and 5xx, and
 * streaming pagination for both v2010 (relative next_page_uri) and v1 (absolute meta.next_page_url).
 */
import pLimit from 'p-limit';
import type { Twilio } from 'twilio';

export class ApiError extends Error {
  constructor(
    readonly status: number | null,
    /** Twilio error code from the body when present; never the message text. */
    readonly code: number | null,
  ) {
    super(`Twilio API request failed (status ${status ?? 'none'}, code ${code ?? 'none'})`);
    this.name = 'ApiError';
  }
}

/**
 * Requests in flight at once by default: well under Twilio's per-account concurrency limit (about
 * 100), enough to overlap the latency of many small list and fetch calls.
 */
export const DEFAULT_CONCURRENCY = 16;

export interface ApiOptions {
  /** Requests in flight at once, across every rule and account (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** Per-request timeout in ms (default 15000). */
  timeoutMs?: number;
  /** Retries after the first attempt for 429/5xx/timeouts (default 4). */
  maxRetries?: number;
  /** Cap for one backoff wait in ms (default 8000). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface ApiStats {
  requests: number;
  retries: number;
}

type Params = Record<string, string | number | boolean>;
type Method = 'get' | 'post' | 'delete' | 'patch' | 'put';

const V2010_ORIGIN = 'https://api.twilio.com';

interface RawResponse {
  statusCode: number;
  body: unknown;
  headers?: Record<string, unknown>;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  if (body === '') return null;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

function errorCode(body: unknown): number | null {
  const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
  return typeof code === 'number' ? code : null;
}

function retryAfterMs(headers: Record<string, unknown> | undefined): number | null {
  if (!headers) return null;
  const raw = headers['retry-after'] ?? headers['Retry-After'];
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(String(raw));
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

export class TwilioApi {
  readonly stats: ApiStats = { requests: 0, retries: 0 };
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    readonly client: Twilio,
    opts: ApiOptions = {},
    /** Share one limiter between the APIs of several accounts (subaccount scans). */
    limiter?: ReturnType<typeof pLimit>,
  ) {
    this.limit = limiter ?? pLimit(opts.concurrency ?? DEFAULT_CONCURRENCY);
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.maxRetries = opts.maxRetries ?? 4;
    this.maxDelayMs = opts.maxDelayMs ?? 8000;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = opts.random ?? Math.random;
  }

  /** The same limiter and options, another account's credentials. */
  withClient(client: Twilio): TwilioApi {
    return new TwilioApi(
      client,
      { timeoutMs: this.timeoutMs, maxRetries: this.maxRetries, maxDelayMs: this.maxDelayMs, sleep: this.sleep, random: this.random },
      this.limit,
    );
  }

  get accountSid(): string {
    return this.client.accountSid;
  }

  async get(uri: string, params?: Params): Promise<unknown> {
    return this.send('get', uri, params, undefined);
  }

  async post(uri: string, data: Params): Promise<unknown> {
    return this.send('post', uri, undefined, data);
  }

  /** Any other verb (DELETE, PATCH), same limiter, timeout and retries. */
  async call(method: Method, uri: string, params?: Params, data?: Params): Promise<unknown> {
    return this.send(method, uri, params, data);
  }

  /** Streams every record of a list resource, one page in flight at a time. */
  async *list(uri: string, key: string, params: Params = {}): AsyncGenerator<Record<string, unknown>> {
    let next: string | null = uri;
    let first = true;
    while (next !== null) {
      const page = (await this.get(next, first ? { PageSize: 1000, ...params } : undefined)) as Record<string, unknown> | null;
      first = false;
      const records = page?.[key];
      if (!Array.isArray(records)) throw new ApiError(200, null);
      for (const record of records) yield record as Record<string, unknown>;
      next = nextPage(page);
    }
  }

  /** Collects a whole list (for rules that need every record at once). */
  async all(uri: string, key: string, params?: Params): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for await (const record of this.list(uri, key, params)) out.push(record);
    return out;
  }

  private async send(method: Method, uri: string, params: Params | undefined, data: Params | undefined): Promise<unknown> {
    let attempt = 0;
    for (;;) {
      const outcome = await this.limit(() => this.once(method, uri, params, data));
      if (outcome.ok) return outcome.body;
      if (!outcome.retryable || attempt >= this.maxRetries) throw new ApiError(outcome.status, outcome.code);
      attempt += 1;
      this.stats.retries += 1;
      const backoff = Math.min(this.maxDelayMs, 250 * 2 ** attempt) * this.random();
      await this.sleep(Math.min(this.maxDelayMs, Math.max(backoff, outcome.retryAfterMs ?? 0)));
    }
  }

  private async once(method: Method, uri: string, params: Params | undefined, data: Params | undefined) {
    this.stats.requests += 1;
    let res: RawResponse;
    try {
      // The SDK serialises a form body only when Content-Type is set, which it does itself for
      // POST/PUT alone: PATCH (GeoPermissions) needs it explicitly.
      const headers = data ? { 'Content-Type': 'application/x-www-form-urlencoded' } : undefined;
      res = (await this.client.request({ method, uri, params, data, headers, timeout: this.timeoutMs })) as RawResponse;
    } catch {
      // Timeout or network failure: no status, worth retrying.
      return { ok: false as const, retryable: true, status: null, code: null, retryAfterMs: null };
    }
    const body = parseBody(res.body);
    if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true as const, body };
    const code = errorCode(body);
    const retryable = res.statusCode === 429 || res.statusCode >= 500 || code === 20429;
    return { ok: false as const, retryable, status: res.statusCode, code, retryAfterMs: retryAfterMs(res.headers) };
  }
}

/** The next page's absolute URL: v1 `meta.next_page_url` or v2010 relative `next_page_uri`. */
export function nextPage(page: Record<string, unknown> | null): string | null {
  if (!page) return null;
  const meta = page.meta as { next_page_url?: unknown } | undefined;
  if (meta && typeof meta.next_page_url === 'string' && meta.next_page_url) return meta.next_page_url;
  const rel = page.next_page_uri;
  if (typeof rel === 'string' && rel) return rel.startsWith('http') ? rel : `${V2010_ORIGIN}${rel}`;
  return null;
}

/** Well-known base URLs. */
export const HOSTS = {
  api: V2010_ORIGIN,
  messaging: 'https://messaging.twilio.com',
  serverless: 'https://serverless.twilio.com',
  studio: 'https://studio.twilio.com',
  verify: 'https://verify.twilio.com',
  conversations: 'https://conversations.twilio.com',
  events: 'https://events.twilio.com',
  trunking: 'https://trunking.twilio.com',
  voice: 'https://voice.twilio.com',
  video: 'https://video.twilio.com',
  marketplace: 'https://marketplace.twilio.com',
  assistants: 'https://assistants.twilio.com',
  intelligence: 'https://intelligence.twilio.com',
  accounts: 'https://accounts.twilio.com',
  monitor: 'https://monitor.twilio.com',
} as const;

/** v2010 account-scoped URL, e.g. v2010(sid, '/IncomingPhoneNumbers.json'). */
export function v2010(accountSid: string, path: string): string {
  return `${V2010_ORIGIN}/2010-04-01/Accounts/${accountSid}${path}`;
}
