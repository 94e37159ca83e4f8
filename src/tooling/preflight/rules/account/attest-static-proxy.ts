/** ATTEST-STATIC-PROXY: Outbound requests to the customer come from a static proxy (recommended). No API exposes it; attestation only. */
import { ATTESTATION_MESSAGES, attestationRule } from '../attestation-rule';
import type { RuleMeta } from '../../types';

export const meta: RuleMeta = {
  id: 'ATTEST-STATIC-PROXY',
  title: 'Outbound requests to the customer come from a static proxy (recommended)',
  severity: 'recommended',
  product: 'account',
  source: 'S4 "Static Proxy"; API map row 8',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)', '164.312(e)(1)'],
  mode: 'account',
  remediation: 'Set up Twilio Static Proxy (Support) and record it in attestations.staticProxy.',
  fixable: false,
  messages: {
    ...ATTESTATION_MESSAGES,
  },
};

export const rule = attestationRule(meta, 'staticProxy');
