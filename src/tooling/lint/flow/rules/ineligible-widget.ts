/**
 * FLOW-INELIGIBLE-WIDGET: widgets that reach products Twilio does not offer under the BAA: Send to
 * Autopilot (Autopilot is not eligible and end-of-life) and Twilio AI Assistants (an `aia_asst_`
 * id or an assistants.twilio.com URL in any widget, e.g. Run ConversationRelay driven by an AI
 * Assistant). Also the detection behind preflight STUDIO-NO-INELIGIBLE-WIDGETS.
 */
import type { FlowDefinition, FlowRule, FlowState, LintRuleMeta } from '../../types';
import { parseUrl } from '../urls';
import { flowFinding, pointer, stringLeaves } from '../walk';

export const meta: LintRuleMeta = {
  id: 'FLOW-INELIGIBLE-WIDGET',
  title: 'Flows use no widgets that reach HIPAA-ineligible products',
  severity: 'error',
  source: 'S4 "Not Eligible for HIPAA" (Autopilot); S3 (AI Assistants not eligible); studio-and-optout A3 (deny); issue 5 flow linter',
  remediation:
    'Remove Send to Autopilot widgets and any use of Twilio AI Assistants; for voice AI use ConversationRelay with providers that sign a BAA.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    autopilot: 'Send to Autopilot is not HIPAA eligible',
    assistants: '{{widget}} uses Twilio AI Assistants, which are not HIPAA eligible',
  },
};

export interface IneligibleIssue {
  state: FlowState;
  index: number;
  pointer: string;
  kind: 'autopilot' | 'ai-assistant';
  message: string;
}

function isAiAssistant(value: string): boolean {
  if (/\baia_asst_/i.test(value)) return true;
  const host = parseUrl(value).host;
  return host === 'assistants.twilio.com';
}

export function detect(flow: FlowDefinition): IneligibleIssue[] {
  const issues: IneligibleIssue[] = [];
  flow.states.forEach((state, index) => {
    if (state.type === 'send-to-auto-pilot') {
      issues.push({
        state,
        index,
        kind: 'autopilot',
        pointer: pointer('states', index, 'type'),
        message: 'Send to Autopilot is not HIPAA eligible',
      });
    }
  });
  const seen = new Set<number>();
  for (const leaf of stringLeaves(flow)) {
    if (seen.has(leaf.index) || !isAiAssistant(leaf.value)) continue;
    seen.add(leaf.index);
    issues.push({
      state: leaf.state,
      index: leaf.index,
      kind: 'ai-assistant',
      pointer: leaf.pointer,
      message: `${leaf.state.type} uses Twilio AI Assistants, which are not HIPAA eligible`,
    });
  }
  return issues.sort((a, b) => a.index - b.index);
}

export const rule: FlowRule = {
  meta,
  check: (flow) => detect(flow).map((i) => flowFinding(meta, i.state, i.pointer, i.message)),
};
