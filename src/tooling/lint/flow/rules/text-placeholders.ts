/**
 * FLOW-TEXT-PLACEHOLDERS: placeholders in what a patient reads or hears are only the allowlisted,
 * PHI-free ones (clinic, date, time, location) and never a patient name, judged by the message
 * linter (MSG-PATIENT-NAME-PLACEHOLDER, MSG-PLACEHOLDER-ALLOWLIST) on the Studio Liquid as written,
 * e.g. `{{flow.data.date}}` passes and `{{widgets.ask.inbound.Body}}` does not. The result of a
 * Run Function calling this project's protected Function (`{{widgets.guard.parsed.reply}}`) is
 * text composed from the project's own linted templates and is not judged here (message-text.ts).
 */
import type { FlowRule, LintRuleMeta } from '../../types';
import { TEXT_MESSAGES, textFindings } from '../message-text';

export const PLACEHOLDER_RULES: readonly string[] = ['MSG-PATIENT-NAME-PLACEHOLDER', 'MSG-PLACEHOLDER-ALLOWLIST'];

export const meta: LintRuleMeta = {
  id: 'FLOW-TEXT-PLACEHOLDERS',
  title: 'Message and spoken text uses only allowlisted placeholders',
  severity: 'error',
  source: 'S0 (no patient names in messages); issue 5 ("Message text uses only allowlisted variables")',
  remediation:
    'Use only the allowlisted placeholders ({{flow.data.clinicName}}, {{flow.data.date}}, {{flow.data.time}}, {{flow.data.locationName}}); never a patient name or anything the patient sent.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    ...TEXT_MESSAGES,
  },
};

const quoted = (message: string): string | null => /placeholder '([^']*)'/.exec(message)?.[1] ?? null;

export const rule: FlowRule = {
  meta,
  check(flow, opts) {
    const found = textFindings(flow, opts, meta, (id) => PLACEHOLDER_RULES.includes(id));
    // A patient-name placeholder is also off the allowlist: report it once, as the patient name.
    const names = new Set(
      found.filter((f) => f.message.endsWith('(MSG-PATIENT-NAME-PLACEHOLDER)')).map((f) => `${f.pointer} ${quoted(f.message) ?? ''}`),
    );
    return found.filter(
      (f) => !(f.message.endsWith('(MSG-PLACEHOLDER-ALLOWLIST)') && names.has(`${f.pointer} ${quoted(f.message) ?? ''}`)),
    );
  },
};
