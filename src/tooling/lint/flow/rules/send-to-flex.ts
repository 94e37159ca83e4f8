/**
 * FLOW-SEND-TO-FLEX (warn): Flex is eligible only with a session timeout and PHI-free task
 * attributes (the attributes' Liquid is checked by FLOW-LIQUID-PHI). Also part of the detection
 * behind preflight STUDIO-CONDITIONAL-WIDGETS.
 */
import type { FlowDefinition, FlowRule, LintRuleMeta } from '../../types';
import { flowFinding, pointer } from '../walk';
import type { ConditionalHit } from './conditional';

export const FLEX_CONDITION = 'Send to Flex is acceptable only with a Flex session timeout and PHI-free task attributes';

export const meta: LintRuleMeta = {
  id: 'FLOW-SEND-TO-FLEX',
  title: 'Send to Flex widgets are reviewed',
  severity: 'warn',
  source: 'S3 "Flex" (session timeout, PHI-free attributes); studio-and-optout A3 (warn: send-to-flex); issue 5 flow linter',
  remediation: 'Keep Send to Flex only with a Flex session (inactivity) timeout configured and task attributes that carry no PHI; otherwise remove it.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
};

export function detect(flow: FlowDefinition): ConditionalHit[] {
  return flow.states.flatMap((state, index): ConditionalHit[] =>
    state.type === 'send-to-flex' ? [{ state, index, pointer: pointer('states', index, 'type'), message: FLEX_CONDITION }] : [],
  );
}

export const rule: FlowRule = { meta, check: (flow) => detect(flow).map((h) => flowFinding(meta, h.state, h.pointer, h.message)) };
