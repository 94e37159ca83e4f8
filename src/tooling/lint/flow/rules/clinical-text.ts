/**
 * FLOW-CLINICAL-TEXT: what a patient reads or hears (message bodies, spoken prompts) carries no
 * clinical wording and no provider names, judged by the message linter (MSG-CLINICAL-TERMS,
 * MSG-PROVIDER-NAME). Message-linter findings of rules this module does not know are reported
 * here too, as is a text the message linter could not check (fail closed).
 */
import type { FlowRule, LintRuleMeta } from '../../types';
import { TEXT_MESSAGES, textFindings } from '../message-text';
import { PLACEHOLDER_RULES } from './text-placeholders';
import { RESERVED_RULES } from './reserved-reply';

export const meta: LintRuleMeta = {
  id: 'FLOW-CLINICAL-TEXT',
  title: 'Message and spoken text carries no clinical terms or provider names',
  severity: 'error',
  source:
    'S0 (PHI-free message examples: no conditions, specialties, medications, results or "Dr. Smith"); S3 (Message Redaction does not cover Studio); issue 5 flow linter ("clinical words in static text")',
  remediation:
    'Rewrite the text without conditions, specialties, medications, procedures, results or provider names, e.g. "You have an appointment at [Clinic Name] tomorrow at 2pm."',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    ...TEXT_MESSAGES,
  },
};

const OTHERS = new Set([...PLACEHOLDER_RULES, ...RESERVED_RULES]);

export const rule: FlowRule = {
  meta,
  check: (flow, opts) => textFindings(flow, opts, meta, (id) => !OTHERS.has(id), true),
};
