/**
 * STUDIO-CONDITIONAL-WIDGETS (API map row 25; recommended): widgets that are acceptable only under
 * a condition the API cannot show. Flex (`send-to-flex`) needs session timeouts and PHI-free task
 * attributes; a Virtual Agent (`connect-virtual-agent`, `-v2`) needs the AI provider's own BAA;
 * `fork-stream` needs a BAA with whoever receives the media stream.
 */
import type { Rule, RuleMeta } from '../../types';
import { perFlow } from './studio-data';

export const meta: RuleMeta = {
  id: 'STUDIO-CONDITIONAL-WIDGETS',
  title: 'Studio widgets that are eligible only with extra safeguards are reviewed',
  severity: 'recommended',
  product: 'studio',
  source: 'S3 "Flex" (session timeout, PHI-free attributes), "ConversationRelay" (provider BAA); S4 Media Streams; HIPAA Eligible Services PDF (Virtual Agent*); API map row 25',
  profiles: ['redaction', 'studio'],
  mode: 'account',
  remediation:
    'Send to Flex: configure a Flex session timeout and keep task attributes PHI-free. Connect Virtual Agent: confirm the provider (Dialogflow) BAA. Fork Stream: confirm a BAA with the stream destination. Otherwise remove the widget.',
  fixable: false,
};

const CONDITIONS: Record<string, string> = {
  'send-to-flex': 'Send to Flex is acceptable only with a Flex session timeout and PHI-free task attributes',
  'connect-virtual-agent': 'Connect Virtual Agent is acceptable only with a BAA from the AI provider',
  'connect-virtual-agent-v2': 'Connect Virtual Agent is acceptable only with a BAA from the AI provider',
  'fork-stream': 'Fork Stream is acceptable only with a BAA from the stream destination',
};

export const rule: Rule = {
  meta,
  check: (ctx) =>
    perFlow(meta, ctx, (states) => {
      const found = states.filter((s) => s.type in CONDITIONS);
      const evidence = {
        sendToFlex: found.filter((s) => s.type === 'send-to-flex').length,
        virtualAgent: found.filter((s) => s.type.startsWith('connect-virtual-agent')).length,
        forkStream: found.filter((s) => s.type === 'fork-stream').length,
      };
      if (found.length === 0) return { status: 'pass', reason: 'no conditional widgets', evidence };
      const reasons = [...new Set(found.map((s) => CONDITIONS[s.type] as string))];
      return { status: 'fail', reason: reasons.join('; '), evidence };
    }),
};
