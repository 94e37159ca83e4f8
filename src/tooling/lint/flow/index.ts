/**
 * The Studio flow linter: `lintFlow(definition, opts)` validates the definition (schema and state
 * graph; a FlowInputError names the JSON pointer of the first problem) and runs every flow rule.
 * A rule that throws yields an error finding instead of silently passing (fail closed).
 */
import type { FlowLintOptions, FlowRule, LintFinding } from '../types';
import { FLOW_RULES } from './rules';
import { validateFlow } from './validate';
import { checkDeclared, LINT_ENGINE_MESSAGES } from '../declared-messages';

export { FLOW_RULES } from './rules';
export { FlowInputError, FlowLinterSetupError } from './validate';
export { protectedFunctionPaths } from './project';

export interface FlowLintResult {
  findings: LintFinding[];
}

function stateIndex(pointer: string): number {
  const m = /^\/states\/(\d+)/.exec(pointer);
  return m ? Number(m[1]) : -1;
}

export function lintFlow(definition: unknown, opts: FlowLintOptions, rules: readonly FlowRule[] = FLOW_RULES): FlowLintResult {
  const flow = validateFlow(definition);
  const findings = rules.flatMap((rule, order) => {
    let found: LintFinding[];
    try {
      found = rule.check(flow, opts);
    } catch {
      found = [{ ruleId: rule.meta.id, severity: 'error', message: LINT_ENGINE_MESSAGES.flowRuleFailed, state: null, pointer: '' }];
    }
    // Under test: every message is one the rule declared (declared-messages.ts).
    for (const f of found) checkDeclared(rule.meta.id, rule.meta.messages, f.message, LINT_ENGINE_MESSAGES);
    return found.map((f) => ({ f, order }));
  });
  findings.sort((a, b) => stateIndex(a.f.pointer) - stateIndex(b.f.pointer) || a.order - b.order);
  return { findings: findings.map(({ f }) => f) };
}
