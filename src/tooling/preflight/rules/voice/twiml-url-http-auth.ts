/**
 * VOICE-TWIML-URL-HTTP-AUTH (API map row 6, recommended): the TwiML/callback URLs Twilio calls on
 * the customer's server carry HTTP Basic/Digest credentials (userinfo, `https://user:pass@host`).
 * Checked on TwiML Apps, SIP domains and trunk disaster-recovery URLs. Hosts on `*.twil.io`
 * (Twilio Functions) are not counted: Basic auth does not apply there and Runtime validates the
 * request signature instead (rows 5, 20). Credentials are never reported, only hosts.
 */
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { APPLICATION_FIELDS, isUnset, parseUrl, SIP_DOMAIN_FIELDS, TRUNK_FIELDS, twilioHosted, type WebhookField } from './urls';
import { applications, sipDomains, trunks, type WireRecord } from './voice-data';

export const meta: RuleMeta = {
  id: 'VOICE-TWIML-URL-HTTP-AUTH',
  title: 'TwiML URLs on your server use HTTP Basic/Digest authentication',
  severity: 'recommended',
  product: 'voice',
  source: 'S4 "HTTP Authentication" (recommended); API map row 6',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(d)'],
  mode: 'account',
  remediation:
    'Protect the TwiML endpoints with HTTP Basic or Digest auth and configure the URLs as https://user:password@host/path (TwiML Apps, SIP domains, trunk disaster-recovery URL). See https://www.twilio.com/docs/usage/security#http-authentication.',
  fixable: false,
  messages: {
    noTwimlUrlCustomerServer: 'no TwiML URL on a customer server',
    everyTwimlUrlCarries: 'every TwiML URL carries HTTP auth credentials',
    twimlUrlHasHttp: 'a TwiML URL has no HTTP auth credentials',
    noTwimlAppsSipDomains: 'no TwiML Apps, SIP domains or trunks',
  },
};

function judge(
  record: WireRecord,
  fields: readonly WebhookField[],
): { checked: number; missing: number; withoutAuth: string[]; twilio: number } {
  let checked = 0;
  let twilio = 0;
  let missing = 0;
  const withoutAuth = new Set<string>();
  for (const f of fields) {
    const url = record[f.url];
    if (isUnset(url)) continue;
    const parsed = parseUrl(url);
    if (twilioHosted(parsed.host)) {
      twilio += 1;
      continue;
    }
    checked += 1;
    if (!parsed.userinfo) {
      missing += 1;
      withoutAuth.add(parsed.host);
    }
  }
  return { checked, missing, withoutAuth: [...withoutAuth], twilio };
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const groups: [WireRecord[], readonly WebhookField[]][] = [
      [await applications(ctx), APPLICATION_FIELDS],
      [await sipDomains(ctx), SIP_DOMAIN_FIELDS],
      [await trunks(ctx), TRUNK_FIELDS],
    ];
    const out: Finding[] = [];
    for (const [records, fields] of groups) {
      for (const record of records) {
        const { checked, missing, withoutAuth, twilio } = judge(record, fields);
        const evidence = {
          urlsChecked: checked,
          twilioHosted: twilio,
          withoutAuth: missing,
          ...(withoutAuth.length > 0 ? { hostsWithoutAuth: withoutAuth.join(',') } : {}),
        };
        const ok = withoutAuth.length === 0;
        const reason =
          checked === 0
            ? 'no TwiML URL on a customer server'
            : ok
              ? 'every TwiML URL carries HTTP auth credentials'
              : 'a TwiML URL has no HTTP auth credentials';
        out.push(finding(meta, ctx, ok ? 'pass' : 'fail', { resource: String(record.sid), reason, evidence }));
      }
    }
    return out.length > 0 ? out : [finding(meta, ctx, 'pass', { message: 'noTwimlAppsSipDomains' })];
  },
};
