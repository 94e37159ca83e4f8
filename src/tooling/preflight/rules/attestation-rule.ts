/**
 * For requirements no API can prove: a rule that passes only on a positive, dated attestation in
 * hipaa.config.json. Each attestation rule is still its own module (id, source, remediation).
 * Where an API can contradict a positive attestation (SEC-PKCV-ENFORCED: enforced, yet no public
 * key), `confirm` reads it: its evidence joins the finding, and a contradiction fails it.
 */
import { attested, type AttestationKey } from '../../config/hipaa-config';
import { finding } from '../findings';
import type { Evidence, Rule, RuleContext, RuleMeta } from '../types';

/** The reasons of an attestation finding (rules deciding by attestation spread these into meta.messages). */
export const ATTESTATION_MESSAGES = {
  attestationMissing: 'no "{{key}}" attestation in hipaa.config.json',
  attested: 'attested',
  attestedNotInPlace: 'attested as not in place',
} as const;

export interface AttestationConfirm {
  /** Runs after a positive attestation only: extra evidence, and a fixed reason when the API contradicts it. */
  confirm(ctx: RuleContext): Promise<{ evidence: Evidence; contradiction: string | null }>;
}

export function attestationRule(meta: RuleMeta, key: AttestationKey, check?: AttestationConfirm): Rule {
  return {
    meta,
    async check(ctx) {
      const a = ctx.config.attestations[key];
      if (!a) return [finding(meta, ctx, 'unknown', { message: 'attestationMissing', data: { key } })];
      const evidence = { attestedAt: a.at, ...(a.ticket ? { ticket: a.ticket } : {}) };
      if (!attested(ctx.config, key) || !check) {
        return [
          finding(meta, ctx, attested(ctx.config, key) ? 'pass' : 'fail', {
            message: a.value ? 'attested' : 'attestedNotInPlace',
            evidence,
          }),
        ];
      }
      const api = await check.confirm(ctx);
      if (api.contradiction !== null)
        return [finding(meta, ctx, 'fail', { reason: api.contradiction, evidence: { ...evidence, ...api.evidence } })];
      return [finding(meta, ctx, 'pass', { message: 'attested', evidence: { ...evidence, ...api.evidence } })];
    },
  };
}
