/**
 * Webhook helpers shared by the Messaging Service and number rules: which URL fields are insecure,
 * which methods are not POST, and which sides of a number (SMS, voice) its own webhooks govern.
 * Only field names, schemes and hosts leave these helpers, never a URL (it may carry credentials).
 */
import type { Evidence } from '../../types';
import type { NumberRecord, PooledNumberRecord, ServiceRecord } from './data';

/** Twilio returns unset v2010 URLs as null or "". */
export function isSet(url: string | null | undefined): url is string {
  return typeof url === 'string' && url.trim() !== '';
}

/** True when the URL is unset or https. Unparseable URLs are insecure (fail closed). */
export function httpsOrUnset(url: string | null | undefined): boolean {
  if (!isSet(url)) return true;
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The host of a URL (no userinfo, path or query), or null. */
export function hostOf(url: string | null | undefined): string | null {
  if (!isSet(url)) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

/** Studio's webhook: https://webhooks.twilio.com/v1/Accounts/AC…/Flows/FW… (Message Redaction does not work with Studio). */
export function isStudioWebhook(url: string | null | undefined): boolean {
  if (!isSet(url)) return false;
  try {
    const u = new URL(url);
    return u.hostname === 'webhooks.twilio.com' && /^\/v1\/Accounts\/AC[0-9a-fA-F]{32}\/Flows\/FW[0-9a-fA-F]{32}/.test(u.pathname);
  } catch {
    return false;
  }
}

/** Field names among `fields` whose URL is http (or unparseable). */
export function insecureFields<T extends object>(record: T, fields: readonly (keyof T & string)[]): string[] {
  return fields.filter((f) => !httpsOrUnset(record[f] as string | null));
}

/** Evidence for insecure URL fields: the field names and their hosts. */
export function insecureEvidence<T extends object>(record: T, bad: readonly string[]): Evidence {
  const evidence: Evidence = { insecureFields: bad.join(',') };
  for (const f of bad) evidence[`${f}_host`] = hostOf(record[f as keyof T] as string | null);
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

export interface NumberRouting {
  /** The number's own SMS webhooks are in use. */
  sms: boolean;
  /** The number's own voice webhooks (and call status callback) are in use. */
  voice: boolean;
  /** Why a side is not checked here, naming the rule that checks it instead. */
  delegated: string[];
}

/**
 * Which of a number's webhooks actually apply. A TwiML App (sms/voice_application_sid) replaces the
 * number's URLs (checked by the TwiML App rule, API map row 19); an Elastic SIP trunk takes its
 * voice (row 17); a Messaging Service sender pool takes its SMS unless the service defers to the
 * number (use_inbound_webhook_on_number, row 9).
 */
export function routingOf(n: NumberRecord, pool: ReadonlyMap<string, ServiceRecord>): NumberRouting {
  const delegated: string[] = [];
  let sms = true;
  let voice = true;
  if (isSet(n.sms_application_sid)) {
    sms = false;
    delegated.push('SMS webhooks come from a TwiML App: checked by the TwiML App rule (API map row 19)');
  } else {
    const service = pool.get(n.sid);
    if (service && !usesNumberWebhooks(service)) {
      sms = false;
      delegated.push('SMS webhooks come from its Messaging Service: checked by MSG-SVC-POST-WEBHOOKS / MSG-SVC-HTTPS-WEBHOOKS (API map row 9)');
    }
  }
  if (isSet(n.voice_application_sid)) {
    voice = false;
    delegated.push('voice webhooks come from a TwiML App: checked by the TwiML App rule (API map row 19)');
  } else if (isSet(n.trunk_sid)) {
    voice = false;
    delegated.push('voice is routed to an Elastic SIP trunk: checked by the trunking rule (API map row 17)');
  }
  return { sms, voice, delegated };
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
