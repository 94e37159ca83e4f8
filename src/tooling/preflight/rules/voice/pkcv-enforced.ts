/**
 * SEC-PKCV-ENFORCED (API map row 7, recommended): enforcement of Public Key Client Validation is a
 * Console-only switch, so it passes only on a positive `publicKeyClientValidationEnforced`
 * attestation. An attestation that contradicts the API (enforced, yet no public key exists) fails.
 */
import { ATTESTATION_MESSAGES, attestationRule } from '../attestation-rule';
import type { Rule, RuleMeta } from '../../types';
import { publicKeys } from './voice-data';

export const meta: RuleMeta = {
  id: 'SEC-PKCV-ENFORCED',
  title: 'Public Key Client Validation is enforced (attested)',
  severity: 'recommended',
  product: 'security',
  source: 'S4 "Public Key Client Validation" (recommended); API map row 7',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(d)'],
  mode: 'account',
  remediation:
    'Console: Account > General settings > Enforce Public Key Client Validation (the preflight client must then sign its requests), and record it in hipaa.config.json attestations.publicKeyClientValidationEnforced.',
  fixable: false,
  messages: {
    ...ATTESTATION_MESSAGES,
    attestedEnforcedButAccount: 'attested as enforced, but the account has no public key',
  },
};

export const rule: Rule = attestationRule(meta, 'publicKeyClientValidationEnforced', {
  async confirm(ctx) {
    const keys = await publicKeys(ctx);
    return {
      evidence: { publicKeys: keys.length },
      contradiction: keys.length === 0 ? 'attested as enforced, but the account has no public key' : null,
    };
  },
});
