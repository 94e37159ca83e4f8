/**
 * What to wire after a deploy: the checklist of exact fields and URLs (https, POST, no query
 * string) for the Functions in this build, and with --wire a plan for the Messaging Service
 * MESSAGING_SERVICE_SID and its numbers (or --number PN…) shown as `field: before -> after`,
 * applied only after confirmation (--yes, or y at a terminal prompt), as the preflight's --fix
 * does, then read back. Numbers are shown masked; a previous URL only as scheme, host and path
 * (user info and query string dropped: they may carry credentials).
 */
import type { Twilio } from 'twilio';
import { maskNumber } from '../../runtime/core/mask';
import type { Change } from '../preflight/types';
import type { Resource } from './gated-build';

export const SMS_PATH = '/sms/inbound';
export const VOICE_PATH = '/voice/inbound';

export interface WirePlan {
  /** e.g. `Messaging Service MG…` or `Number PN… (+1******0101)`. */
  resource: string;
  changes: Change[];
  apply(): Promise<void>;
  /** Reads the resource back: the fields that still differ from the plan's `after`. */
  check(): Promise<string[]>;
}

const has = (functions: readonly Resource[], path: string): boolean => functions.some((f) => f.path === path && f.access === 'protected');

/** The checklist printed after every successful deploy. */
export function wiringChecklist(domain: string, functions: readonly Resource[], messagingServiceSid: string | undefined): string[] {
  const url = (p: string): string => `https://${domain}${p}`;
  const mg = messagingServiceSid ?? 'MESSAGING_SERVICE_SID (not set in the deploy env file)';
  const lines = ['Set these (HTTP POST, https, no query string):'];
  if (has(functions, SMS_PATH)) {
    lines.push(
      `  Messaging Service ${mg} > Integration > Incoming messages: send a webhook`,
      `      inbound_request_url = ${url(SMS_PATH)}   inbound_method = POST`,
      `      fallback_url        = ${url(SMS_PATH)}   fallback_method = POST`,
    );
  }
  if (has(functions, VOICE_PATH))
    lines.push(`  Each number of that service > Voice > A call comes in`, `      voice_url = ${url(VOICE_PATH)}   voice_method = POST`);
  if (has(functions, '/reminders/send'))
    lines.push(`  Your scheduling system: POST ${url('/reminders/send')} (signed like a Twilio webhook)`);
  if (has(functions, '/events/flush')) lines.push(`  A scheduler (optional): POST ${url('/events/flush')} every few minutes (signed)`);
  if (has(functions, '/verify/start'))
    lines.push(`  Patient portal backend: POST ${url('/verify/start')} and ${url('/verify/check')} (signed)`);
  if (has(functions, '/sms/status')) lines.push(`  Delivery status: ${url('/sms/status')} is set on each reminder; nothing to configure`);
  if (has(functions, '/optout/guard')) lines.push('  Studio flows: npm run -s flows -- render (or deploy) fills in these Functions');
  lines.push('  (npm run deploy -- --wire sets the Messaging Service and number fields through the API)');
  return lines;
}

/** A previous URL for display: scheme, host and path only. */
export function displayUrl(value: string | null | undefined): string {
  if (value === null || value === undefined || value.trim() === '') return '(unset)';
  try {
    const u = new URL(value);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(not a URL)';
  }
}

function changes(current: Record<string, string | null>, wanted: Record<string, string>): Change[] {
  return Object.entries(wanted)
    .filter(([field, after]) => (current[field] ?? null) !== after)
    .map(([field, after]) => ({
      field,
      before: field.endsWith('url') ? displayUrl(current[field]) : (current[field] ?? '(unset)'),
      after,
    }));
}

const camel = (field: string): string => field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
const params = (cs: readonly Change[]): Record<string, string> => Object.fromEntries(cs.map((c) => [camel(c.field), String(c.after)]));

export interface WireTarget {
  client: Twilio;
  accountSid: string;
  domain: string;
  functions: readonly Resource[];
  messagingServiceSid: string;
  /** --number PN…; empty: the Messaging Service's numbers. */
  numbers: readonly string[];
}

