/**
 * URL helpers for Twilio→customer URL fields (API map rows 4 and 6), over the one URL policy
 * (src/runtime/core/url-policy.ts, WEBHOOK_POLICY: https to a real host; Twilio HTTP auth credentials in
 * the URL allowed, https://www.twilio.com/docs/usage/security#http-authentication). Only the host
 * of a URL is ever reported: userinfo (Basic auth credentials), paths and query strings never leave here.
 */
import {
  FUNCTIONS_HOSTS,
  hostAllowed,
  hostOf,
  isUnset,
  judgeUrl,
  parseUrl as parseWithPolicy,
  WEBHOOK_POLICY,
} from '../../../../runtime/core/url-policy';
import type { Change, Evidence } from '../../types';
import type { WireRecord } from './voice-data';

/** null, undefined or blank: the one definition of an unset URL field. */

/** The reasons of a webhook review (voice/webhook-rule.ts spreads these into each rule's messages). */
export const VOICE_WEBHOOK_MESSAGES = {
  notHttpsNotPost: 'a webhook URL is not https and a webhook method is not POST',
  notHttps: 'a webhook URL is not https',
  notPost: 'a webhook method is not POST',
  ok: 'webhook URLs use https and POST',
} as const;

export { isUnset };

export interface ParsedUrl {
  /** The URL passes the webhook policy: https with a real host. */
  https: boolean;
  /** Canonical host (lower-case, punycode, no trailing dot), or `unparseable`. */
  host: string;
  /** The URL carries userinfo (`https://user:pass@host`), i.e. HTTP Basic/Digest credentials. */
  userinfo: boolean;
}

export function parseUrl(value: unknown): ParsedUrl {
  const parsed = parseWithPolicy(value);
  return { https: judgeUrl(value, WEBHOOK_POLICY).ok, host: hostOf(value) ?? 'unparseable', userinfo: parsed.ok && parsed.url.userinfo };
}

/** Hosts that serve Twilio Functions: Basic auth does not apply there, Runtime validates the signature (rows 5, 20). */
export function twilioHosted(host: string): boolean {
  return hostAllowed(host, FUNCTIONS_HOSTS);
}

/** A URL field with its method field and the form parameter that sets the method. */
export interface WebhookField {
  url: string;
  method?: string;
  methodParam?: string;
}

export interface WebhookReview {
  ok: boolean;
  reason: string;
  evidence: Evidence;
  /** Method changes to POST (the only part that is auto-fixable). */
  changes: Change[];
  params: Record<string, string>;
}

/** Every set URL (see isUnset) must pass the webhook policy; the method of every set URL must be POST (null fails closed). */
export function reviewWebhooks(record: WireRecord, fields: readonly WebhookField[]): WebhookReview {
  const insecure: string[] = [];
  const hosts = new Set<string>();
  const changes: Change[] = [];
  const params: Record<string, string> = {};
  for (const f of fields) {
    const url = record[f.url];
    if (isUnset(url)) continue;
    const parsed = parseUrl(url);
    if (!parsed.https) {
      insecure.push(f.url);
      hosts.add(parsed.host);
    }
    if (f.method && f.methodParam) {
      const method = record[f.method];
      if (method !== 'POST') {
        changes.push({ field: f.method, before: typeof method === 'string' ? method : null, after: 'POST' });
        params[f.methodParam] = 'POST';
      }
    }
  }
  const evidence: Evidence = {};
  if (insecure.length > 0) {
    evidence.insecureFields = insecure.join(',');
    evidence.insecureHosts = [...hosts].join(',');
  }
  if (changes.length > 0) evidence.nonPostFields = changes.map((c) => c.field).join(',');
  const reason =
    insecure.length > 0 && changes.length > 0
      ? VOICE_WEBHOOK_MESSAGES.notHttpsNotPost
      : insecure.length > 0
        ? VOICE_WEBHOOK_MESSAGES.notHttps
        : changes.length > 0
          ? VOICE_WEBHOOK_MESSAGES.notPost
          : VOICE_WEBHOOK_MESSAGES.ok;
  return { ok: insecure.length === 0 && changes.length === 0, reason, evidence, changes, params };
}

export const TRUNK_FIELDS: readonly WebhookField[] = [
  { url: 'disaster_recovery_url', method: 'disaster_recovery_method', methodParam: 'DisasterRecoveryMethod' },
];

export const SIP_DOMAIN_FIELDS: readonly WebhookField[] = [
  { url: 'voice_url', method: 'voice_method', methodParam: 'VoiceMethod' },
  { url: 'voice_fallback_url', method: 'voice_fallback_method', methodParam: 'VoiceFallbackMethod' },
  { url: 'voice_status_callback_url', method: 'voice_status_callback_method', methodParam: 'VoiceStatusCallbackMethod' },
];

export const APPLICATION_FIELDS: readonly WebhookField[] = [
  { url: 'voice_url', method: 'voice_method', methodParam: 'VoiceMethod' },
  { url: 'voice_fallback_url', method: 'voice_fallback_method', methodParam: 'VoiceFallbackMethod' },
  { url: 'sms_url', method: 'sms_method', methodParam: 'SmsMethod' },
  { url: 'sms_fallback_url', method: 'sms_fallback_method', methodParam: 'SmsFallbackMethod' },
  { url: 'status_callback', method: 'status_callback_method', methodParam: 'StatusCallbackMethod' },
  { url: 'sms_status_callback' },
  { url: 'message_status_callback' },
];
