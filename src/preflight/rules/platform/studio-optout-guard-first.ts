/**
 * STUDIO-OPTOUT-GUARD-FIRST (studio profile; API map row 25; opt-out notes B5): every incoming
 * message must reach the opt-out guard before anything else. Each `incomingMessage` transition of
 * the `trigger` (and of `send-and-wait-for-reply`, which consumes replies itself) must lead first to
 * a `run-function` whose URL path is `/optout/guard` or `/sms/inbound`. A transition without `next`
 * ends the flow without handling the message, which needs no guard.
 */
import type { Rule, RuleMeta } from '../../types';
import { pathOf } from './platform-util';
import { perFlow, prop, type FlowState } from './studio-data';

export const meta: RuleMeta = {
  id: 'STUDIO-OPTOUT-GUARD-FIRST',
  title: 'Every incoming message in a Studio flow goes through the opt-out guard first',
  severity: 'required',
  product: 'studio',
  source: 'S3 (custom STOP handling); studio-and-optout B5 (FCC 24-24 revocation, guard first); API map row 25',
  profiles: ['studio'],
  mode: 'account',
  remediation:
    'Point every incomingMessage transition (Trigger and Send & Wait For Reply) at a Run Function widget calling the protected /sms/inbound (or /optout/guard) Function, and continue the flow from its success branch.',
  fixable: false,
};

export const GUARD_PATHS: ReadonlySet<string> = new Set(['/optout/guard', '/sms/inbound']);
const RECEIVERS = new Set(['trigger', 'send-and-wait-for-reply']);

function isGuard(state: FlowState | undefined): boolean {
  if (!state || state.type !== 'run-function') return false;
  const path = pathOf(prop(state, 'url'));
  return path !== null && GUARD_PATHS.has(path.replace(/\/+$/, ''));
}

export const rule: Rule = {
  meta,
  check: (ctx) =>
    perFlow(meta, ctx, (states) => {
      const byName = new Map(states.map((s) => [s.name, s]));
      let branches = 0;
      let unguarded = 0;
      for (const state of states.filter((s) => RECEIVERS.has(s.type))) {
        for (const t of state.transitions) {
          if (t.event !== 'incomingMessage' || t.next === null) continue;
          branches += 1;
          if (!isGuard(byName.get(t.next))) unguarded += 1;
        }
      }
      const evidence = { incomingMessageBranches: branches, unguardedBranches: unguarded };
      if (unguarded > 0) return { status: 'fail', reason: 'an incoming-message branch does not start with the opt-out guard', evidence };
      return { status: 'pass', reason: branches > 0 ? 'every incoming-message branch starts with the opt-out guard' : 'the flow handles no incoming messages', evidence };
    }),
};
