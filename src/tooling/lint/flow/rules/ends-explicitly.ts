/**
 * FLOW-ENDS-EXPLICITLY (warn): executions end, and end on purpose. Studio keeps an active
 * execution's context (which holds what the patient sent) until it ends, and ends a branch at a
 * transition without `next`. Checks that every outcome of the common widgets is decided (its event
 * is listed, with a `next` or as an explicit end) and that no state reachable from the trigger is
 * caught in a loop that can never reach an end.
 */
import type { FlowDefinition, FlowRule, LintFinding, LintRuleMeta } from '../../types';
import { flowFinding, pointer } from '../walk';

export const meta: LintRuleMeta = {
  id: 'FLOW-ENDS-EXPLICITLY',
  title: 'Every outcome is decided and every execution can end',
  severity: 'warn',
  source:
    'studio-and-optout A3 "Operational" (execution context exposes PHI until the execution ends and is deleted); issue 5 ("Executions end explicitly")',
  remediation:
    'List a transition for every event of the widget (leave next empty to end there) and give every loop a way out, e.g. a counter checked by a Split.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    noTransition: '{{widget}} has no transition for {{event}}; list it (empty next ends the execution)',
    loops: 'executions that reach this state loop without ever reaching an end',
  },
};

/** Events of the widgets whose outcomes matter for ending; other widget types are not checked. */
const EVENTS: Readonly<Record<string, readonly string[]>> = {
  'send-message': ['sent', 'failed'],
  'send-and-wait-for-reply': ['incomingMessage', 'timeout', 'deliveryFailure'],
  'run-function': ['success', 'fail'],
  'make-http-request': ['success', 'failed'],
  'split-based-on': ['noMatch'],
  'say-play': ['audioComplete'],
  'gather-input-on-call': ['keypress', 'speech', 'timeout'],
  'set-variables': ['next'],
};

/** States from which some path reaches a transition without `next` (an end). */
function canEnd(flow: FlowDefinition): Set<string> {
  const ends = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of flow.states) {
      if (ends.has(s.name)) continue;
      if (s.transitions.length === 0 || s.transitions.some((t) => !t.next || ends.has(t.next))) {
        ends.add(s.name);
        changed = true;
      }
    }
  }
  return ends;
}

function reachable(flow: FlowDefinition): Set<string> {
  const byName = new Map(flow.states.map((s) => [s.name, s]));
  const seen = new Set<string>();
  const queue = [flow.initial_state];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (seen.has(name)) continue;
    seen.add(name);
    for (const t of byName.get(name)?.transitions ?? []) if (t.next) queue.push(t.next);
  }
  return seen;
}

export const rule: FlowRule = {
  meta,
  check(flow) {
    const out: LintFinding[] = [];
    flow.states.forEach((state, index) => {
      const listed = new Set(state.transitions.map((t) => t.event));
      for (const event of EVENTS[state.type] ?? []) {
        if (!listed.has(event))
          out.push(
            flowFinding(
              meta,
              state,
              pointer('states', index, 'transitions'),
              `${state.type} has no transition for ${event}; list it (empty next ends the execution)`,
            ),
          );
      }
    });
    const ends = canEnd(flow);
    const live = reachable(flow);
    flow.states.forEach((state, index) => {
      if (live.has(state.name) && !ends.has(state.name))
        out.push(flowFinding(meta, state, pointer('states', index), 'executions that reach this state loop without ever reaching an end'));
    });
    return out;
  },
};
