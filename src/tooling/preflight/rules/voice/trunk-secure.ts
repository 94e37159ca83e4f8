/** VOICE-TRUNK-SECURE (API map row 17): every Elastic SIP trunk has Secure Trunking (TLS + SRTP) on, or Interconnect is attested. */
import type { RuleMeta } from '../../types';
import { SECURE_MESSAGES, secureRule } from './secure-rule';
import { trunks, trunkUrl } from './voice-data';

export const meta: RuleMeta = {
  id: 'VOICE-TRUNK-SECURE',
  title: 'Elastic SIP trunks use Secure Trunking (TLS and SRTP)',
  severity: 'required',
  product: 'voice',
  source: 'S4 "Secure Elastic SIP Trunking"; API map row 17',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  mode: 'account',
  remediation:
    'Console: Elastic SIP Trunking > Trunks > (trunk) > General > Secure Trunking: Enabled. API: POST https://trunking.twilio.com/v1/Trunks/{TK} Secure=true. With Twilio Interconnect instead, record attestations.secureTrunkingInterconnect.',
  fixable: true,
  messages: {
    ...SECURE_MESSAGES,
    noElasticSipTrunks: 'no Elastic SIP trunks',
  },
};

export const rule = secureRule(meta, { load: trunks, itemUrl: (_account, sid) => trunkUrl(sid), emptyReason: 'no Elastic SIP trunks' });
