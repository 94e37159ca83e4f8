/**
 * The flow linter as a deploy gate: every rendered flow is linted (with the deployed protected
 * Functions as the allowed run-function targets, and the hosts hipaa.config.json allows) and a
 * flow with an error-severity finding, or one the linter cannot read, stops the deploy before
 * Studio is touched. Findings are printed as rule id, state and JSON pointer (the linter's
 * messages are PHI-free by contract).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FlowInputError, FlowLinterSetupError } from '../lint/flow';
import type { FlowLintOptions, LintFinding } from '../lint/types';
import { ConfigFileError, loadHipaaConfig } from '../config/hipaa-config';
import { usageError } from './errors';
import type { RenderedFlow } from './render';
import type { RenderTarget } from './target';

export type FlowLinter = (definition: unknown, opts: FlowLintOptions) => { findings: readonly LintFinding[] };

export const HIPAA_CONFIG_FILE = 'hipaa.config.json';

/** `allowedWebhookHosts` of the project's hipaa.config.json (none when there is no such file; an invalid one is exit 2). */
export function allowedHosts(root: string): string[] {
  const path = join(root, HIPAA_CONFIG_FILE);
  if (!existsSync(path)) return [];
  try {
    return loadHipaaConfig(path).allowedWebhookHosts ?? [];
  } catch (err) {
    throw usageError(err instanceof ConfigFileError ? err.message : `cannot load ${HIPAA_CONFIG_FILE}`);
  }
}

export function lintOptions(target: RenderTarget, allowedHosts: readonly string[]): FlowLintOptions {
  const protectedFunctionPaths = new Set([...target.functions].filter(([, f]) => f.visibility === 'protected').map(([path]) => path));
  return { allowedHosts, protectedFunctionPaths };
}

export interface GateResult {
  /** One line per blocking problem. */
  errors: string[];
  /** Warn-severity findings (printed, not blocking). */
  warnings: string[];
}

const line = (file: string, f: LintFinding): string =>
  `${file}: ${f.ruleId}${f.state ? ` in state "${f.state}"` : ''} at ${f.pointer || '/'}: ${f.message}`;

export function lintGate(flows: readonly RenderedFlow[], lint: FlowLinter, opts: FlowLintOptions): GateResult {
  const result: GateResult = { errors: [], warnings: [] };
  for (const f of flows) {
    let findings: readonly LintFinding[];
    try {
      ({ findings } = lint(f.definition, opts));
    } catch (err) {
      // The linter's input and setup errors name a pointer, rule or file only; anything else is reported without its text.
      const why = err instanceof FlowInputError || err instanceof FlowLinterSetupError ? err.message : 'the flow linter could not lint it';
      result.errors.push(`${f.template.file}: ${why}`);
      continue;
    }
    for (const finding of findings) (finding.severity === 'error' ? result.errors : result.warnings).push(line(f.template.file, finding));
  }
  return result;
}
