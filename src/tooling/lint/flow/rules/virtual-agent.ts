/**
 * FLOW-VIRTUAL-AGENT (warn): AI voice agents are acceptable only under the AI provider's own BAA:
 * Connect Virtual Agent (v1, v2: Dialogflow, "eligible with an asterisk") and Run ConversationRelay
 * (speech and LLM providers behind the WebSocket). ConversationRelay driven by Twilio AI
 * Assistants is not eligible at all and is left to FLOW-INELIGIBLE-WIDGET. Also part of the
 * detection behind preflight STUDIO-CONDITIONAL-WIDGETS.
 */
import type { FlowDefinition, LintRuleMeta } from '../../types';
import { widgetReviewRule } from './conditional';
import { detect as ineligible } from './ineligible-widget';

export const VIRTUAL_AGENT_CONDITION = 'Connect Virtual Agent is acceptable only with a BAA from the AI provider';
export const RELAY_CONDITION = 'Run ConversationRelay is acceptable only with BAAs from the speech and AI providers it uses';

export const meta: LintRuleMeta = {
  id: 'FLOW-VIRTUAL-AGENT',
  title: 'AI voice agent widgets are reviewed',
  severity: 'warn',
  source:
    'HIPAA Eligible Services PDF ("Virtual Agent (with Google Dialogflow)*"); S3 "ConversationRelay" (provider BAA); studio-and-optout A3 (warn); issue 5 flow linter',
  remediation:
    'Keep Connect Virtual Agent or Run ConversationRelay only with a signed BAA from every speech and AI provider involved; otherwise remove the widget.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    virtualAgent: VIRTUAL_AGENT_CONDITION,
    conversationRelay: RELAY_CONDITION,
  },
};

/** A ConversationRelay driven by Twilio AI Assistants (FLOW-INELIGIBLE-WIDGET's, not this rule's). */
function assistantDriven(flow: FlowDefinition, index: number): boolean {
  return ineligible(flow).some((i) => i.kind === 'ai-assistant' && i.index === index);
}

export const { detect, rule } = widgetReviewRule(meta, {
  condition: (state, index, flow) => {
    if (state.type === 'connect-virtual-agent' || state.type === 'connect-virtual-agent-v2') return VIRTUAL_AGENT_CONDITION;
    if (state.type === 'run-conversation-relay' && !assistantDriven(flow, index)) return RELAY_CONDITION;
    return null;
  },
});
