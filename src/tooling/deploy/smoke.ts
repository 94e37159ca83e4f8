/**
 * Smoke test of the live webhooks, both halves.
 *
 * Refusal: an unsigned, empty form POST to https://{domain}{path} for every protected Function must
 * be refused (401 from Twilio's edge, or 403 from the Function's own signature check). Anything
 * else — 200, a redirect, 5xx, no answer — fails.
 *
 * Acceptance: one POST signed with the deploy credentials (the twilio SDK's
 * getExpectedTwilioSignature over the URL Twilio calls, https://{domain}/voice/inbound, and the
 * form parameters) must get 200, and the same request signed with a random wrong token must be
 * refused (401/403). Only a correctly signed request proves that the deployed URL, WEBHOOK_BASE_URL
 * and AUTH_TOKEN agree: Twilio's edge checks the signature of a protected Function against its own
 * URL and the account's token, and the Function checks it again against
 * `{WEBHOOK_BASE_URL or https://DOMAIN_NAME}{PATH}` with AUTH_TOKEN.
 *
 * Why /voice/inbound: it is the one webhook whose effect is provably nil for this request. With no
 * `StirVerstat` (an unverified caller) it reads the clinic config asset, logs one line
 * (`voice.inbound`, the CallSid and `absent`) and answers fixed TwiML ("Hello, this is {clinic}"
 * and a <Dial> to the front desk): no Sync read or write, no REST call, no event, no message
 * (src/runtime/voice/spec.ts voiceInboundSpec, unverifiedInboundTwiml). The TwiML is only returned to us:
 * no call exists, so nothing dials. The CallSid is a fixed, all-zero marker, and From/To are
 * `client:` identities, not phone numbers. The alternatives are worse: `/sms/inbound` with HELP
 * leaves no state today either, but needs a phone number as From, builds the Sync ledger, and any
 * later change to HELP handling would turn the probe into a write; `/sms/status` writes a status
 * record; the others read or write Sync, send messages or call the clinic's endpoint.
 * Response bodies are never read or printed. Only *.twil.io over https is probed; no redirects.
 */
import { randomBytes } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import type { Resource } from './gated-build';

/** A form body and its X-Twilio-Signature. */
export interface SignedForm {
  params: Record<string, string>;
  signature: string;
}

/** POSTs to a live webhook: unsigned with an empty body, or `form` signed; resolves to the status. */
export type SmokePost = (url: string, form?: SignedForm) => Promise<number>;

export interface SmokeResult {
  ok: boolean;
  lines: string[];
  problems: string[];
}

/** The side-effect-free webhook the signed probe calls. */
export const SIGNED_PROBE_PATH = '/voice/inbound';
/** A CallSid no call has (all zeros): recognisable in the Function's logs as the gate's probe. */
export const PROBE_CALL_SID = `CA${'0'.repeat(32)}`;

/** The probe's form parameters: an unverified caller (no StirVerstat), no phone numbers. */
export function probeParams(accountSid: string): Record<string, string> {
  return {
    AccountSid: accountSid,
    CallSid: PROBE_CALL_SID,
    CallStatus: 'ringing',
    Direction: 'inbound',
    From: 'client:deploy-smoke-test',
    To: 'client:deploy-smoke-test',
  };
}

export function signForm(authToken: string, url: string, params: Record<string, string>): SignedForm {
  return { params, signature: getExpectedTwilioSignature(authToken, url, params) };
}

export function webhookUrls(domain: string, functions: readonly Resource[]): string[] {
  return functions.filter((f) => f.access === 'protected').map((f) => `https://${domain}${f.path}`);
}

async function statusOf(post: SmokePost, url: string, form?: SignedForm): Promise<number | null> {
  try {
    return await post(url, form);
  } catch {
    return null;
  }
}

export interface SmokeCredentials {
  accountSid: string;
  authToken: string;
}

