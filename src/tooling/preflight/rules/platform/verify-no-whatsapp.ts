/**
 * VERIFY-NO-WHATSAPP (API map rows 26, 29): Verify services use SMS/Voice/Push only. `whatsapp` must be
 * null/absent; the API also returns the object with every field null (`{msg_service_sid: null,
 * from: null}`) for a service without WhatsApp, which counts as not configured.
 */
import { perResource } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { obj } from './platform-util';
import { verifyServices } from './verify-data';

export const meta: RuleMeta = {
  id: 'VERIFY-NO-WHATSAPP',
  title: 'Verify services have no WhatsApp channel configured',
  severity: 'required',
  product: 'verify',
  source: 'S3 "Verify" (SMS + Voice + Push only), "NOT Eligible" (WhatsApp); API map rows 26, 29',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)'],
  mode: 'account',
  remediation:
    'Remove the WhatsApp sender from the Verify service (Console: Verify > Services > WhatsApp) and send no Channel=whatsapp verifications.',
  fixable: false,
  messages: {
    whatsappSenderConfigured: 'a WhatsApp sender is configured',
    noWhatsappSender: 'no WhatsApp sender',
  },
};

export function whatsappConfigured(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  const o = obj(value);
  if (!o) return true;
  return Object.values(o).some((v) => v !== null && v !== undefined && v !== '');
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const services = await verifyServices(ctx);
    return perResource(
      meta,
      ctx,
      services,
      (s) => {
        const configured = whatsappConfigured(s.whatsapp);
        return {
          ok: !configured,
          resource: String(s.sid),
          message: configured ? 'whatsappSenderConfigured' : 'noWhatsappSender',
          evidence: { whatsappConfigured: configured },
        };
      },
      'no Verify services',
    );
  },
};
