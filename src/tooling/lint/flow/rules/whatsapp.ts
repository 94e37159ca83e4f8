/**
 * FLOW-WHATSAPP: no WhatsApp anywhere in a flow: a `whatsapp:` address in any widget property
 * (from, to, caller ids, parameters) or a channel property set to WhatsApp. Meta signs no BAA.
 * Human-readable text (body, say) is left to the text rules. Also the detection behind preflight
 * STUDIO-NO-INELIGIBLE-WIDGETS.
 */
import type { FlowDefinition, FlowRule, FlowState, LintRuleMeta } from '../../types';
import { isTextProperty } from '../text';
import { flowFinding, stringLeaves } from '../walk';

export const meta: LintRuleMeta = {
  id: 'FLOW-WHATSAPP',
  title: 'Flows send and receive no WhatsApp messages',
  severity: 'error',
  source: 'S3 "NOT Eligible" (WhatsApp: Meta offers no BAA); studio-and-optout A3 (deny whatsapp: addresses); issue 5 flow linter',
  remediation: 'Use SMS from a US number instead of a whatsapp: sender or recipient, and remove WhatsApp channels from the flow.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    whatsapp: '{{widget}} {{key}} is a WhatsApp address or channel; WhatsApp is not HIPAA eligible',
  },
};

const CHANNEL_KEYS = new Set(['channel', 'channel_type', 'message_channel']);

export interface WhatsAppIssue {
  state: FlowState;
  index: number;
  pointer: string;
  message: string;
}

export function detect(flow: FlowDefinition): WhatsAppIssue[] {
  return stringLeaves(flow)
    .filter((l) => !isTextProperty(l.state, l.property))
    .filter((l) => /^\s*whatsapp:/i.test(l.value) || (CHANNEL_KEYS.has(l.key) && l.value.trim().toLowerCase() === 'whatsapp'))
    .map((l) => ({
      state: l.state,
      index: l.index,
      pointer: l.pointer,
      message: `${l.state.type} ${l.key} is a WhatsApp address or channel; WhatsApp is not HIPAA eligible`,
    }));
}

export const rule: FlowRule = {
  meta,
  check: (flow) => detect(flow).map((i) => flowFinding(meta, i.state, i.pointer, i.message)),
};
