/**
 * NUM-HTTPS-WEBHOOKS (API map rows 4, 15): the SMS, voice and status-callback URLs that incoming
 * numbers and short codes actually use are https (or unset), judged by the one URL policy
 * (src/core/url-policy.ts). Delegated sides are checked by the rule named in the finding; the
 * number's own settings on them are latent (NUM-LATENT-WEBHOOKS). Not auto-fixable (the endpoint
 * itself must serve HTTPS).
 */
import type { Rule, RuleMeta } from '../../types';
import { MESSAGING_WEBHOOK_MESSAGES, numberWebhookRule } from './webhook-rule';
import { insecureEvidence, insecureFields } from './webhooks';

export const meta: RuleMeta = {
  id: 'NUM-HTTPS-WEBHOOKS',
  title: 'Phone number and short code webhook URLs use HTTPS',
  severity: 'required',
  product: 'numbers',
  source: 'S4 "Encrypted Communication"; S3; API map rows 4, 15',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  mode: 'account',
  remediation:
    'Serve the webhook over HTTPS, then set it in Console: Phone Numbers > Manage > Active numbers > (number), or POST …/IncomingPhoneNumbers/{PN}.json SmsUrl=https://… VoiceUrl=https://… StatusCallback=https://…',
  fixable: false,
  messages: {
    ...MESSAGING_WEBHOOK_MESSAGES,
    webhookUrlNotHttps: 'a webhook URL is not https',
    webhookUrlsUseHttps: 'webhook URLs in use are https or unset',
  },
};

export const rule: Rule = numberWebhookRule(meta, {
  fields: (e) => e.urlFields,
  failure(e, base) {
    const bad = insecureFields(e.record, e.urlFields);
    return bad.length === 0 ? null : { message: 'webhookUrlNotHttps', evidence: { ...base, ...insecureEvidence(e.record, bad) } };
  },
  passReason: 'webhook URLs in use are https or unset',
});
