/**
 * Text output of the lint CLIs: one line per finding (`file:pointer  severity  RULE-ID  [state]
 * message`), one line per input error, then a summary line.
 */
import type { LintTarget } from './result';
import { summarize } from './result';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatText(targets: readonly LintTarget[]): string {
  const lines: string[] = [];
  for (const t of targets) {
    const file = t.file ?? '<text>';
    if (t.error) lines.push(`${file}:${t.error.pointer || '/'}  invalid  ${t.error.message}`);
    for (const f of t.findings)
      lines.push(
        `${file}:${f.pointer || '/'}  ${f.severity === 'error' ? 'error' : 'warn '}  ${f.ruleId}  ${f.state !== null ? `[${f.state}] ` : ''}${f.message}`,
      );
  }
  const s = summarize(targets);
  lines.push(
    s.errors + s.warnings + s.invalid === 0
      ? `no findings in ${plural(s.inputs, 'input')}: exit 0`
      : `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.invalid} invalid in ${plural(s.inputs, 'input')}: exit ${s.exitCode}`,
  );
  return `${lines.join('\n')}\n`;
}
