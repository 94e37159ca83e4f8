/**
 * The structural checks a JSON Schema cannot express, which Studio's FlowValidate enforces (error
 * 81022: unique widget names, transitions naming existing widgets) plus what our templates promise:
 * the initial state is the one trigger, and every widget is reachable from it. A transition without
 * `next` (or with "") ends the execution on that branch, so "every branch ends" means exactly: no
 * `next` names a widget that does not exist. Problems name a JSON pointer, never a value.
 */
import type { FlowDefinition } from '../types';

export interface FlowGraphProblem {
  pointer: string;
  problem: 'duplicate_name' | 'initial_state_missing' | 'initial_state_not_trigger' | 'trigger_count' | 'unknown_next' | 'unreachable';
}

/** Names of the states reachable from the initial state (following every transition). */
export function reachableStates(flow: FlowDefinition): Set<string> {
  const byName = new Map(flow.states.map((s) => [s.name, s]));
  const seen = new Set<string>();
  const queue = [flow.initial_state];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    const state = byName.get(name);
    if (state === undefined || seen.has(name)) continue;
    seen.add(name);
    for (const t of state.transitions) if (t.next) queue.push(t.next);
  }
  return seen;
}

export function flowGraphProblems(flow: FlowDefinition): FlowGraphProblem[] {
  const problems: FlowGraphProblem[] = [];
  const names = new Map<string, number>();
  flow.states.forEach((s, i) => {
    if (names.has(s.name)) problems.push({ pointer: `/states/${i}/name`, problem: 'duplicate_name' });
    else names.set(s.name, i);
  });
  const initial = names.get(flow.initial_state);
  if (initial === undefined) problems.push({ pointer: '/initial_state', problem: 'initial_state_missing' });
  else if (flow.states[initial]?.type !== 'trigger') problems.push({ pointer: '/initial_state', problem: 'initial_state_not_trigger' });
  if (flow.states.filter((s) => s.type === 'trigger').length !== 1) problems.push({ pointer: '/states', problem: 'trigger_count' });
  flow.states.forEach((s, i) =>
    s.transitions.forEach((t, j) => {
      if (t.next && !names.has(t.next)) problems.push({ pointer: `/states/${i}/transitions/${j}/next`, problem: 'unknown_next' });
    }),
  );
  if (initial !== undefined) {
    const reachable = reachableStates(flow);
    flow.states.forEach((s, i) => {
      if (!reachable.has(s.name)) problems.push({ pointer: `/states/${i}`, problem: 'unreachable' });
    });
  }
  return problems;
}
