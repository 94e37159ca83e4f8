/**
 * MSG-SVC-HTTPS-WEBHOOKS (API map rows 4, 9): a Messaging Service's inbound, fallback and status
 * callback URLs are https or null (null inbound means inbound is disabled). When the service defers
 * to each number's webhooks (use_inbound_webhook_on_number), only its status callback is checked
 * here; the numbers' URLs are checked by NUM-HTTPS-WEBHOOKS. Not auto-fixable: moving an http
 * endpoint to https is a change on the customer's server.
 */
import type { Rule, RuleMeta } from '../../types';
import type { ServiceRecord } from './data';
import { MESSAGING_WEBHOOK_MESSAGES, serviceWebhookRule } from './webhook-rule';
import { insecureEvidence, insecureFields, SERVICE_INBOUND_URLS, usesNumberWebhooks } from './webhooks';

export const meta: RuleMeta = {
  id: 'MSG-SVC-HTTPS-WEBHOOKS',
  title: 'Messaging Service webhook URLs use HTTPS',
  severity: 'required',
  product: 'messaging',
  source: 'S4 "Encrypted Communication"; S3 "Set all webhooks to POST" (HTTPS); API map rows 4, 9',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  mode: 'account',
  remediation:
    'Serve the webhook over HTTPS (a certificate from a public CA), then set it in Console: Messaging > Services > (service) > Integration, or POST /v1/Services/{MG} InboundRequestUrl=https://… FallbackUrl=https://… StatusCallback=https://…',
  fixable: false,
  messages: {
    ...MESSAGING_WEBHOOK_MESSAGES,
    webhookUrlsHttpsUnset: 'webhook URLs are https or unset',
    webhookUrlNotHttps: 'a webhook URL is not https',
  },
};

function fieldsOf(s: ServiceRecord): (keyof ServiceRecord & string)[] {
  return usesNumberWebhooks(s) ? ['status_callback'] : [...SERVICE_INBOUND_URLS, 'status_callback'];
}

export const rule: Rule = serviceWebhookRule(meta, {
  judge(s) {
    const bad = insecureFields(s, fieldsOf(s));
    const scope = { use_inbound_webhook_on_number: s.use_inbound_webhook_on_number, inboundDisabled: s.inbound_request_url === null };
    if (bad.length === 0) return { ok: true, resource: s.sid, message: 'webhookUrlsHttpsUnset', evidence: scope };
    return { ok: false, resource: s.sid, message: 'webhookUrlNotHttps', evidence: { ...scope, ...insecureEvidence(s, bad) } };
  },
});
