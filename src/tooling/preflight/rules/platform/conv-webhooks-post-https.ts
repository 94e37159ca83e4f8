/**
 * CONV-WEBHOOKS-POST-HTTPS (API map rows 4, 27): the account-level Conversations webhook
 * configuration and each Conversations Service's webhook configuration use `method` POST and https
 * pre/post webhook URLs. Fixable (reversible): POST …/Configuration/Webhooks Method=POST.
 * An https URL cannot be invented, so a plain-http URL stays a manual fix.
 */
import { HOSTS, type TwilioApi } from '../../api/twilio-api';
import { finding } from '../../findings';
import type { Finding, Rule, RuleContext, RuleMeta } from '../../types';
import { accountOf, hostOf, httpsOrUnset, isPost, obj, str, type Rec } from './platform-util';

export const meta: RuleMeta = {
  id: 'CONV-WEBHOOKS-POST-HTTPS',
  title: 'Conversations webhooks use POST over HTTPS',
  severity: 'required',
  product: 'conversations',
  source: 'S4 "Encrypted Communication"; S3 "Set all webhooks to POST"; API map row 27',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)'],
  mode: 'account',
  remediation:
    'POST /v1/Configuration/Webhooks (and /v1/Services/{IS}/Configuration/Webhooks) with Method=POST and https:// PreWebhookUrl/PostWebhookUrl.',
  fixable: true,
  messages: {
    noWebhookUrlConfigured: 'no webhook URL configured',
    postOverHttps: 'POST over https',
    methodNotPost: 'method is not POST',
    webhookUrlNotHttps: 'a webhook URL is not https',
  },
};

function judge(ctx: RuleContext, resource: string, url: string, config: Rec): Finding {
  const pre = config.pre_webhook_url;
  const post = config.post_webhook_url;
  const hasWebhook = Boolean(str(pre)) || Boolean(str(post));
  const methodOk = isPost(config.method);
  const httpsOk = httpsOrUnset(pre) && httpsOrUnset(post);
  const evidence = { post: methodOk, https: httpsOk, preHost: hostOf(pre), postHost: hostOf(post) };
  if (!hasWebhook) return finding(meta, ctx, 'pass', { resource, message: 'noWebhookUrlConfigured', evidence });
  if (methodOk && httpsOk) return finding(meta, ctx, 'pass', { resource, message: 'postOverHttps', evidence });
  const reason = [methodOk ? '' : 'method is not POST', httpsOk ? '' : 'a webhook URL is not https'].filter(Boolean).join('; ');
  const fix = methodOk
    ? undefined
    : {
        resource,
        changes: [{ field: 'method', before: str(config.method), after: 'POST' }],
        apply: async (api: TwilioApi) => {
          await api.post(url, { Method: 'POST' });
        },
      };
  return finding(meta, ctx, 'fail', { resource, reason, evidence, ...(fix ? { fix } : {}) });
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { api, sid } = accountOf(ctx);
    const accountUrl = `${HOSTS.conversations}/v1/Configuration/Webhooks`;
    const [accountConfig, services] = await Promise.all([
      api.get(accountUrl),
      api.all(`${HOSTS.conversations}/v1/Services`, 'services', { PageSize: 100 }),
    ]);
    const out = [judge(ctx, sid, accountUrl, obj(accountConfig) ?? {})];
    const perService = await Promise.all(
      services.map(async (s) => {
        const url = `${HOSTS.conversations}/v1/Services/${String(s.sid)}/Configuration/Webhooks`;
        return judge(ctx, String(s.sid), url, obj(await api.get(url)) ?? {});
      }),
    );
    return [...out, ...perService];
  },
};
