/**
 * Request pipeline: latency → auth → injected faults → Sync rate limits (opt-in) → routing → request validation (the
 * operation's documented parameters; recorded, the request still proceeds) → handler → test-hook
 * corruption → response validation (strict OpenAPI / local error schema) → stats.
 */
import type { IncomingMessage } from 'http';
import { CODES, TwilioHttpError, twilioErrorBody } from './errors';
import type { Faults } from './faults';
import { flattenHeaders, parseBasicAuth, readBody } from './http-io';
import { isObject } from './openapi-schema';
import { OpenApiResponseValidator } from './openapi-validator';
import { validateTwilioError } from './error-schema';
import type { Router } from './router';
import type { SyncLimits } from './sync-limits';
import type { FakeRequest, FakeResponse, FakeStats, Route } from './types';

export interface Credentials {
  accountSid: string;
  authToken: string;
  apiKeys: ReadonlyArray<{ sid: string; secret: string }>;
  /** Further accounts (subaccounts) accepted with their own SID and token. */
  subaccounts: Map<string, string>;
}

export type ResponseMutator = (body: unknown) => unknown;

export interface PipelineDeps {
  router: Router;
  faults: Faults;
  stats: FakeStats;
  violations: string[];
  credentials: Credentials;
  /** Pending test-hook corruptions, applied to the next successful JSON responses. */
  corruptions: ResponseMutator[];
  /** Sync's per-object rate limits (off unless enabled). */
  syncLimits: SyncLimits;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The account SID the request authenticated as, or undefined. */
function authorized(header: string | undefined, c: Credentials): string | undefined {
  const creds = parseBasicAuth(header);
  if (creds === undefined) return undefined;
  if (creds.username === c.accountSid && creds.password === c.authToken) return c.accountSid;
  if (c.subaccounts.get(creds.username) === creds.password) return creds.username;
  return c.apiKeys.some((k) => k.sid === creds.username && k.secret === creds.password) ? c.accountSid : undefined;
}

const UNAUTHORIZED: FakeResponse = {
  status: 401,
  body: twilioErrorBody(401, CODES.authenticate, 'Authenticate'),
  headers: { 'WWW-Authenticate': 'Basic realm="Twilio API"' },
};

async function route(
  req: IncomingMessage,
  deps: PipelineDeps,
  method: string,
  url: URL,
): Promise<{ response: FakeResponse; route?: Route }> {
  const path = url.pathname;
  const rawBody = await readBody(req);
  const headers = flattenHeaders(req);

  const twilioHost = headers['x-fake-twilio-host'];
  const early = deps.router.match(method, path, twilioHost);
  const authAccountSid = authorized(headers.authorization, deps.credentials);
  const open = early !== undefined && early !== 'method' && early.route.unauthenticated === true;
  if (authAccountSid === undefined && !open) return { response: UNAUTHORIZED };
  const injected = deps.faults.nextInjectedFailure();
  if (injected !== undefined) return { response: injected };
  const limited = deps.syncLimits.check(method, path);
  if (limited !== undefined) return { response: limited };

  const match = early;
  if (match === undefined)
    return { response: new TwilioHttpError(404, CODES.notFound, 'The requested resource was not found').toResponse() };
  if (match === 'method') return { response: new TwilioHttpError(405, 20004, 'Method not allowed').toResponse() };

  const contentType = headers['content-type'] ?? '';
  const form =
    contentType.includes('application/x-www-form-urlencoded') || (contentType === '' && rawBody !== '')
      ? new URLSearchParams(rawBody)
      : new URLSearchParams();
  const fakeReq: FakeRequest = {
    method,
    path,
    query: url.searchParams,
    form,
    headers,
    twilioHost,
    params: match.params,
    authAccountSid: authAccountSid ?? null,
  };
  if (match.route.spec !== undefined) {
    deps.violations.push(
      ...OpenApiResponseValidator.forSpec(match.route.spec).validateRequest(method, path, { query: url.searchParams, form, headers }),
    );
  }
  return { response: await match.route.handler(fakeReq), route: match.route };
}

function validate(deps: PipelineDeps, method: string, path: string, r: FakeResponse, matched: Route | undefined): string[] {
  const label =
    matched?.spec !== undefined
      ? OpenApiResponseValidator.forSpec(matched.spec).describe(method, path)
      : `${method} ${matched?.pattern ?? '(unrouted)'}`;
  if (r.status >= 400) return validateTwilioError(label, r.status, r.body);
  if (matched === undefined) return [`${label}: success response without a route`];
  if (matched.spec === undefined)
    return r.body === undefined ? [] : [`${label}: route declares no OpenAPI spec, response cannot be validated`];
  // Check what goes on the wire: a property set to undefined is not sent, a Date is sent as a string.
  const wire: unknown = r.body === undefined ? undefined : JSON.parse(JSON.stringify(r.body));
  return OpenApiResponseValidator.forSpec(matched.spec).validate(method, path, r.status, wire);
}

export async function runPipeline(req: IncomingMessage, deps: PipelineDeps): Promise<FakeResponse> {
  deps.stats.requests += 1;
  const delay = deps.faults.nextDelayMs();
  if (delay > 0) await sleep(delay);

  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://fake-twilio.invalid');
  const path = url.pathname;
  let response: FakeResponse;
  let matched: Route | undefined;
  try {
    ({ response, route: matched } = await route(req, deps, method, url));
  } catch (e: unknown) {
    if (e instanceof TwilioHttpError) {
      response = e.toResponse();
    } else {
      deps.violations.push(`fake-twilio internal error while handling ${method} request: ${e instanceof Error ? e.name : typeof e}`);
      response = { status: 500, body: twilioErrorBody(500, CODES.internal, 'Internal Server Error') };
    }
  }

  if (response.status < 300 && response.body !== undefined) {
    const corrupt = deps.corruptions.shift();
    if (corrupt !== undefined) response = { ...response, body: corrupt(response.body) };
  }

  const problems = validate(deps, method, path, response, matched);
  if (problems.length > 0) {
    deps.violations.push(...problems);
    return { status: 500, body: twilioErrorBody(500, CODES.internal, 'fake-twilio: response failed schema validation') };
  }

  const code = response.status >= 400 && isObject(response.body) ? response.body.code : undefined;
  if (code === CODES.mapItemRevisionMismatch || code === CODES.listItemRevisionMismatch) {
    deps.stats.conflicts409 += 1;
  }
  if (method === 'POST' && response.status === 201) deps.stats.created += 1;
  if (method === 'POST' && response.status === 200) deps.stats.updated += 1;
  return response;
}
