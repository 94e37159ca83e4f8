/**
 * The message linter's API: classifies a message or template as PHI-free or not, with reasons.
 * Pure and synchronous (the lexicon is compiled once, on first use). The flow linter calls it on
 * Studio widget text; the CLI (src/tooling/lint/cli/message-cli.ts) on a text or a templates file.
 * Fail closed: a rule that throws yields an error finding, so the text is not PHI-free.
 */
import type { LintFinding, MessageLintOptions, MessageRule } from '../types';
import { rule as clinicalTerms } from './rules/clinical-terms';
import { rule as patientNamePlaceholder } from './rules/patient-name-placeholder';
import { rule as placeholderAllowlist } from './rules/placeholder-allowlist';
import { rule as providerName } from './rules/provider-name';
import { rule as reservedReply } from './rules/reserved-reply';
import { checkDeclared, LINT_ENGINE_MESSAGES } from '../declared-messages';

export { getLexicon, LexiconError } from './lexicon';
export { findPlaceholders, placeholderKey, type Placeholder } from './placeholders';

/** Placeholders a template may use unless the caller says otherwise. */
export const DEFAULT_ALLOWED_PLACEHOLDERS: readonly string[] = Object.freeze(['clinicName', 'date', 'time', 'locationName']);

export const MESSAGE_RULES: readonly MessageRule[] = Object.freeze([
  clinicalTerms,
  providerName,
  patientNamePlaceholder,
  placeholderAllowlist,
  reservedReply,
]);

export interface MessageLintResult {
  phiFree: boolean;
  findings: LintFinding[];
}

export function lintMessage(text: string, opts: Partial<MessageLintOptions> = {}): MessageLintResult {
  if (typeof text !== 'string') throw new TypeError('lintMessage: text must be a string');
  const options: MessageLintOptions = { allowedPlaceholders: opts.allowedPlaceholders ?? DEFAULT_ALLOWED_PLACEHOLDERS };
  const findings: LintFinding[] = [];
  for (const r of MESSAGE_RULES) {
    try {
      const found = r.check(text, options);
      findings.push(...found);
    } catch {
      findings.push({
        ruleId: r.meta.id,
        severity: 'error',
        message: LINT_ENGINE_MESSAGES.messageRuleFailed,
        state: null,
        pointer: '',
      });
    }
  }
  // Under test: every message is one its rule declared (declared-messages.ts).
  for (const f of findings)
    checkDeclared(f.ruleId, MESSAGE_RULES.find((r) => r.meta.id === f.ruleId)?.meta.messages, f.message, LINT_ENGINE_MESSAGES);
  return { phiFree: !findings.some((f) => f.severity === 'error'), findings };
}
