/**
 * SEC-PKCV-ENFORCED (API map row 7, recommended): enforcement of Public Key Client Validation is a
 * Console-only switch, so it passes only on a positive `publicKeyClientValidationEnforced`
 * attestation. An attestation that contradicts the API (enforced, yet no public key exists) fails.
 */
import { attested } from '../../../config/hipaa-config';
import { finding } from '../../findings';
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
};

const KEY = 'publicKeyClientValidationEnforced';

export const rule: Rule = {
  meta,
  async check(ctx) {
    const a = ctx.config.attestations[KEY];
    if (!a) return [finding(meta, ctx, 'unknown', { reason: `no "${KEY}" attestation in hipaa.config.json` })];
    const evidence = { attestedAt: a.at, ...(a.ticket ? { ticket: a.ticket } : {}) };
    if (!attested(ctx.config, KEY)) return [finding(meta, ctx, 'fail', { reason: 'attested as not in place', evidence })];
    const keys = await publicKeys(ctx);
    if (keys.length === 0) return [finding(meta, ctx, 'fail', { reason: 'attested as enforced, but the account has no public key', evidence: { ...evidence, publicKeys: 0 } })];
    return [finding(meta, ctx, 'pass', { reason: 'attested', evidence: { ...evidence, publicKeys: keys.length } })];
  },
};
