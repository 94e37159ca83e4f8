/**
 * Input validation before any rule runs: the definition must match schemas/studio-flow.schema.json
 * (src/tooling/lint/flow/schema.ts, the one compiled validator) and hang together (unique state names,
 * `initial_state` and every `next` naming a state: src/tooling/lint/flow/graph.ts). Problems are reported
 * with the JSON pointer and the failed rule, never the offending value. Reachability and the single
 * trigger are template promises, checked by the template tests, not reasons to refuse input.
 */
import { flowGraphProblems, type FlowGraphProblem } from './graph';
import { validateFlowDefinition } from './schema';
import type { FlowDefinition } from '../types';

/** Invalid or unusable input: exit 2. `pointer` is the JSON pointer of the first problem ('' = the document). */
export class FlowInputError extends Error {
  constructor(
    readonly pointer: string,
    readonly rule: string,
  ) {
    super(`invalid flow definition at ${pointer || '/'} (${rule})`);
    this.name = 'FlowInputError';
  }
}

/** The linter itself cannot run: exit 2, nothing was checked. */
export class FlowLinterSetupError extends Error {}

/** Graph problems that make a definition unusable, with the rule text the CLI prints. */
const INPUT_PROBLEMS: Partial<Record<FlowGraphProblem['problem'], string>> = {
  duplicate_name: 'duplicate state name',
  initial_state_missing: 'names no state',
  unknown_next: 'names no state',
};

/** The definition as a FlowDefinition, or a FlowInputError naming the first problem. */
export function validateFlow(definition: unknown): FlowDefinition {
  const result = validateFlowDefinition(definition);
  if (!result.ok) {
    const first = result.errors[0];
    throw new FlowInputError(first?.pointer ?? '', first?.rule ?? 'invalid');
  }
  const problem = flowGraphProblems(result.flow).find((p) => INPUT_PROBLEMS[p.problem] !== undefined);
  if (problem) throw new FlowInputError(problem.pointer, INPUT_PROBLEMS[problem.problem] as string);
  return result.flow;
}
