/**
 * STUDIO-CONDITIONAL-WIDGETS (API map row 25; recommended): widgets that are acceptable only under
 * a condition the API cannot show. Flex (`send-to-flex`) needs session timeouts and PHI-free task
 * attributes; a Virtual Agent (`connect-virtual-agent`, `-v2`) or ConversationRelay needs the AI
 * provider's own BAA; `fork-stream` needs a BAA with whoever receives the media stream. The
 * detections are the flow linter's FLOW-SEND-TO-FLEX, FLOW-VIRTUAL-AGENT and FLOW-FORK-STREAM.
 */
import { detect as forkStream, FORK_STREAM_CONDITION } from '../../../lint/flow/rules/fork-stream';
import { detect as sendToFlex, FLEX_CONDITION } from '../../../lint/flow/rules/send-to-flex';
import { detect as virtualAgent, RELAY_CONDITION, VIRTUAL_AGENT_CONDITION } from '../../../lint/flow/rules/virtual-agent';
import type { Rule, RuleMeta } from '../../types';
import { perFlow, STUDIO_FLOW_MESSAGES } from './studio-data';

export const meta: RuleMeta = {
  id: 'STUDIO-CONDITIONAL-WIDGETS',
  title: 'Studio widgets that are eligible only with extra safeguards are reviewed',
  severity: 'recommended',
  product: 'studio',
  source:
    'S3 "Flex" (session timeout, PHI-free attributes), "ConversationRelay" (provider BAA); S4 Media Streams; HIPAA Eligible Services PDF (Virtual Agent*); API map row 25',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)', '164.308(a)(1)(ii)(B)'],
  mode: 'account',
  remediation:
    'Send to Flex: configure a Flex session timeout and keep task attributes PHI-free. Connect Virtual Agent: confirm the provider (Dialogflow) BAA. Fork Stream: confirm a BAA with the stream destination. Otherwise remove the widget.',
  fixable: false,
  messages: {
    ...STUDIO_FLOW_MESSAGES,
    noConditionalWidgets: 'no conditional widgets',
    forkStream: FORK_STREAM_CONDITION,
    sendToFlex: FLEX_CONDITION,
    virtualAgent: VIRTUAL_AGENT_CONDITION,
    conversationRelay: RELAY_CONDITION,
  },
};

export const rule: Rule = {
  meta,
  check: (ctx) =>
    perFlow(meta, ctx, (flow) => {
      const flex = sendToFlex(flow);
      const agents = virtualAgent(flow);
      const streams = forkStream(flow);
      const evidence = { sendToFlex: flex.length, virtualAgent: agents.length, forkStream: streams.length };
      const found = [...flex, ...agents, ...streams];
      if (found.length === 0) return { status: 'pass', message: 'noConditionalWidgets', evidence };
      return { status: 'fail', reason: [...new Set(found.map((h) => h.message))].join('; '), evidence };
    }),
};
