/**
 * FLOW-SEND-TO-FLEX (warn): Flex is eligible only with a session timeout and PHI-free task
 * attributes (the attributes' Liquid is checked by FLOW-LIQUID-PHI). Also part of the detection
 * behind preflight STUDIO-CONDITIONAL-WIDGETS.
 */
import type { LintRuleMeta } from '../../types';
import { widgetReviewRule } from './conditional';

export const FLEX_CONDITION = 'Send to Flex is acceptable only with a Flex session timeout and PHI-free task attributes';

export const meta: LintRuleMeta = {
  id: 'FLOW-SEND-TO-FLEX',
  title: 'Send to Flex widgets are reviewed',
  severity: 'warn',
  source: 'S3 "Flex" (session timeout, PHI-free attributes); studio-and-optout A3 (warn: send-to-flex); issue 5 flow linter',
  remediation:
    'Keep Send to Flex only with a Flex session (inactivity) timeout configured and task attributes that carry no PHI; otherwise remove it.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    condition: FLEX_CONDITION,
  },
};

export const { detect, rule } = widgetReviewRule(meta, { condition: (state) => (state.type === 'send-to-flex' ? FLEX_CONDITION : null) });
