/**
 * MSG-RESERVED-REPLY: a reply instruction whose keyword is reserved (STOP, CANCEL, YES, START,
 * HELP, PARAR, SÍ… from src/runtime/core/keyword-lists.ts) and used for something else ("Reply YES to
 * confirm", "Text CANCEL to cancel"). Twilio blocks the number on CANCEL, flips opt-in on YES, and
 * the FCC treats CANCEL as a revocation: use numeric replies. The opt-out and help notices
 * ("Reply STOP to opt out", "Reply HELP for help") pass (reply-instructions.ts).
 */
import type { LintRuleMeta, MessageRule } from '../../types';
import { findReplyInstructions } from '../reply-instructions';
import { analyze } from '../text';

export const meta: LintRuleMeta = {
  id: 'MSG-RESERVED-REPLY',
  title: 'Reply instructions use no reserved keyword except for its own meaning',
  severity: 'error',
  source:
    'Reference B4 (Twilio opt-out, opt-in and help words), B5 (FCC 24-24 per-se revocation words; "Linter rule"); issue 5 "Message linter"',
  remediation:
    'Use numeric replies ("Reply 1 to confirm, 2 to reschedule, 3 to cancel"); keep reserved words for their meaning ("Reply STOP to opt out", "Reply HELP for help").',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    reservedKeyword: "reply instruction uses the reserved keyword '{{keyword}}' ({{kind}}) for another purpose",
  },
};

export const rule: MessageRule = {
  meta,
  check(text) {
    const seen = new Set<string>();
    const out = [];
    for (const r of findReplyInstructions(analyze(text).tokens)) {
      if (r.allowed || seen.has(r.keyword)) continue;
      seen.add(r.keyword);
      out.push({
        ruleId: meta.id,
        severity: meta.severity,
        message: `reply instruction uses the reserved keyword '${r.keyword.toUpperCase()}' (${r.kind === 'optout' ? 'an opt-out word' : r.kind === 'optin' ? 'an opt-in word' : 'a help word'}) for another purpose`,
        state: null,
        pointer: '',
      });
    }
    return out;
  },
};
