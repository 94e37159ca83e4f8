/**
 * VOICE-SIP-DOMAIN-AUTH (API map row 18, S4 "Basic SIP Security"): every SIP domain has an
 * authentication mapping (`auth_type` IP_ACL and/or CREDENTIAL_LIST); an empty or null auth_type
 * means no caller authentication is configured.
 */
import { perResource } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { sipDomains } from './voice-data';

export const meta: RuleMeta = {
  id: 'VOICE-SIP-DOMAIN-AUTH',
  title: 'SIP domains authenticate callers (IP ACL or credential list)',
  severity: 'required',
  product: 'voice',
  source: 'S4 "Basic SIP Security"; API map row 18',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(d)', '164.312(a)(1)'],
  mode: 'account',
  remediation:
    'Console: Voice > Manage > SIP domains > (domain) > Voice Authentication: map an IP access control list and/or a credential list. API: POST /2010-04-01/Accounts/{AC}/SIP/Domains/{SD}/Auth/Calls/CredentialListMappings.json (or IpAccessControlListMappings.json).',
  fixable: false,
  messages: {
    noSipDomains: 'no SIP domains',
    callerAuthenticationConfigured: 'caller authentication is configured',
    noAuthenticationIpAclCredential: 'no authentication (IP ACL or credential list) is mapped',
  },
};

const AUTH_TYPES = /^(IP_ACL|CREDENTIAL_LIST)(\s*,\s*(IP_ACL|CREDENTIAL_LIST))*$/;

export const rule: Rule = {
  meta,
  async check(ctx) {
    const domains = await sipDomains(ctx);
    return perResource(
      meta,
      ctx,
      domains,
      (d) => {
        const raw = typeof d.auth_type === 'string' ? d.auth_type.trim() : '';
        const known = AUTH_TYPES.test(raw);
        // Only known enum values are echoed; anything else is reported as present but not shown.
        const authType = raw === '' ? null : known ? raw : 'other';
        return {
          ok: raw !== '',
          resource: String(d.sid),
          reason: raw !== '' ? 'caller authentication is configured' : 'no authentication (IP ACL or credential list) is mapped',
          evidence: { authType },
        };
      },
      'no SIP domains',
    );
  },
};
