/** What the conditional-widget rules (warn) detect: a widget and the condition that makes it acceptable. */
import type { FlowState } from '../../types';

export interface ConditionalHit {
  state: FlowState;
  index: number;
  pointer: string;
  /** Fixed text naming the widget and the condition. */
  message: string;
}
