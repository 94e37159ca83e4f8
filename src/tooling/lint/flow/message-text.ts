/**
 * Runs the message linter (src/tooling/lint/message) over every human-readable text property of a flow,
 * once per flow, for the three text rules. Studio Liquid placeholders are passed as written
 * (`{{flow.data.date}}`): the message linter checks each placeholder's last path segment against
 * its allowlist. One exception: `{{widgets.<w>.parsed.<x>}}` where `<w>` is a Run Function calling
 * a protected Function of this project is text that Function composed from the project's own
 * templates (linted where they live, in assets/), so it is left out of the text checked here. A
 * text the message linter could not check yields an error finding (fail closed).
 */
import { LINT_ENGINE_MESSAGES } from '../declared-messages';
import { lintMessage, MESSAGE_RULES } from '../message/index';
import type { FlowDefinition, FlowLintOptions, LintFinding, LintRuleMeta } from '../types';
import { parsePath } from './liquid';
import { runFunctionTargets } from './rules/run-function-protected';
import { textProperties, type TextProperty } from './text';
import { flowFinding } from './walk';

export interface TextResult {
  text: TextProperty;
  /** Message-linter findings, or null when the linter failed on this text. */
  findings: LintFinding[] | null;
}

const cache = new WeakMap<FlowDefinition, { opts: FlowLintOptions; results: TextResult[] }>();

/** Run Function widgets of this project's protected Functions, by state name. */
function projectFunctions(flow: FlowDefinition, opts: FlowLintOptions): Set<string> {
  return new Set(
    runFunctionTargets(flow)
      .filter((t) => t.path !== null && opts.protectedFunctionPaths.has(t.path))
      .map((t) => t.state.name),
  );
}

/** The text without output tags that print a project Function's result. */
export function withoutFunctionOutput(text: string, functions: ReadonlySet<string>): string {
  if (functions.size === 0) return text;
  return text.replace(/\{\{-?([^{}]*?)-?\}\}/g, (tag, expr: string) => {
    const path = parsePath(expr.split('|')[0] ?? '');
    return path && path.length >= 4 && path[0] === 'widgets' && path[2] === 'parsed' && functions.has(path[1] ?? '') ? ' ' : tag;
  });
}

export function messageResults(flow: FlowDefinition, opts: FlowLintOptions): TextResult[] {
  const hit = cache.get(flow);
  if (hit && hit.opts === opts) return hit.results;
  const functions = projectFunctions(flow, opts);
  const results = textProperties(flow).map((text): TextResult => {
    try {
      return { text, findings: lintMessage(withoutFunctionOutput(text.text, functions)).findings };
    } catch {
      return { text, findings: null };
    }
  });
  cache.set(flow, { opts, results });
  return results;
}

const camel = (s: string): string => s.toLowerCase().replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * The messages of the rules that report message-linter findings on flow text (each spreads these):
 * every message-linter message (and its could-not-run message), placed at the widget, plus a text
 * the message linter could not check.
 */
export const TEXT_MESSAGES: Readonly<Record<string, string>> = {
  notChecked: '{{where}}: the message linter could not check this text',
  ...Object.fromEntries(
    MESSAGE_RULES.flatMap((r) =>
      Object.entries({ ...r.meta.messages, failed: LINT_ENGINE_MESSAGES.messageRuleFailed }).map(([id, text]) => [
        `${camel(r.meta.id)}${id[0]?.toUpperCase()}${id.slice(1)}`,
        `{{where}}: ${text} (${r.meta.id})`,
      ]),
    ),
  ),
};

/**
 * Findings of one flow rule: the message findings whose rule id `accept`s, re-pointed at the
 * state's text property. `onFailure` rules also report texts the message linter could not check.
 */
export function textFindings(
  flow: FlowDefinition,
  opts: FlowLintOptions,
  meta: LintRuleMeta,
  accept: (messageRuleId: string) => boolean,
  onFailure = false,
): LintFinding[] {
  return messageResults(flow, opts).flatMap(({ text, findings }) => {
    const where = `${text.state.type} ${text.property}`;
    if (findings === null)
      return onFailure ? [flowFinding(meta, text.state, text.pointer, `${where}: the message linter could not check this text`)] : [];
    return findings
      .filter((f) => accept(f.ruleId))
      .map((f) => ({ ...flowFinding(meta, text.state, text.pointer, `${where}: ${f.message} (${f.ruleId})`), severity: f.severity }));
  });
}
