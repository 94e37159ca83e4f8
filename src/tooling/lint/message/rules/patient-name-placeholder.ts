/**
 * MSG-PATIENT-NAME-PLACEHOLDER: a placeholder that carries a patient name or another identifier
 * ({{first_name}}, {{patientName}}, {{flow.data.name}}, [Patient Name], <name>, %NAME%, {{dob}},
 * MRN, the patient's number or message body), in any placeholder syntax (placeholders.ts,
 * identifiers.ts).
 */
import type { LintRuleMeta, MessageRule } from '../../types';
import { identifierKind } from '../identifiers';
import { findPlaceholders } from '../placeholders';

export const meta: LintRuleMeta = {
  id: 'MSG-PATIENT-NAME-PLACEHOLDER',
  title: 'Templates use no placeholder that carries a patient identifier',
  severity: 'error',
  source: 'Seed 000 (no patient identifiers in message bodies); issue 5 "Message linter"; reference A3 (Liquid naming PHI-like keys)',
  remediation:
    'Remove the placeholder: a reminder says who it is from ({{clinicName}}) and when ({{date}}, {{time}}), never who it is for.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    identifier: "placeholder '{{placeholder}}' carries a patient identifier ({{kind}})",
  },
};

export const rule: MessageRule = {
  meta,
  check(text) {
    const seen = new Set<string>();
    const out = [];
    for (const p of findPlaceholders(text)) {
      const kind = identifierKind(p.key);
      if (kind === null || seen.has(p.path)) continue;
      seen.add(p.path);
      out.push({
        ruleId: meta.id,
        severity: meta.severity,
        message: `placeholder '${p.path}' carries a patient identifier (${kind})`,
        state: null,
        pointer: '',
      });
    }
    return out;
  },
};
