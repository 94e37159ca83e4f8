/**
 * For requirements no API can prove: a rule that passes only on a positive, dated attestation in
 * hipaa.config.json. Each attestation rule is still its own module (id, source, remediation).
 */
import { attested, type AttestationKey } from '../../config/hipaa-config';
import { finding } from '../findings';
import type { Rule, RuleMeta } from '../types';

export function attestationRule(meta: RuleMeta, key: AttestationKey): Rule {
  return {
    meta,
    async check(ctx) {
      const a = ctx.config.attestations[key];
      if (!a) return [finding(meta, ctx, 'unknown', { reason: `no "${key}" attestation in hipaa.config.json` })];
      return [
        finding(meta, ctx, attested(ctx.config, key) ? 'pass' : 'fail', {
          reason: a.value ? 'attested' : 'attested as not in place',
          evidence: { attestedAt: a.at, ...(a.ticket ? { ticket: a.ticket } : {}) },
        }),
      ];
    },
  };
}
