/**
 * Shared set-up for the /verify unit tests: an in-memory KvStore with scripted failures, a stub of
 * the twilio client's verify.v2 slice, Twilio-shaped errors (their messages carry canary PHI, as
 * Twilio's do), a log capture, and signed requests through the real runWebhook.
 */
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import RestException from 'twilio/lib/base/RestException';
import type { Twilio } from 'twilio';
import { createLogger } from '../../src/runtime/core/log';
import type { HttpReply } from '../../src/runtime/core/http';
import { runWebhook, type WebhookRequest, type WebhookSpec } from '../../src/runtime/core/webhook';
import { MemoryKv } from './memory-state';
import { Quota, type QuotaRecord } from '../../src/runtime/state/quota';
import type { VerifyDeps } from '../../src/runtime/verify/admit';
import { VerifyLimiter, type VerifyLimits } from '../../src/runtime/verify/limits';
import { twilioVerifyApi, type VerifyClientLike } from '../../src/runtime/verify/verify-api';
import { CANARY_PHONE } from './canary';
import { localEnv, TEST_AUTH_TOKEN } from './env';

export const VA = `VA${'1'.repeat(32)}`;
export const VE = `VE${'2'.repeat(32)}`;
export const SECRET = 'x'.repeat(64);
/** A code the tests type; it must never come back in a response or a log line. */
export const CANARY_CODE = '918273';
/** Valid US numbers (libphonenumber) other than the canary. */
export const US_A = '+12125550199';
export const US_B = '+14155550123';
export const REQUESTER_A = 'portal-session-aaaa1111';
export const REQUESTER_B = 'portal-session-bbbb2222';

export { MemoryKv };

/** A Twilio REST error as the SDK throws it; the message names the number like Twilio's do. */
export function restError(status: number, code: number): RestException {
  return new RestException({
    statusCode: status,
    body: { status, code, message: `Error for ${CANARY_PHONE}`, more_info: `https://www.twilio.com/docs/errors/${code}` },
  });
}

/** What axios throws when nothing answered. */
export function networkError(): Error {
  return Object.assign(new Error(`connect ECONNREFUSED while sending to ${CANARY_PHONE}`), { code: 'ECONNREFUSED' });
}

type StartImpl = (o: { to: string; channel: string }) => Promise<{ sid: string; status: string }>;
type CheckImpl = (o: { to: string; code: string }) => Promise<{ status: string }>;

export function stubVerifyClient() {
  const starts: { serviceSid: string; to: string; channel: string }[] = [];
  const checks: { serviceSid: string; to: string; code: string }[] = [];
  const impl: { start: StartImpl; check: CheckImpl } = {
    start: async () => ({ sid: VE, status: 'pending' }),
    check: async () => ({ status: 'approved' }),
  };
  const client: VerifyClientLike = {
    verify: {
      v2: {
        services: (serviceSid) => ({
          verifications: {
            create: async (o) => {
              starts.push({ serviceSid, ...o });
              return impl.start(o);
            },
          },
          verificationChecks: {
            create: async (o) => {
              checks.push({ serviceSid, ...o });
              return impl.check(o);
            },
          },
        }),
      },
    },
  };
  return { client, starts, checks, impl };
}

export function logCapture() {
  const lines: string[] = [];
  return { lines, log: createLogger((level, line) => lines.push(`${level} ${line}`)) };
}

export interface CoreHarness {
  kv: MemoryKv<QuotaRecord>;
  stub: ReturnType<typeof stubVerifyClient>;
  lines: string[];
  deps: VerifyDeps;
  clock: { now: number };
}

/** Deps for calling the cores directly: memory store, stub client, US+PR, a settable clock. */
export function coreHarness(limits: VerifyLimits = { perNumberPerHour: 5, perRequesterPerHour: 60 }): CoreHarness {
  const kv = new MemoryKv<QuotaRecord>();
  const stub = stubVerifyClient();
  const { lines, log } = logCapture();
  const clock = { now: Date.UTC(2026, 0, 5, 10, 0, 0) };
  // The CAS loop's own clock: sleeping advances it, so retries end inside the budget at once.
  let casClock = 0;
  const quota = new Quota(kv, {
    budgetMs: 1000,
    now: () => casClock,
    sleep: async (ms) => {
      casClock += Math.max(ms, 1);
    },
    random: () => 0,
  });
  const deps: VerifyDeps = {
    countries: ['US', 'PR'],
    limiter: new VerifyLimiter(quota, SECRET, limits, () => clock.now),
    api: twilioVerifyApi(stub.client, VA),
    log,
  };
  return { kv, stub, lines, deps, clock };
}

export const CLINIC_JSON = JSON.stringify({
  version: 1,
  timeZone: 'America/New_York',
  countries: ['US', 'PR'],
  locations: [{ id: 'main-street', name: 'Main Street office' }],
  reminders: { dailyCapPerNumber: 3, replyWindowHours: 24 },
  voice: { frontDeskNumber: '+15555550100', voicemail: { enabled: false } },
  verify: { perNumberPerHour: 2, perRequesterPerHour: 60 },
});

const DOMAIN = 'localhost:3000';

export interface SignedCall {
  reply: HttpReply;
  lines: string[];
}

/** Posts `params` signed like Twilio through runWebhook, with file state in `stateDir`. */
export async function postSigned<I>(
  spec: WebhookSpec<I>,
  path: string,
  params: Record<string, string>,
  opts: {
    stateDir: string;
    client: VerifyClientLike;
    env?: Record<string, string>;
    clinicJson?: string | null;
    headers?: Record<string, string>;
  },
): Promise<SignedCall> {
  const { lines, log } = logCapture();
  const signature = getExpectedTwilioSignature(TEST_AUTH_TOKEN, `http://${DOMAIN}${path}`, params);
  const clinic = opts.clinicJson === undefined ? CLINIC_JSON : opts.clinicJson;
  const request: WebhookRequest = {
    domainName: DOMAIN,
    path,
    env: opts.env ?? localEnv(opts.stateDir, { VERIFY_SERVICE_SID: VA }),
    event: { ...params, request: { headers: { 'x-twilio-signature': signature, ...opts.headers }, cookies: {} } },
    getTwilioClient: () => opts.client as unknown as Twilio,
    readAsset: (p) => (p === '/clinic.json' ? clinic : null),
  };
  return { reply: await runWebhook(spec, request, log), lines };
}
