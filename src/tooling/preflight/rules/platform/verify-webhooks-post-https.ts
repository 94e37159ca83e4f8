/**
 * VERIFY-WEBHOOKS-POST-HTTPS (API map rows 4, 26): every Verify webhook uses POST over https.
 * `webhook_method` is not an update parameter of the Webhook resource, so a GET webhook has to be
 * recreated (not auto-fixable).
 */
import { HOSTS } from '../../api/twilio-api';
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { accountOf, hostOf, isHttps, isPost } from './platform-util';
import { verifyServices } from './verify-data';

export const meta: RuleMeta = {
  id: 'VERIFY-WEBHOOKS-POST-HTTPS',
  title: 'Verify webhooks use POST over HTTPS',
  severity: 'required',
  product: 'verify',
  source: 'S4 "Encrypted Communication"; S3 "Set all webhooks to POST"; API map row 26',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)'],
  mode: 'account',
  remediation:
    'Delete the webhook (DELETE /v2/Services/{VA}/Webhooks/{YW}) and create it again with an https:// WebhookUrl; Verify webhooks are sent with POST.',
  fixable: false,
  messages: {
    postOverHttps: 'POST over https',
    webhookMethodNotPost: 'webhook_method is not POST',
    webhookUrlNotHttps: 'webhook_url is not https',
    noVerifyWebhooks: 'no Verify webhooks',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { api } = accountOf(ctx);
    const services = await verifyServices(ctx);
    const lists = await Promise.all(services.map((s) => api.all(`${HOSTS.verify}/v2/Services/${String(s.sid)}/Webhooks`, 'webhooks')));
    const out: Finding[] = lists.flat().map((w) => {
      const https = isHttps(w.webhook_url);
      const post = isPost(w.webhook_method);
      const ok = https && post;
      const reason = ok
        ? 'POST over https'
        : [post ? '' : 'webhook_method is not POST', https ? '' : 'webhook_url is not https'].filter(Boolean).join('; ');
      return finding(meta, ctx, ok ? 'pass' : 'fail', {
        resource: String(w.sid),
        reason,
        evidence: { service: String(w.service_sid), post, https, host: hostOf(w.webhook_url) },
      });
    });
    return out.length > 0 ? out : [finding(meta, ctx, 'pass', { message: 'noVerifyWebhooks' })];
  },
};
