/**
 * FLOW-VIRTUAL-AGENT (warn): AI voice agents are acceptable only under the AI provider's own BAA:
 * Connect Virtual Agent (v1, v2: Dialogflow, "eligible with an asterisk") and Run ConversationRelay
 * (speech and LLM providers behind the WebSocket). ConversationRelay driven by Twilio AI
 * Assistants is not eligible at all and is left to FLOW-INELIGIBLE-WIDGET. Also part of the
 * detection behind preflight STUDIO-CONDITIONAL-WIDGETS.
 */
import type { FlowDefinition, FlowRule, LintRuleMeta } from '../../types';
import { flowFinding, pointer } from '../walk';
import type { ConditionalHit } from './conditional';
import { detect as ineligible } from './ineligible-widget';

export const VIRTUAL_AGENT_CONDITION = 'Connect Virtual Agent is acceptable only with a BAA from the AI provider';
export const RELAY_CONDITION = 'Run ConversationRelay is acceptable only with BAAs from the speech and AI providers it uses';

export const meta: LintRuleMeta = {
  id: 'FLOW-VIRTUAL-AGENT',
  title: 'AI voice agent widgets are reviewed',
  severity: 'warn',
  source: 'HIPAA Eligible Services PDF ("Virtual Agent (with Google Dialogflow)*"); S3 "ConversationRelay" (provider BAA); studio-and-optout A3 (warn); issue 5 flow linter',
  remediation: 'Keep Connect Virtual Agent or Run ConversationRelay only with a signed BAA from every speech and AI provider involved; otherwise remove the widget.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
};

export function detect(flow: FlowDefinition): ConditionalHit[] {
  const assistants = new Set(ineligible(flow).filter((i) => i.kind === 'ai-assistant').map((i) => i.index));
  return flow.states.flatMap((state, index): ConditionalHit[] => {
    const at = pointer('states', index, 'type');
    if (state.type === 'connect-virtual-agent' || state.type === 'connect-virtual-agent-v2') return [{ state, index, pointer: at, message: VIRTUAL_AGENT_CONDITION }];
    if (state.type === 'run-conversation-relay' && !assistants.has(index)) return [{ state, index, pointer: at, message: RELAY_CONDITION }];
    return [];
  });
}

export const rule: FlowRule = { meta, check: (flow) => detect(flow).map((h) => flowFinding(meta, h.state, h.pointer, h.message)) };
