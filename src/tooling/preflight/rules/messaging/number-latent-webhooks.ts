/**
 * NUM-LATENT-WEBHOOKS (API map rows 9, 15, 17, 19; issue 11 item 7): a number whose SMS side is
 * held by a Messaging Service sender pool (`use_inbound_webhook_on_number` false), or whose SMS or
 * voice side is held by a TwiML App or SIP trunk, keeps its own webhook settings. Twilio ignores
 * them while the holder is there (see routingOf in webhooks.ts), so NUM-POST-WEBHOOKS and
 * NUM-HTTPS-WEBHOOKS skip them; but the day the number leaves the pool (or the App or trunk is
 * removed) a `sms_method=GET` or an http `sms_url` goes live without any change to the number.
 * Such latent settings warn here, naming the fields and the number by PN SID (masked in evidence).
 * A number whose service defers to it (`use_inbound_webhook_on_number` true, or unknown) has no
 * latent SMS side: its webhooks are live and judged by the NUM- rules. Latent methods are fixable
 * (POST is reversible and changes nothing while the holder is there); URLs need the customer's server.
 */
import { finding } from '../../findings';
import type { Change, Evidence, Finding, Rule, RuleContext, RuleMeta } from '../../types';
import { numberEndpoints, paramOf, type Endpoint } from './number-data';
import { insecureEvidence, insecureFields, type Holder } from './webhooks';

export const meta: RuleMeta = {
  id: 'NUM-LATENT-WEBHOOKS',
  title: 'Numbers held by a Messaging Service, TwiML App or SIP trunk keep no unsafe webhook settings of their own',
  severity: 'recommended',
  product: 'numbers',
  source: 'S3 "Set all webhooks to POST"; S4 "Encrypted Communication"; API map rows 9, 15, 17, 19; issue 11 item 7',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)'],
  mode: 'account',
  remediation:
    "Fix it now: it goes live the day the number leaves the pool (or its TwiML App or SIP trunk is removed). Set the number's own methods to POST and its URLs to https (or clear them): Console: Phone Numbers > Manage > Active numbers > (number), or POST …/IncomingPhoneNumbers/{PN}.json SmsMethod=POST SmsFallbackMethod=POST SmsUrl=https://… (voice: VoiceMethod=POST VoiceFallbackMethod=POST StatusCallbackMethod=POST VoiceUrl=https://…).",
  fixable: true,
  messages: {
    dayNumberLeavesMessaging: 'the day the number leaves its Messaging Service pool',
    dayTwimlAppRemoved: 'the day its TwiML App is removed',
    daySipTrunkRemoved: 'the day its SIP trunk is removed',
    numberSOwnSettings: "the number's own settings on its held sides are POST and https or unset",
    notPost: '{{field}} is not POST',
    notHttps: '{{field}} is not https',
    latentUnusedTodayLive: 'latent: {{problems}}; unused today, live {{when}}',
    noNumberHasSideHeld: 'no number has a side held by a Messaging Service, TwiML App or SIP trunk',
  },
};

const HELD_BY: Readonly<Record<Holder, string>> = {
  'messaging-service': 'the day the number leaves its Messaging Service pool',
  'twiml-app': 'the day its TwiML App is removed',
  'sip-trunk': 'the day its SIP trunk is removed',
};

function judge(ctx: RuleContext, e: Endpoint): Finding {
  const insecure = insecureFields(e.record, e.latentUrlFields);
  const notPost = e.latentMethodFields.filter((f) => e.record[f] !== 'POST');
  const evidence: Evidence = {
    number: e.masked,
    heldBy: e.latent.map((l) => `${l.side}:${l.holder}`).join(','),
    holders: e.latent.map((l) => l.holderSid ?? 'unknown').join(','),
  };
  if (insecure.length === 0 && notPost.length === 0) {
    return finding(meta, ctx, 'pass', { resource: e.sid, message: 'numberSOwnSettings', evidence });
  }
  const problems = [...notPost.map((f) => `${f} is not POST`), ...insecure.map((f) => `${f} is not https`)];
  const when = [...new Set(e.latent.map((l) => HELD_BY[l.holder]))].join(' or ');
  const changes: Change[] = notPost.map((field) => ({ field, before: (e.record[field] as string | null) ?? null, after: 'POST' }));
  const data = Object.fromEntries(notPost.map((f) => [paramOf(f), 'POST']));
  return finding(meta, ctx, 'fail', {
    resource: e.sid,
    reason: `latent: ${problems.join(', ')}; unused today, live ${when}`,
    evidence: {
      ...evidence,
      latentFields: [...notPost, ...insecure].join(','),
      ...(notPost.length > 0 ? { notPost: notPost.join(',') } : {}),
      ...(insecure.length > 0 ? insecureEvidence(e.record, insecure) : {}),
    },
    ...(changes.length > 0 ? { fix: { resource: e.sid, changes, apply: async (api) => void (await api.post(e.itemUrl, data)) } } : {}),
  });
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const held = (await numberEndpoints(ctx)).filter((e) => e.latent.length > 0);
    if (held.length === 0) return [finding(meta, ctx, 'pass', { message: 'noNumberHasSideHeld' })];
    return held.map((e) => judge(ctx, e));
  },
};
