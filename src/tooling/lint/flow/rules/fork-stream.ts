/**
 * FLOW-FORK-STREAM (warn): Fork Stream sends the call's audio to a WebSocket the customer is
 * responsible for; acceptable only with a BAA from the destination. A `stop` action sends nothing.
 * Also part of the detection behind preflight STUDIO-CONDITIONAL-WIDGETS.
 */
import type { LintRuleMeta } from '../../types';
import { propString } from '../walk';
import { widgetReviewRule } from './conditional';

export const FORK_STREAM_CONDITION = 'Fork Stream is acceptable only with a BAA from the stream destination';

export const meta: LintRuleMeta = {
  id: 'FLOW-FORK-STREAM',
  title: 'Fork Stream widgets are reviewed',
  severity: 'warn',
  source: 'S4 "Media Streams" (customer responsible for the destination); studio-and-optout A3 (warn: fork-stream); issue 5 flow linter',
  remediation:
    'Keep Fork Stream only when the stream destination is covered by a BAA and receives the stream over wss://; otherwise remove it.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    condition: FORK_STREAM_CONDITION,
  },
};

export const { detect, rule } = widgetReviewRule(meta, {
  condition: (state) =>
    state.type === 'fork-stream' && (propString(state, 'stream_action') ?? '').trim().toLowerCase() !== 'stop'
      ? FORK_STREAM_CONDITION
      : null,
});
