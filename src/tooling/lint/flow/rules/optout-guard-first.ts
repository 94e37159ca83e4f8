/**
 * FLOW-OPTOUT-GUARD-FIRST: every incoming message reaches the opt-out guard before anything else.
 * Each `incomingMessage` / `incomingConversationMessage` transition of the trigger, and each
 * `incomingMessage` of Send & Wait For Reply (which consumes the reply itself), that goes anywhere
 * must go first to a Run Function calling `/optout/guard` (or `/sms/inbound`) with the message's
 * body and sender, and the flow may continue only from the guard's `success` branch (its `fail`
 * branch ends). A transition without `next` ends the flow, which needs no guard. Also the detection
 * behind preflight STUDIO-OPTOUT-GUARD-FIRST.
 */
import type { FlowDefinition, FlowRule, FlowState, LintRuleMeta } from '../../types';
import { liquidRefs } from '../liquid';
import { parseUrl } from '../urls';
import { flowFinding, keyValues, pointer } from '../walk';

export const meta: LintRuleMeta = {
  id: 'FLOW-OPTOUT-GUARD-FIRST',
  title: 'Every incoming message goes through the opt-out guard first',
  severity: 'error',
  source:
    'studio-and-optout B5 (FCC 24-24 revocation by any reasonable means; Send & Wait consumes replies, so the guard goes first); S3 (custom STOP handling); issue 5 templates',
  remediation:
    'Point every incomingMessage transition (Trigger and Send & Wait For Reply) at a Run Function widget calling the protected /optout/guard Function with the message Body and From, continue the flow from its success branch, and let its fail branch end.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    unguarded: '{{widget}} {{event}} does not go to the opt-out guard first',
    noMessage: 'the opt-out guard is not passed the incoming message Body and From',
    failContinues: "the flow continues from the opt-out guard's {{event}} branch; only success may continue",
  },
};

export const GUARD_PATHS: ReadonlySet<string> = new Set(['/optout/guard', '/sms/inbound']);
const RECEIVES: Readonly<Record<string, readonly string[]>> = {
  trigger: ['incomingMessage', 'incomingConversationMessage'],
  'send-and-wait-for-reply': ['incomingMessage'],
};

export interface GuardIssue {
  state: FlowState;
  index: number;
  pointer: string;
  kind: 'unguarded' | 'no-message' | 'fail-continues';
  message: string;
  /** Pointer of the incoming-message transition this issue belongs to. */
  branch: string;
}

export function isGuard(state: FlowState | undefined): state is FlowState {
  if (!state || state.type !== 'run-function') return false;
  const url = state.properties.url;
  const path = typeof url === 'string' ? parseUrl(url).path : null;
  return path !== null && GUARD_PATHS.has(path.replace(/\/+$/, ''));
}

/** The guard's parameters carry the incoming message body and its sender. */
function passesMessage(guard: FlowState): boolean {
  const refs = keyValues(guard, 'parameters')
    .flatMap((p) => liquidRefs(p.value))
    .map((r) => r.path.join('.'));
  const fromMessage = (field: string) => (p: string) =>
    new RegExp(`^(trigger\\.(message|conversation)|widgets\\.[^.]+\\.inbound)\\.${field}$`).test(p);
  return (
    refs.some(fromMessage('Body')) &&
    (refs.some(fromMessage('From')) || refs.some((p) => p === 'contact.channel.address' || p === 'trigger.conversation.Author'))
  );
}

export interface IncomingBranch {
  state: FlowState;
  index: number;
  event: string;
  next: string;
  /** Pointer of the transition's `next`. */
  pointer: string;
}

/** Transitions that hand an incoming message to another widget (ones without `next` end the flow). */
export function incomingBranches(flow: FlowDefinition): IncomingBranch[] {
  return flow.states.flatMap((state, index) =>
    state.transitions.flatMap((t, j) =>
      (RECEIVES[state.type] ?? []).includes(t.event) && t.next
        ? [{ state, index, event: t.event, next: t.next, pointer: pointer('states', index, 'transitions', j, 'next') }]
        : [],
    ),
  );
}

export function detect(flow: FlowDefinition): GuardIssue[] {
  const byName = new Map(flow.states.map((s, i) => [s.name, { state: s, index: i }]));
  const issues: GuardIssue[] = [];
  for (const { state, index, event, next, pointer: branch } of incomingBranches(flow)) {
    const target = byName.get(next);
    if (!target || !isGuard(target.state)) {
      issues.push({
        state,
        index,
        branch,
        pointer: branch,
        kind: 'unguarded',
        message: `${state.type} ${event} does not go to the opt-out guard first`,
      });
      continue;
    }
    const guard = target.state;
    if (!passesMessage(guard)) {
      const at = pointer('states', target.index, 'properties', 'parameters');
      issues.push({
        state: guard,
        index: target.index,
        branch,
        pointer: at,
        kind: 'no-message',
        message: 'the opt-out guard is not passed the incoming message Body and From',
      });
    }
    guard.transitions.forEach((gt, k) => {
      if (gt.event === 'success' || !gt.next) return;
      const at = pointer('states', target.index, 'transitions', k, 'next');
      issues.push({
        state: guard,
        index: target.index,
        branch,
        pointer: at,
        kind: 'fail-continues',
        message: `the flow continues from the opt-out guard's ${gt.event} branch; only success may continue`,
      });
    });
  }
  return issues;
}

export const rule: FlowRule = {
  meta,
  check(flow) {
    const seen = new Set<string>();
    // Two branches into one guard report the guard's own problems once.
    return detect(flow)
      .filter((i) => (seen.has(i.pointer) ? false : (seen.add(i.pointer), true)))
      .map((i) => flowFinding(meta, i.state, i.pointer, i.message));
  },
};
