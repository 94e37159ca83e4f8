/**
 * STUDIO-NO-INELIGIBLE-WIDGETS (API map rows 25, 29, 33): flows must not use products that are not
 * HIPAA eligible: `send-to-auto-pilot` (Autopilot) and WhatsApp sends (`send-message` /
 * `send-and-wait-for-reply` with a `whatsapp:` from or to address; Meta offers no BAA).
 */
import type { Rule, RuleMeta } from '../../types';
import { perFlow, prop } from './studio-data';

export const meta: RuleMeta = {
  id: 'STUDIO-NO-INELIGIBLE-WIDGETS',
  title: 'Studio flows use no ineligible products (Autopilot, WhatsApp)',
  severity: 'required',
  product: 'studio',
  source: 'S3 "NOT Eligible" (WhatsApp, Autopilot); S4 "Not Eligible for HIPAA"; API map rows 25, 29, 33',
  profiles: ['redaction', 'studio'],
  mode: 'account',
  remediation: 'Remove Send to Autopilot widgets and WhatsApp senders/recipients from the flow (use SMS from a US number), then publish.',
  fixable: false,
};

const SENDS = new Set(['send-message', 'send-and-wait-for-reply']);
const isWhatsApp = (v: string | null): boolean => v !== null && /^\s*whatsapp:/i.test(v);

export const rule: Rule = {
  meta,
  check: (ctx) =>
    perFlow(meta, ctx, (states) => {
      const autopilotWidgets = states.filter((s) => s.type === 'send-to-auto-pilot').length;
      const whatsappSends = states.filter((s) => SENDS.has(s.type) && (isWhatsApp(prop(s, 'from')) || isWhatsApp(prop(s, 'to')))).length;
      const evidence = { autopilotWidgets, whatsappSends };
      if (autopilotWidgets === 0 && whatsappSends === 0) return { status: 'pass', reason: 'no Autopilot or WhatsApp widgets', evidence };
      const reasons = [autopilotWidgets > 0 ? 'Send to Autopilot is not eligible' : '', whatsappSends > 0 ? 'a message widget uses WhatsApp, which is not eligible' : ''].filter(Boolean);
      return { status: 'fail', reason: reasons.join('; '), evidence };
    }),
};
