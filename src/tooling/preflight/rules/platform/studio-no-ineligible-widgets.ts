/**
 * STUDIO-NO-INELIGIBLE-WIDGETS (API map rows 25, 29, 33): flows must not use products that are not
 * HIPAA eligible: `send-to-auto-pilot` (Autopilot), Twilio AI Assistants, and WhatsApp (a
 * `whatsapp:` address or channel in any widget; Meta offers no BAA). The detections are the flow
 * linter's FLOW-INELIGIBLE-WIDGET and FLOW-WHATSAPP.
 */
import { detect as ineligible } from '../../../lint/flow/rules/ineligible-widget';
import { detect as whatsapp } from '../../../lint/flow/rules/whatsapp';
import type { Rule, RuleMeta } from '../../types';
import { perFlow, STUDIO_FLOW_MESSAGES } from './studio-data';

export const meta: RuleMeta = {
  id: 'STUDIO-NO-INELIGIBLE-WIDGETS',
  title: 'Studio flows use no ineligible products (Autopilot, WhatsApp)',
  severity: 'required',
  product: 'studio',
  source: 'S3 "NOT Eligible" (WhatsApp, Autopilot); S4 "Not Eligible for HIPAA"; API map rows 25, 29, 33',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)'],
  mode: 'account',
  remediation: 'Remove Send to Autopilot widgets and WhatsApp senders/recipients from the flow (use SMS from a US number), then publish.',
  fixable: false,
  messages: {
    ...STUDIO_FLOW_MESSAGES,
    noAutopilotAiAssistantWhatsapp: 'no Autopilot, AI Assistant or WhatsApp widgets',
    sendAutopilotNotEligible: 'Send to Autopilot is not eligible',
    widgetUsesTwilioAi: 'a widget uses Twilio AI Assistants, which are not eligible',
    widgetUsesWhatsappWhich: 'a widget uses WhatsApp, which is not eligible',
  },
};

export const rule: Rule = {
  meta,
  check: (ctx) =>
    perFlow(meta, ctx, (flow) => {
      const found = ineligible(flow);
      const autopilotWidgets = found.filter((i) => i.kind === 'autopilot').length;
      const aiAssistantWidgets = found.filter((i) => i.kind === 'ai-assistant').length;
      const whatsappSends = new Set(whatsapp(flow).map((i) => i.index)).size;
      const evidence = { autopilotWidgets, whatsappSends, aiAssistantWidgets };
      if (autopilotWidgets === 0 && whatsappSends === 0 && aiAssistantWidgets === 0)
        return { status: 'pass', message: 'noAutopilotAiAssistantWhatsapp', evidence };
      const reasons = [
        autopilotWidgets > 0 ? 'Send to Autopilot is not eligible' : '',
        aiAssistantWidgets > 0 ? 'a widget uses Twilio AI Assistants, which are not eligible' : '',
        whatsappSends > 0 ? 'a widget uses WhatsApp, which is not eligible' : '',
      ].filter(Boolean);
      return { status: 'fail', reason: reasons.join('; '), evidence };
    }),
};
