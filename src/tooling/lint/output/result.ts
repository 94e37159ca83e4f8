/**
 * What the lint CLIs report, whatever the format: one entry per linted input (a file, or an inline
 * text with `file: null`) with its findings, or the input error that stopped it (exit 2). Exit code:
 * 2 if any input was unreadable or invalid, else 1 if any finding is an error, else 0.
 */
import type { LintFinding } from '../types';

export interface LintInputError {
  /** JSON pointer of the first problem ('' = the whole input, e.g. unreadable or not JSON). */
  pointer: string;
  /** Fixed text: what is wrong, never the input's content. */
  message: string;
}

export interface LintTarget {
  file: string | null;
  findings: LintFinding[];
  error?: LintInputError;
}

export interface LintSummary {
  inputs: number;
  errors: number;
  warnings: number;
  invalid: number;
  exitCode: 0 | 1 | 2;
}

export function summarize(targets: readonly LintTarget[]): LintSummary {
  const all = targets.flatMap((t) => t.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.length - errors;
  const invalid = targets.filter((t) => t.error).length;
  return { inputs: targets.length, errors, warnings, invalid, exitCode: invalid > 0 ? 2 : errors > 0 ? 1 : 0 };
}

export interface ToolInfo {
  name: string;
  version: string;
}
