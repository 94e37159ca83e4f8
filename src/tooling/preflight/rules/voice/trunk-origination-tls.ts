/**
 * VOICE-TRUNK-ORIGINATION-TLS (API map row 17, recommended): an origination URL of a trunk should
 * signal over TLS (`;transport=tls`, or a `sips:` URI). Secure Trunking needs TLS towards the
 * customer's SIP endpoint; the map marks this as best practice, not a confirmed requirement.
 */
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { originationUrls, trunks } from './voice-data';

export const meta: RuleMeta = {
  id: 'VOICE-TRUNK-ORIGINATION-TLS',
  title: 'Elastic SIP trunk origination URLs use TLS (;transport=tls)',
  severity: 'recommended',
  product: 'voice',
  source: 'S4 "Secure Elastic SIP Trunking"; API map row 17',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  mode: 'account',
  remediation:
    'Console: Elastic SIP Trunking > Trunks > (trunk) > Origination: edit each URI to sip:host:5061;transport=tls. API: POST https://trunking.twilio.com/v1/Trunks/{TK}/OriginationUrls/{OU} SipUrl=sip:…;transport=tls.',
  fixable: false,
  messages: {
    signallingOriginationUriUses: 'signalling to the origination URI uses TLS',
    originationUriDoesNot: 'the origination URI does not request TLS transport',
    noOriginationUrls: 'no origination URLs',
  },
};

/** The host of a SIP URI, without userinfo, port or parameters. */
export function sipHost(uri: string): string {
  const m = /^sips?:(?:[^@;]*@)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)/i.exec(uri.trim());
  return m?.[1]?.toLowerCase() ?? 'unparseable';
}

export function usesTls(uri: string): boolean {
  const u = uri.trim().toLowerCase();
  return u.startsWith('sips:') || /;transport=tls(;|$|\?)/.test(u);
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const out: Finding[] = [];
    for (const trunk of await trunks(ctx)) {
      const trunkSid = String(trunk.sid);
      for (const ou of await originationUrls(ctx, trunkSid)) {
        const uri = typeof ou.sip_url === 'string' ? ou.sip_url : '';
        const tls = usesTls(uri);
        out.push(
          finding(meta, ctx, tls ? 'pass' : 'fail', {
            resource: String(ou.sid),
            message: tls ? 'signallingOriginationUriUses' : 'originationUriDoesNot',
            evidence: { trunk: trunkSid, host: sipHost(uri), enabled: typeof ou.enabled === 'boolean' ? ou.enabled : null },
          }),
        );
      }
    }
    return out.length > 0 ? out : [finding(meta, ctx, 'pass', { message: 'noOriginationUrls' })];
  },
};
