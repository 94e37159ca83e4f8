/**
 * FLOW-CAPTURE-PAYMENTS (warn): Capture Payments (<Pay>) is eligible, but it charges through a
 * Pay Connector, and Marketplace connectors are not eligible.
 */
import type { LintRuleMeta } from '../../types';
import { widgetReviewRule } from './conditional';

export const CAPTURE_PAYMENTS_CONDITION =
  'Capture Payments is acceptable only with a Pay Connector covered by a BAA (Marketplace Pay Connectors are not HIPAA eligible)';

export const meta: LintRuleMeta = {
  id: 'FLOW-CAPTURE-PAYMENTS',
  title: 'Capture Payments widgets are reviewed',
  severity: 'warn',
  source:
    'S3 (<Pay> eligible); S4 (Marketplace add-ons not eligible); studio-and-optout A3 (warn: capture-payments payment_connector); issue 5 flow linter',
  remediation:
    'Keep Capture Payments only with a payment connector covered by your BAA (not a Marketplace Pay Connector); otherwise take payments outside the flow.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    condition: CAPTURE_PAYMENTS_CONDITION,
  },
};

export const { detect, rule } = widgetReviewRule(meta, {
  condition: (state) => (state.type === 'capture-payments' ? CAPTURE_PAYMENTS_CONDITION : null),
});
