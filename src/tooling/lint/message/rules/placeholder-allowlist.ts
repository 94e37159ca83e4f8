/**
 * MSG-PLACEHOLDER-ALLOWLIST: every placeholder, in any syntax, must be on the allowlist
 * (opts.allowedPlaceholders; default clinicName, date, time, locationName). Names compare
 * case- and separator-insensitively, and a Liquid path by its last segment, so `[Clinic Name]`,
 * `{{clinic_name}}` and `{{flow.data.clinicName}}` are all clinicName (placeholders.ts).
 */
import type { LintRuleMeta, MessageRule } from '../../types';
import { findPlaceholders, placeholderKey } from '../placeholders';

export const meta: LintRuleMeta = {
  id: 'MSG-PLACEHOLDER-ALLOWLIST',
  title: 'Templates use only allowlisted placeholders',
  severity: 'error',
  source: 'Issue 5 ("Message text uses only allowlisted variables"); schemas/reminder-templates.schema.json; seed 000',
  remediation:
    'Use only the allowlisted placeholders (by default clinicName, date, time, locationName); anything else may carry PHI once filled. Name Studio data keys after them (flow.data.date, not flow.data.appointment_date).',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    unnamed: 'unnamed or unclosed placeholder',
    notAllowlisted: "placeholder '{{placeholder}}' is not allowlisted (allowed: {{allowed}})",
  },
};

export const rule: MessageRule = {
  meta,
  check(text, opts) {
    const allowed = new Set(opts.allowedPlaceholders.map(placeholderKey));
    const seen = new Set<string>();
    const out = [];
    for (const p of findPlaceholders(text)) {
      if (allowed.has(p.key) && p.key !== '') continue;
      if (seen.has(p.path)) continue;
      seen.add(p.path);
      out.push({
        ruleId: meta.id,
        severity: meta.severity,
        message:
          p.key === ''
            ? 'unnamed or unclosed placeholder'
            : `placeholder '${p.path}' is not allowlisted (allowed: ${opts.allowedPlaceholders.join(', ') || 'none'})`,
        state: null,
        pointer: '',
      });
    }
    return out;
  },
};
