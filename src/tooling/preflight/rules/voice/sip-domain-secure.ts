/** VOICE-SIP-DOMAIN-SECURE (API map row 18): every SIP domain enforces TLS/SRTP (`secure`), or Interconnect is attested. */
import type { RuleMeta } from '../../types';
import { SECURE_MESSAGES, secureRule } from './secure-rule';
import { sipDomains, sipDomainUrl } from './voice-data';

export const meta: RuleMeta = {
  id: 'VOICE-SIP-DOMAIN-SECURE',
  title: 'SIP domains enforce TLS and SRTP (Secure Media)',
  severity: 'required',
  product: 'voice',
  source: 'S4 "Secure Traffic for SIP Interface"; API map row 18',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  mode: 'account',
  remediation:
    'Console: Voice > Manage > SIP domains > (domain) > Secure Media: Enabled. API: POST /2010-04-01/Accounts/{AC}/SIP/Domains/{SD}.json Secure=true. With Twilio Interconnect instead, record attestations.secureTrunkingInterconnect.',
  fixable: true,
  messages: {
    ...SECURE_MESSAGES,
    noSipDomains: 'no SIP domains',
  },
};

export const rule = secureRule(meta, { load: sipDomains, itemUrl: sipDomainUrl, emptyReason: 'no SIP domains' });
