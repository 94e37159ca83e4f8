/**
 * Webhook helpers shared by the Messaging Service and number rules: which URL fields are insecure,
 * which methods are not POST, and which sides of a number (SMS, voice) its own webhooks govern.
 * Only field names, schemes and hosts leave these helpers, never a URL (it may carry credentials).
 */
import { hostOf, isUnset, judgeUrl, okOrUnset, WEBHOOK_POLICY } from '../../../../core/url-policy';
import type { Evidence } from '../../types';
import type { NumberRecord, PooledNumberRecord, ServiceRecord } from './data';

/** Twilio returns unset v2010 URLs as null or "" (whitespace-only counts as unset too). */
export function isSet(url: string | null | undefined): url is string {
  return !isUnset(url);
}

/** True when the URL is unset or an https URL with a real host (the shared URL policy, src/core/url-policy.ts). */
export function httpsOrUnset(url: string | null | undefined): boolean {
  return okOrUnset(url, WEBHOOK_POLICY);
}

/** Studio's webhook: https://webhooks.twilio.com/v1/Accounts/AC…/Flows/FW… (Message Redaction does not work with Studio). */
export function isStudioWebhook(url: string | null | undefined): boolean {
  const v = judgeUrl(url, { ...WEBHOOK_POLICY, allowHosts: ['webhooks.twilio.com'] });
  return v.ok && v.url !== null && /^\/v1\/Accounts\/AC[0-9a-fA-F]{32}\/Flows\/FW[0-9a-fA-F]{32}/.test(v.url.path);
}

/** Field names among `fields` whose URL is http (or unparseable). */
export function insecureFields<T extends object>(record: T, fields: readonly (keyof T & string)[]): string[] {
  return fields.filter((f) => !httpsOrUnset(record[f] as string | null));
}

/** Evidence for insecure URL fields: the field names, their hosts and the policy's problem code (never the URL). */
export function insecureEvidence<T extends object>(record: T, bad: readonly string[]): Evidence {
  const evidence: Evidence = { insecureFields: bad.join(',') };
  for (const f of bad) {
    const value = record[f as keyof T];
    evidence[`${f}_host`] = hostOf(value);
    evidence[`${f}_problem`] = judgeUrl(value, WEBHOOK_POLICY).problem;
  }
  return evidence;
}

/** Messaging Service fields that carry inbound webhooks (overridden by the number when use_inbound_webhook_on_number). */
export const SERVICE_INBOUND_URLS = ['inbound_request_url', 'fallback_url'] as const;

/** A service whose inbound webhooks are replaced by each number's own (row 9 → row 15). */
export function usesNumberWebhooks(service: ServiceRecord): boolean {
  return service.use_inbound_webhook_on_number === true;
}

export const SMS_URLS = ['sms_url', 'sms_fallback_url'] as const;
export const SMS_METHODS = ['sms_method', 'sms_fallback_method'] as const;
export const VOICE_URLS = ['voice_url', 'voice_fallback_url', 'status_callback'] as const;
export const VOICE_METHODS = ['voice_method', 'voice_fallback_method', 'status_callback_method'] as const;

/** What holds one side of a number while the number's own settings for that side lie unused. */
export type Holder = 'messaging-service' | 'twiml-app' | 'sip-trunk';

export interface LatentSide {
  side: 'sms' | 'voice';
  holder: Holder;
  /** MG, AP or TK SID of the holder (null when not SID-shaped). */
  holderSid: string | null;
}

export interface NumberRouting {
  /** The number's own SMS webhooks are in use. */
  sms: boolean;
  /** The number's own voice webhooks (and call status callback) are in use. */
  voice: boolean;
  /** Why a side is not checked here, naming the rule that checks it instead. */
  delegated: string[];
  /** The sides whose own settings are latent: unused today, live the day the holder lets go. */
  latent: LatentSide[];
}

const sidLike = (value: string | null | undefined, prefix: string): string | null =>
  typeof value === 'string' && new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value) ? value : null;

/**
 * Which of a number's webhooks actually apply (IncomingPhoneNumber resource,
 * https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource): with an
 * `sms_application_sid` "we ignore all sms_*_url values and use those of the application"; with a
 * `voice_application_sid` or `trunk_sid`, "we ignore all of the voice urls" (TwiML App rule, API
 * map row 19; trunking rule, row 17). A Messaging Service sender pool takes the number's SMS unless
 * the service's `use_inbound_webhook_on_number` is true: then "the webhook url defined on the phone
 * number will override the inbound_request_url/fallback_url" (Services resource,
 * https://www.twilio.com/docs/messaging/services/api; row 9), so the number's SMS webhooks are live.
 * A null `use_inbound_webhook_on_number` is unknown, and unknown is not delegation: the number's
 * SMS webhooks are judged as live (the service's own are judged too, by the service rules).
 * A delegated side's own settings are latent (NUM-LATENT-WEBHOOKS).
 */
/** Why a side of a number is checked elsewhere (an endpoint's `delegated` reasons). */
export const DELEGATION_MESSAGES = {
  smsFromApp: 'SMS webhooks come from a TwiML App: checked by the TwiML App rule (API map row 19)',
  smsFromService: 'SMS webhooks come from its Messaging Service: checked by MSG-SVC-POST-WEBHOOKS / MSG-SVC-HTTPS-WEBHOOKS (API map row 9)',
  voiceFromApp: 'voice webhooks come from a TwiML App: checked by the TwiML App rule (API map row 19)',
  voiceToTrunk: 'voice is routed to an Elastic SIP trunk: checked by the trunking rule (API map row 17)',
} as const;

export function routingOf(n: NumberRecord, pool: ReadonlyMap<string, ServiceRecord>): NumberRouting {
  const delegated: string[] = [];
  const latent: LatentSide[] = [];
  let sms = true;
  let voice = true;
  if (isSet(n.sms_application_sid)) {
    sms = false;
    delegated.push(DELEGATION_MESSAGES.smsFromApp);
    latent.push({ side: 'sms', holder: 'twiml-app', holderSid: sidLike(n.sms_application_sid, 'AP') });
  } else {
    const service = pool.get(n.sid);
    if (service && service.use_inbound_webhook_on_number === false) {
      sms = false;
      delegated.push(DELEGATION_MESSAGES.smsFromService);
      latent.push({ side: 'sms', holder: 'messaging-service', holderSid: sidLike(service.sid, 'MG') });
    }
  }
  if (isSet(n.voice_application_sid)) {
    voice = false;
    delegated.push(DELEGATION_MESSAGES.voiceFromApp);
    latent.push({ side: 'voice', holder: 'twiml-app', holderSid: sidLike(n.voice_application_sid, 'AP') });
  } else if (isSet(n.trunk_sid)) {
    voice = false;
    delegated.push(DELEGATION_MESSAGES.voiceToTrunk);
    latent.push({ side: 'voice', holder: 'sip-trunk', holderSid: sidLike(n.trunk_sid, 'TK') });
  }
  return { sms, voice, delegated, latent };
}

/** PN sid → the Messaging Service whose sender pool holds it. */
export function poolIndex(services: readonly ServiceRecord[], pooled: readonly PooledNumberRecord[]): Map<string, ServiceRecord> {
  const bySid = new Map(services.map((s) => [s.sid, s]));
  const out = new Map<string, ServiceRecord>();
  for (const p of pooled) {
    const service = p.service_sid ? bySid.get(p.service_sid) : undefined;
    if (service) out.set(p.sid, service);
  }
  return out;
}
