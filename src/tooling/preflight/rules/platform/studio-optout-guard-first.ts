/**
 * STUDIO-OPTOUT-GUARD-FIRST (studio profile; API map row 25; opt-out notes B5): every incoming
 * message must reach the opt-out guard before anything else. Each `incomingMessage` transition of
 * the `trigger` (and of `send-and-wait-for-reply`, which consumes replies itself) must lead first to
 * a `run-function` whose URL path is `/optout/guard` or `/sms/inbound`, passed the message, with
 * only its success branch continuing. A transition without `next` ends the flow, which needs no
 * guard. The detection is the flow linter's FLOW-OPTOUT-GUARD-FIRST.
 */
import { detect, GUARD_PATHS, incomingBranches } from '../../../lint/flow/rules/optout-guard-first';
import type { Rule, RuleMeta } from '../../types';
import { perFlow, STUDIO_FLOW_MESSAGES } from './studio-data';

export { GUARD_PATHS };

export const meta: RuleMeta = {
  id: 'STUDIO-OPTOUT-GUARD-FIRST',
  title: 'Every incoming message in a Studio flow goes through the opt-out guard first',
  severity: 'required',
  product: 'studio',
  source: 'S3 (custom STOP handling); studio-and-optout B5 (FCC 24-24 revocation, guard first); API map row 25',
  profiles: ['studio'],
  safeguards: ['164.308(a)(1)(ii)(B)'],
  mode: 'account',
  remediation:
    'Point every incomingMessage transition (Trigger and Send & Wait For Reply) at a Run Function widget calling the protected /sms/inbound (or /optout/guard) Function, and continue the flow from its success branch.',
  fixable: false,
  messages: {
    ...STUDIO_FLOW_MESSAGES,
    incomingMessageBranchDoes: 'an incoming-message branch does not start with the opt-out guard',
    everyIncomingMessageBranch: 'every incoming-message branch starts with the opt-out guard',
    flowHandlesIncomingMessages: 'the flow handles no incoming messages',
  },
};

export const rule: Rule = {
  meta,
  check: (ctx) =>
    perFlow(meta, ctx, (flow) => {
      const branches = incomingBranches(flow).length;
      const unguarded = new Set(detect(flow).map((i) => i.branch)).size;
      const evidence = { incomingMessageBranches: branches, unguardedBranches: unguarded };
      if (unguarded > 0) return { status: 'fail', message: 'incomingMessageBranchDoes', evidence };
      return { status: 'pass', message: branches > 0 ? 'everyIncomingMessageBranch' : 'flowHandlesIncomingMessages', evidence };
    }),
};
