/** A finding decided by an attestation: absent → unknown, `value: false` → fail, `value: true` → pass. */
import { attested, type AttestationKey } from '../../../config/hipaa-config';
import { finding } from '../../findings';
import type { Evidence, Finding, RuleContext, RuleMeta } from '../../types';

export function byAttestation(
  meta: RuleMeta,
  ctx: RuleContext,
  key: AttestationKey,
  why: string,
  resource: string | null = null,
  evidence: Evidence = {},
): Finding {
  const a = ctx.config.attestations[key];
  if (!a) return finding(meta, ctx, 'unknown', { resource, reason: `${why}; no "${key}" attestation in hipaa.config.json`, evidence });
  const ok = attested(ctx.config, key);
  return finding(meta, ctx, ok ? 'pass' : 'fail', {
    resource,
    reason: `${why}; ${ok ? 'attested' : 'attested as not in place'}`,
    evidence: { ...evidence, attestedAt: a.at, ...(a.ticket ? { ticket: a.ticket } : {}) },
  });
}
