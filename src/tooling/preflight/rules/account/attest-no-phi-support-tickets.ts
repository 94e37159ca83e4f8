/** ATTEST-NO-PHI-SUPPORT-TICKETS: Support tickets reference SIDs, never PHI. No API exposes it; attestation only. */
import { ATTESTATION_MESSAGES, attestationRule } from '../attestation-rule';
import type { RuleMeta } from '../../types';

export const meta: RuleMeta = {
  id: 'ATTEST-NO-PHI-SUPPORT-TICKETS',
  title: 'Support tickets reference SIDs, never PHI',
  severity: 'required',
  product: 'account',
  source: 'S4 "Support" (no PHI in tickets); API map row 8',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(a)(5)(i)', '164.308(a)(4)(i)'],
  mode: 'account',
  remediation: 'Adopt the SID-only ticket practice (npm run -s sid) and record it in attestations.noPhiInSupportTickets.',
  fixable: false,
  messages: {
    ...ATTESTATION_MESSAGES,
  },
};

export const rule = attestationRule(meta, 'noPhiInSupportTickets');
