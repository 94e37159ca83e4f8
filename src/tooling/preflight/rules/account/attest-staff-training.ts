/** ATTEST-STAFF-TRAINING: Console users who can see PHI are trained on HIPAA handling. No API exposes it; attestation only. */
import { ATTESTATION_MESSAGES, attestationRule } from '../attestation-rule';
import type { RuleMeta } from '../../types';

export const meta: RuleMeta = {
  id: 'ATTEST-STAFF-TRAINING',
  title: 'Console users who can see PHI are trained on HIPAA handling',
  severity: 'required',
  product: 'account',
  source: 'S4 "Security best practices" (training); API map row 8',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(a)(5)(i)', '164.308(a)(3)(i)'],
  mode: 'account',
  remediation: 'Record the training in hipaa.config.json attestations.staffTraining (who, when).',
  fixable: false,
  messages: {
    ...ATTESTATION_MESSAGES,
  },
};

export const rule = attestationRule(meta, 'staffTraining');
