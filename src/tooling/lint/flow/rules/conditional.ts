/**
 * The "this widget needs review" rules (warn): a widget that is acceptable only under a condition
 * the flow cannot show. One template: a rule names, per state, the condition (fixed text) or null,
 * and where the finding points (default: the widget's type). Their `detect` is also the detection
 * behind preflight STUDIO-CONDITIONAL-WIDGETS.
 */
import type { FlowDefinition, FlowRule, FlowState, LintRuleMeta } from '../../types';
import { flowFinding, pointer } from '../walk';

export interface ConditionalHit {
  state: FlowState;
  index: number;
  pointer: string;
  /** Fixed text naming the widget and the condition. */
  message: string;
}

export interface WidgetReviewSpec {
  /** The condition under which this state's widget is acceptable (fixed text), or null: nothing to review. */
  condition(state: FlowState, index: number, flow: FlowDefinition): string | null;
  /** The JSON pointer of the finding (default: the state's `type`). */
  at?(state: FlowState, index: number): string;
}

export function widgetReviewRule(
  meta: LintRuleMeta,
  spec: WidgetReviewSpec,
): { detect(flow: FlowDefinition): ConditionalHit[]; rule: FlowRule } {
  const at = spec.at ?? ((_state: FlowState, index: number) => pointer('states', index, 'type'));
  const detect = (flow: FlowDefinition): ConditionalHit[] =>
    flow.states.flatMap((state, index): ConditionalHit[] => {
      const message = spec.condition(state, index, flow);
      return message === null ? [] : [{ state, index, pointer: at(state, index), message }];
    });
  return { detect, rule: { meta, check: (flow) => detect(flow).map((h) => flowFinding(meta, h.state, h.pointer, h.message)) } };
}
