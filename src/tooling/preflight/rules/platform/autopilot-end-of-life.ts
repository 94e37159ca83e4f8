/**
 * AUTOPILOT-END-OF-LIFE (API map row 33): Autopilot is not eligible, but it is end of life (no spec,
 * no API), so nothing can be configured and the check passes. Studio `send-to-auto-pilot` widgets
 * are still caught by STUDIO-NO-INELIGIBLE-WIDGETS.
 */
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';

export const meta: RuleMeta = {
  id: 'AUTOPILOT-END-OF-LIFE',
  title: 'Autopilot is not in use (end of life)',
  severity: 'required',
  product: 'ai',
  source: 'S3 "NOT Eligible" (Autopilot); S4 "Autopilot"; API map row 33',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)'],
  mode: 'offline',
  remediation: 'Nothing to do: Autopilot is end of life. Remove any Send to Autopilot widget from Studio flows.',
  fixable: false,
  messages: {
    autopilotEndLifeAssistant: 'Autopilot is end of life: no assistant can exist',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    return [finding(meta, ctx, 'pass', { message: 'autopilotEndLifeAssistant' })];
  },
};
