/**
 * FLOW-RESERVED-REPLY: reply instructions never use a carrier or FCC keyword (STOP, CANCEL, YES,
 * HELP, …): "Reply CANCEL to cancel" is an opt-out that blocks the acknowledgement (21610) and a
 * per-se revocation. Judged by the message linter (MSG-RESERVED-REPLY); use numeric replies.
 */
import type { FlowRule, LintRuleMeta } from '../../types';
import { TEXT_MESSAGES, textFindings } from '../message-text';

export const RESERVED_RULES: readonly string[] = ['MSG-RESERVED-REPLY'];

export const meta: LintRuleMeta = {
  id: 'FLOW-RESERVED-REPLY',
  title: 'Reply instructions use no reserved keywords',
  severity: 'error',
  source: 'studio-and-optout B4 (Twilio opt-out/opt-in/help words), B5 (FCC 24-24 per-se revocation; CTIA); issue 5 flow linter',
  remediation:
    'Ask for numeric replies ("Reply 1 to confirm, 2 to reschedule, 3 to cancel appt") instead of STOP, CANCEL, YES, START, HELP or other reserved words.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    ...TEXT_MESSAGES,
  },
};

export const rule: FlowRule = {
  meta,
  check: (flow, opts) => textFindings(flow, opts, meta, (id) => RESERVED_RULES.includes(id)),
};
