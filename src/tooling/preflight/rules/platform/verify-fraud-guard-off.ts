/**
 * VERIFY-FRAUD-GUARD-OFF (API map row 26): Fraud Guard is not eligible and is on by default; no API
 * exposes it. Each Verify service needs an entry in hipaa.config.json
 * attestations.verifyFraudGuardOff[] (turned off in the Console's service settings, SMS tab; by
 * Support for Authy / Verify v1).
 */
import { perResource } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { verifyServices } from './verify-data';

export const meta: RuleMeta = {
  id: 'VERIFY-FRAUD-GUARD-OFF',
  title: 'Verify Fraud Guard is disabled for every Verify service (attested)',
  severity: 'required',
  product: 'verify',
  source: 'S3 "Verify" (Fraud Guard not eligible), "CANNOT"; API map row 26',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)'],
  mode: 'account',
  remediation:
    'Console → Verify → Services → the service → SMS tab: clear "Enable Fraud Guard" (Authy / Verify v1 services: ask Twilio Support), then attest it in hipaa.config.json attestations.verifyFraudGuardOff[] (serviceSid, by, at, optional ticket).',
  fixable: false,
  messages: {
    fraudGuardDefaultAttestation: 'Fraud Guard is on by default and no attestation says it was disabled',
    attestedDisabled: 'attested as disabled',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const services = await verifyServices(ctx);
    const attested = ctx.config.attestations.verifyFraudGuardOff ?? [];
    return perResource(
      meta,
      ctx,
      services,
      (s) => {
        const sid = String(s.sid);
        const a = attested.find((x) => x.serviceSid === sid);
        if (!a) return { ok: false, resource: sid, message: 'fraudGuardDefaultAttestation' };
        return {
          ok: true,
          resource: sid,
          message: 'attestedDisabled',
          evidence: { attestedAt: a.at, ...(a.ticket ? { ticket: a.ticket } : {}) },
        };
      },
      'no Verify services',
    );
  },
};
