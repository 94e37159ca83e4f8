/**
 * Precision and recall of the message linter against a labelled set. The positive class is "not
 * PHI-free" (the linter flags it): the same definition the tuning corpus test uses, through the
 * same public entry point (`lintMessage` with its default options). Pure: the caller loads the
 * labelled set. A miss carries the item's id and, for a false positive, the rule ids that flagged
 * it, never the text (a template set is ours, but callers print misses).
 */
import { lintMessage, type MessageLintResult } from './index';

export interface LabelledMessage {
  /** Stable id or note, reported for misses instead of the text. */
  id: string;
  text: string;
  /** True when the message must be flagged (it is not PHI-free). */
  flag: boolean;
}

export interface EvaluationMiss {
  id: string;
  kind: 'false positive' | 'false negative';
  /** Rule ids with an error finding (false positives only). */
  rules: string[];
}

export interface Evaluation {
  total: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** tp / (tp + fp); null when nothing was flagged (undefined, not perfect). */
  precision: number | null;
  /** tp / (tp + fn); null when nothing should have been flagged. */
  recall: number | null;
  misses: EvaluationMiss[];
}

export type MessageLinter = (text: string) => MessageLintResult;

export function evaluateLinter(items: readonly LabelledMessage[], lint: MessageLinter = (t) => lintMessage(t)): Evaluation {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const misses: EvaluationMiss[] = [];
  for (const item of items) {
    const result = lint(item.text);
    const flagged = !result.phiFree;
    if (flagged && item.flag) tp++;
    else if (flagged) {
      fp++;
      const rules = [...new Set(result.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId))];
      misses.push({ id: item.id, kind: 'false positive', rules });
    } else if (item.flag) {
      fn++;
      misses.push({ id: item.id, kind: 'false negative', rules: [] });
    } else tn++;
  }
  return {
    total: items.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
    misses,
  };
}

/** `0.953` style, or `n/a` for an undefined ratio. */
export function formatRatio(r: number | null): string {
  return r === null ? 'n/a' : r.toFixed(3);
}