/** Plans the changes (only fields that differ); resources already wired get no plan. */
export async function planWiring(t: WireTarget): Promise<WirePlan[]> {
  const plans: WirePlan[] = [];
  const smsUrl = `https://${t.domain}${SMS_PATH}`;
  const voiceUrl = `https://${t.domain}${VOICE_PATH}`;
  const svc = t.client.messaging.v1.services(t.messagingServiceSid);
  const service = await svc.fetch();
  const read = (s: typeof service): Record<string, string | null> => ({
    inbound_request_url: s.inboundRequestUrl,
    inbound_method: s.inboundMethod,
    fallback_url: s.fallbackUrl,
    fallback_method: s.fallbackMethod,
  });
  const wantService = { inbound_request_url: smsUrl, inbound_method: 'POST', fallback_url: smsUrl, fallback_method: 'POST' };
  const serviceChanges = has(t.functions, SMS_PATH) ? changes(read(service), wantService) : [];
  if (serviceChanges.length > 0) {
    plans.push({
      resource: `Messaging Service ${t.messagingServiceSid}`,
      changes: serviceChanges,
      apply: async () => void (await svc.update(params(serviceChanges))),
      check: async () => changes(read(await svc.fetch()), wantService).map((c) => c.field),
    });
  }
  const pns = t.numbers.length > 0 ? [...t.numbers] : (await svc.phoneNumbers.list()).map((n) => n.sid);
  const perNumber: Record<string, string> = {
    ...(has(t.functions, VOICE_PATH) ? { voice_url: voiceUrl, voice_method: 'POST' } : {}),
    // The service defers incoming messages to each number's own webhooks.
    ...(service.useInboundWebhookOnNumber && has(t.functions, SMS_PATH)
      ? { sms_url: smsUrl, sms_method: 'POST', sms_fallback_url: smsUrl, sms_fallback_method: 'POST' }
      : {}),
  };
  for (const pn of pns) {
    const ctx = t.client.api.v2010.accounts(t.accountSid).incomingPhoneNumbers(pn);
    const n = await ctx.fetch();
    const readNumber = (r: typeof n): Record<string, string | null> => ({
      voice_url: r.voiceUrl,
      voice_method: r.voiceMethod,
      sms_url: r.smsUrl,
      sms_method: r.smsMethod,
      sms_fallback_url: r.smsFallbackUrl,
      sms_fallback_method: r.smsFallbackMethod,
    });
    const numberChanges = changes(readNumber(n), perNumber);
    if (numberChanges.length === 0) continue;
    plans.push({
      resource: `Number ${pn} (${maskNumber(n.phoneNumber)})`,
      changes: numberChanges,
      apply: async () => void (await ctx.update(params(numberChanges))),
      check: async () => changes(readNumber(await ctx.fetch()), perNumber).map((c) => c.field),
    });
  }
  return plans;
}

export function describePlans(plans: readonly WirePlan[]): string {
  return plans
    .flatMap((p) => [p.resource, ...p.changes.map((c) => `    ${c.field}: ${String(c.before)} -> ${String(c.after)}`)])
    .join('\n');
}

export interface WireOutcome {
  applied: number;
  failed: string[];
}

/** Applies each plan, then reads it back; a plan that throws or does not stick is reported by resource. */
export async function applyPlans(plans: readonly WirePlan[]): Promise<WireOutcome> {
  const failed: string[] = [];
  let applied = 0;
  for (const p of plans) {
    try {
      await p.apply();
      const left = await p.check();
      if (left.length > 0) failed.push(`${p.resource}: ${left.join(', ')} did not change`);
      else applied += 1;
    } catch (err) {
      const e = err as { status?: unknown; code?: unknown };
      failed.push(
        `${p.resource}: the update failed (${typeof e?.status === 'number' ? `HTTP ${e.status}` : 'no answer'}${typeof e?.code === 'number' ? `, error ${e.code}` : ''})`,
      );
    }
  }
  return { applied, failed };
}
