/**
 * NUM-POST-WEBHOOKS (API map row 15): incoming numbers and short codes call their SMS and voice
 * webhooks (and the call status callback) with POST. Sides a number delegates (TwiML App, SIP
 * trunk, Messaging Service pool) are checked by the rule named in the finding, and the number's own
 * settings on them by NUM-LATENT-WEBHOOKS; a number whose webhooks are all delegated is skipped.
 */
import type { Change, Rule, RuleMeta } from '../../types';
import { paramOf } from './number-data';
import { MESSAGING_WEBHOOK_MESSAGES, numberWebhookRule } from './webhook-rule';

export const meta: RuleMeta = {
  id: 'NUM-POST-WEBHOOKS',
  title: 'Phone numbers and short codes call their webhooks with POST',
  severity: 'required',
  product: 'numbers',
  source: 'S3 "Set all webhooks to POST"; S4; API map row 15',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)'],
  mode: 'account',
  remediation:
    'Console: Phone Numbers > Manage > Active numbers > (number): set every webhook to HTTP POST, or POST …/IncomingPhoneNumbers/{PN}.json SmsMethod=POST SmsFallbackMethod=POST VoiceMethod=POST VoiceFallbackMethod=POST StatusCallbackMethod=POST (short codes: POST …/SMS/ShortCodes/{SC}.json SmsMethod=POST SmsFallbackMethod=POST).',
  fixable: true,
  messages: {
    ...MESSAGING_WEBHOOK_MESSAGES,
    webhookMethodNotPost: 'a webhook method is not POST',
    webhookMethodsUsePost: 'webhook methods in use are POST',
  },
};

export const rule: Rule = numberWebhookRule(meta, {
  fields: (e) => e.methodFields,
  failure(e, base) {
    const bad = e.methodFields.filter((f) => e.record[f] !== 'POST');
    if (bad.length === 0) return null;
    const changes: Change[] = bad.map((field) => ({ field, before: (e.record[field] as string | null) ?? null, after: 'POST' }));
    const data = Object.fromEntries(bad.map((f) => [paramOf(f), 'POST']));
    return {
      message: 'webhookMethodNotPost',
      evidence: { ...base, notPost: bad.join(',') },
      fix: { resource: e.sid, changes, apply: async (api) => void (await api.post(e.itemUrl, data)) },
    };
  },
  passReason: 'webhook methods in use are POST',
});
