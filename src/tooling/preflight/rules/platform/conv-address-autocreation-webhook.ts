/**
 * CONV-ADDRESS-AUTOCREATION-WEBHOOK (API map rows 4, 27): an address whose auto-creation calls a
 * webhook (`auto_creation.type` webhook) sends it over https with method post (the API returns
 * `post`/`POST`, compared case-insensitively). Studio or disabled auto-creation needs no webhook.
 */
import { perResource, type FindingInput } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { hostOf, isHttps, isPost, obj } from './platform-util';
import { conversationAddresses } from './conversations-data';

export const meta: RuleMeta = {
  id: 'CONV-ADDRESS-AUTOCREATION-WEBHOOK',
  title: 'Conversations address auto-creation webhooks use POST over HTTPS',
  severity: 'required',
  product: 'conversations',
  source: 'S4 "Encrypted Communication"; S3 "Set all webhooks to POST"; API map row 27',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)'],
  mode: 'account',
  remediation: 'POST /v1/Configuration/Addresses/{IG} with AutoCreation.WebhookUrl=https://… and AutoCreation.WebhookMethod=POST.',
  fixable: false,
  messages: {
    autoCreationCallsWebhook: 'auto-creation calls no webhook',
    postOverHttps: 'POST over https',
    webhookMethodNotPost: 'webhook_method is not POST',
    webhookUrlNotHttps: 'webhook_url is not https',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const addresses = await conversationAddresses(ctx);
    return perResource(
      meta,
      ctx,
      addresses,
      (a): FindingInput & { ok: boolean } => {
        const auto = obj(a.auto_creation) ?? {};
        const resource = String(a.sid);
        const usesWebhook = auto.enabled === true && typeof auto.type === 'string' && auto.type.toLowerCase() === 'webhook';
        if (!usesWebhook) return { ok: true, resource, message: 'autoCreationCallsWebhook', evidence: { webhook: false } };
        const https = isHttps(auto.webhook_url);
        const post = isPost(auto.webhook_method);
        const ok = https && post;
        const reason = ok
          ? 'POST over https'
          : [post ? '' : 'webhook_method is not POST', https ? '' : 'webhook_url is not https'].filter(Boolean).join('; ');
        return { ok, resource, reason, evidence: { webhook: true, post, https, host: hostOf(auto.webhook_url) } };
      },
      'no Conversations addresses',
    );
  },
};
