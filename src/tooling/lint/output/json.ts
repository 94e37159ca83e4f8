/**
 * JSON output of the lint CLIs: the tool, one result per input (file, findings with rule id,
 * severity, state and JSON pointer, or the input error) and the summary with the exit code.
 */
import type { LintTarget, ToolInfo } from './result';
import { summarize } from './result';

export function formatJson(targets: readonly LintTarget[], tool: ToolInfo): string {
  const results = targets.map((t) => ({
    file: t.file,
    ...(t.error ? { error: t.error } : {}),
    findings: t.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, state: f.state, pointer: f.pointer, message: f.message })),
  }));
  return `${JSON.stringify({ tool, results, summary: summarize(targets) }, null, 2)}\n`;
}
