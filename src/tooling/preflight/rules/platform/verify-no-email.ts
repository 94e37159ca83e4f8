/**
 * VERIFY-NO-EMAIL (API map row 26): the Email channel (SendGrid) is not eligible, so `mailer_sid`
 * must be null. The field is in the spec examples only (not the schema or twilio-node typings), so
 * it is read from the raw JSON; a response without the field cannot prove anything (unknown).
 */
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { verifyServices } from './verify-data';

export const meta: RuleMeta = {
  id: 'VERIFY-NO-EMAIL',
  title: 'Verify services have no Email (mailer) configured',
  severity: 'required',
  product: 'verify',
  source: 'S3 "Verify" (Email channel not eligible), "CANNOT" (SendGrid); S4 Verify "Not Eligible"; API map row 26',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)'],
  mode: 'account',
  remediation:
    'Remove the Email integration (Mailer) from the Verify service (Console: Verify > Services > Email) and send no Channel=email verifications.',
  fixable: false,
  messages: {
    noVerifyServices: 'no Verify services',
    apiResponseDoesNot: 'the API response does not state mailer_sid',
    noMailerConfigured: 'no mailer configured',
    emailMailerConfigured: 'an Email mailer is configured',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const services = await verifyServices(ctx);
    if (services.length === 0) return [finding(meta, ctx, 'pass', { message: 'noVerifyServices' })];
    return services.map((s) => {
      const resource = String(s.sid);
      if (!('mailer_sid' in s)) return finding(meta, ctx, 'unknown', { resource, message: 'apiResponseDoesNot' });
      const mailer = s.mailer_sid;
      if (mailer === null || mailer === '')
        return finding(meta, ctx, 'pass', { resource, message: 'noMailerConfigured', evidence: { mailerConfigured: false } });
      return finding(meta, ctx, 'fail', {
        resource,
        message: 'emailMailerConfigured',
        evidence: { mailerConfigured: true, mailer: typeof mailer === 'string' && /^MD[0-9a-f]{32}$/i.test(mailer) ? mailer : null },
      });
    });
  },
};