export async function smokeTest(
  domain: string,
  functions: readonly Resource[],
  post: SmokePost,
  creds: SmokeCredentials,
): Promise<SmokeResult> {
  const lines: string[] = [];
  const problems: string[] = [];
  for (const url of webhookUrls(domain, functions)) {
    const status = await statusOf(post, url);
    if (status === 401 || status === 403) lines.push(`  ${status}  POST ${url}  (unsigned: refused, as it must be)`);
    else {
      const got = status === null ? 'no answer' : `HTTP ${status}`;
      lines.push(`  ${status ?? '---'}  POST ${url}  FAIL`);
      problems.push(
        status === 200
          ? `${url} answered an unsigned POST with 200: it is not protected. Check its visibility in Console > Functions > Services and that it uses serverlessHandler (signature check), then npm run deploy`
          : `${url} answered an unsigned POST with ${got}, expected 401 or 403: check the Function's logs (Console > Functions > Services > Logs)`,
      );
    }
  }

  const url = `https://${domain}${SIGNED_PROBE_PATH}`;
  if (!functions.some((f) => f.path === SIGNED_PROBE_PATH && f.access === 'protected')) {
    problems.push(
      `the build has no protected ${SIGNED_PROBE_PATH}: the signed request that proves genuine webhooks are accepted could not be sent`,
    );
    return { ok: false, lines, problems };
  }
  const params = probeParams(creds.accountSid);
  const signed = await statusOf(post, url, signForm(creds.authToken, url, params));
  if (signed === 200) lines.push(`  200  POST ${url}  (signed with the deploy credentials: accepted)`);
  else {
    lines.push(`  ${signed ?? '---'}  POST ${url}  (signed with the deploy credentials)  FAIL`);
    problems.push(
      signed === 401 || signed === 403
        ? `${url} refused a request signed with the deploy credentials (${signed}): Twilio's genuine webhooks would be refused too. Check that AUTH_TOKEN in the deploy env file is the account's current (primary) token and that WEBHOOK_BASE_URL is empty, then npm run deploy`
        : `${url} answered a correctly signed request with ${signed === null ? 'no answer' : `HTTP ${signed}`}, expected 200: check the Function's logs (Console > Functions > Services > Logs)`,
    );
  }
  let wrong = randomBytes(16).toString('hex');
  if (wrong === creds.authToken) wrong = `${wrong}0`;
  const forged = await statusOf(post, url, signForm(wrong, url, params));
  if (forged === 401 || forged === 403) lines.push(`  ${forged}  POST ${url}  (signed with a wrong token: refused, as it must be)`);
  else {
    lines.push(`  ${forged ?? '---'}  POST ${url}  (signed with a wrong token)  FAIL`);
    problems.push(
      `${url} answered a request signed with a wrong token with ${forged === null ? 'no answer' : `HTTP ${forged}`}, expected 401 or 403: the signature is not checked. Check the Function uses serverlessHandler, then npm run deploy`,
    );
  }
  return { ok: problems.length === 0, lines, problems };
}

/** The real probe: https *.twil.io only, no redirects, bounded by a timeout; the body is never read. */
export async function webhookPost(url: string, form?: SignedForm, timeoutMs = 15_000): Promise<number> {
  const target = new URL(url);
  if (
    target.protocol !== 'https:' ||
    !/\.twil\.io$/.test(target.hostname) ||
    target.search !== '' ||
    target.username !== '' ||
    target.port !== ''
  ) {
    throw new Error('refusing to probe a non-Functions URL');
  }
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (form) headers['x-twilio-signature'] = form.signature;
  const res = await fetch(target, {
    method: 'POST',
    headers,
    body: form ? new URLSearchParams(form.params).toString() : '',
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.body?.cancel();
  return res.status;
}

/** The unsigned probe (kept for callers of the first version). */
export function unsignedPost(url: string, timeoutMs = 15_000): Promise<number> {
  return webhookPost(url, undefined, timeoutMs);
}
