/**
 * Runs built Functions (dist/functions/**.js) in this process the way the Twilio runtime does:
 * globals `Twilio` (the SDK plus Response) and `Runtime.getAssets()`, and a `context` with the
 * environment, `DOMAIN_NAME`, `PATH` and `getTwilioClient` (a new SDK client per call, as the
 * runtime makes one), whose REST traffic goes to the fake Twilio API. No twilio-run, no fork per
 * request: what is measured is our code and its API round trips. Requests are signed as Twilio
 * signs webhooks. Loopback only. Used by the benches (bench/) and the round-trip tests (test/perf/).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import twilio from 'twilio';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type TwilioResponse from 'twilio/lib/http/response';
import { signedUrl } from '../../src/runtime/core/signature';
import { RedirectingRequestClient } from '../fake-twilio/request-client';
import type { FakeTwilio } from '../fake-twilio';

export const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
/** As under twilio-run (the local profile): the clinic events endpoint is a loopback http URL. */
export const DOMAIN_NAME = 'localhost:3000';

type Handler = (context: object, event: object, callback: (err: unknown, res?: unknown) => void) => unknown;

/** Twilio API requests by product host (`sync`, `api`, ...), counted as the SDK sends them. */
export class RequestTally {
  readonly byHost = new Map<string, number>();
  count(host: string): void {
    const product = host.split('.')[0] ?? host;
    this.byHost.set(product, (this.byHost.get(product) ?? 0) + 1);
  }
  get(product: string): number {
    return this.byHost.get(product) ?? 0;
  }
  total(): number {
    return [...this.byHost.values()].reduce((a, b) => a + b, 0);
  }
  reset(): void {
    this.byHost.clear();
  }
}

class CountingClient extends RedirectingRequestClient {
  constructor(
    origin: string,
    private readonly tally: RequestTally,
  ) {
    super(origin);
  }
  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    this.tally.count(new URL(opts.uri).host);
    return super.request(opts);
  }
}

let installed = false;

/** Installs the runtime's globals once: `Twilio` (SDK + Response) and `Runtime` (private assets from dist/assets). */
export function installRuntimeGlobals(): void {
  if (installed) return;
  const require_ = createRequire(join(ROOT, 'package.json'));
  // The runtime's own Response class (not exported by the package: loaded by path).
  const { Response } = require_(join(ROOT, 'node_modules/@twilio/runtime-handler/dist/dev-runtime/internal/response.js')) as {
    Response: unknown;
  };
  const assets: Record<string, { path: string; open: () => string }> = {};
  for (const name of ['clinic', 'reminder-templates']) {
    const path = join(DIST, 'assets', `${name}.private.json`);
    assets[`/${name}.json`] = { path, open: () => readFileSync(path, 'utf8') };
  }
  Object.assign(globalThis, { Twilio: { ...twilio, Response }, Runtime: { getAssets: () => assets, getFunctions: () => ({}) } });
  installed = true;
}

/** The built handler of `route` (e.g. `sms/inbound`), or a handler given directly (the bare baseline). */
export function loadHandler(route: string): Handler {
  installRuntimeGlobals();
  const require_ = createRequire(join(ROOT, 'package.json'));
  const mod = require_(join(DIST, 'functions', `${route}.protected.js`)) as { handler?: Handler };
  if (typeof mod.handler !== 'function') throw new Error(`no handler in built Function ${route}`);
  return mod.handler;
}

export interface Invocation {
  status: number;
  body: string;
}

export interface Runtime {
  invoke(route: string, params: Record<string, string>, handler?: Handler): Promise<Invocation>;
  tally: RequestTally;
}

/** A runtime over `fake` with this environment. */
export function inProcessRuntime(fake: Pick<FakeTwilio, 'origin'>, env: Record<string, string>): Runtime {
  const tally = new RequestTally();
  const handlers = new Map<string, Handler>();
  const authToken = env.AUTH_TOKEN as string;
  const invoke = async (route: string, params: Record<string, string>, given?: Handler): Promise<Invocation> => {
    let handler = given ?? handlers.get(route);
    if (handler === undefined) {
      handler = loadHandler(route);
      handlers.set(route, handler);
    }
    const PATH = `/${route}`;
    const url = signedUrl({ domainName: DOMAIN_NAME, path: PATH, baseUrl: env.WEBHOOK_BASE_URL });
    const context = {
      PATH,
      DOMAIN_NAME,
      SERVICE_SID: undefined,
      ENVIRONMENT_SID: undefined,
      ...env,
      getTwilioClient: () => twilio(env.ACCOUNT_SID, authToken, { httpClient: new CountingClient(fake.origin, tally), lazyLoading: true }),
    };
    const event = {
      ...params,
      request: {
        headers: {
          'x-twilio-signature': getExpectedTwilioSignature(authToken, url, params),
          'content-type': 'application/x-www-form-urlencoded',
        },
        cookies: {},
      },
    };
    const response = await new Promise<unknown>((resolve, reject) => {
      const maybe = handler(context, event, (err, res) =>
        err ? reject(err instanceof Error ? err : new Error('handler error')) : resolve(res),
      );
      if (maybe instanceof Promise) maybe.catch(reject);
    });
    return describe(response);
  };
  return { invoke, tally };
}

function describe(response: unknown): Invocation {
  if (typeof response === 'object' && response !== null && 'statusCode' in response) {
    const r = response as { statusCode: number; body: unknown };
    return { status: r.statusCode, body: typeof r.body === 'string' ? r.body : JSON.stringify(r.body) };
  }
  // A TwiML object handed straight to the callback (the bare baseline): 200.
  return { status: 200, body: String(response) };
}
