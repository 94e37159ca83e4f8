/**
 * The lint rule model, shaped like ESLint rule modules: each rule has metadata (stable id,
 * severity, source requirement, docs, remediation, fixable) and a check returning findings with a
 * JSON pointer. Flow rules look at a Studio flow definition; message rules at one text (a template
 * or a message). Findings name rule, state and pointer; a message finding may quote the matched
 * term of a template (templates are ours, not patient data), never a whole message.
 */

export type LintSeverity = 'error' | 'warn';

export interface LintRuleMeta {
  /** Stable id, e.g. `FLOW-HTTPS-URLS`, `MSG-CLINICAL-TERMS`. */
  id: string;
  title: string;
  severity: LintSeverity;
  /** Source requirement: seed and section, reference note, API-map row. */
  source: string;
  /** What to change to make the finding go away (the condition that makes a `warn` acceptable). */
  remediation: string;
  /** docs/controls.md anchor or README section. */
  docs: string;
  fixable: boolean;
  /**
   * Every message the rule's findings may carry, by id: fixed text, or `{{name}}` placeholders for
   * non-PHI data (declared-messages.ts). Every rule declares them (test/lint/rule-messages.test.ts);
   * the runners refuse an undeclared message under test.
   */
  messages?: Readonly<Record<string, string>>;
}

export interface LintFinding {
  ruleId: string;
  severity: LintSeverity;
  /** Fixed text built from the rule, the widget type and matched template terms only. */
  message: string;
  /** Studio state name (flow rules), or null. */
  state: string | null;
  /** RFC 6901 pointer into the linted document, e.g. `/states/3/properties/body`; `''` = the whole text. */
  pointer: string;
}

/** A Studio flow definition as the linters see it (validated against schemas/studio-flow.schema.json first). */
export interface FlowDefinition {
  description?: string;
  initial_state: string;
  flags?: { allow_concurrent_calls?: boolean };
  states: FlowState[];
}

export interface FlowState {
  name: string;
  type: string;
  transitions: { event: string; next?: string; conditions?: unknown[] }[];
  properties: Record<string, unknown>;
}

export interface FlowLintOptions {
  /** Hosts a widget may send data to (besides the project's own Functions). Empty: only Functions and Twilio. */
  allowedHosts: readonly string[];
  /** Paths of this project's protected Functions, e.g. `/optout/guard` (from functions/**\/*.protected.ts). */
  protectedFunctionPaths: ReadonlySet<string>;
}

export interface FlowRule {
  meta: LintRuleMeta;
  check(flow: FlowDefinition, opts: FlowLintOptions): LintFinding[];
}

export interface MessageLintOptions {
  /** Placeholder names a template may use, e.g. clinicName, date, time, locationName. */
  allowedPlaceholders: readonly string[];
}

export interface MessageRule {
  meta: LintRuleMeta;
  check(text: string, opts: MessageLintOptions): LintFinding[];
}
