/**
 * MSG-PROVIDER-NAME: a provider title with a name ("Dr. Smith", "Doctor Jones", "NP Lee",
 * "PA Chen", "Jane Smith, MD"): a named provider reveals the specialty and the care relationship.
 * "Your doctor" or "our providers" without a name is fine. See providers.ts for the patterns.
 */
import type { LintRuleMeta, MessageRule } from '../../types';
import { findProviderMentions } from '../providers';

export const meta: LintRuleMeta = {
  id: 'MSG-PROVIDER-NAME',
  title: 'Messages and templates name no provider',
  severity: 'error',
  source: 'Seed 000 ("Your follow-up with Dr. Smith…" is not PHI-free); issue 5 "Message linter"',
  remediation: 'Drop the provider: "your appointment at {{clinicName}}" instead of "your appointment with Dr. Smith".',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    providerName: "provider title '{{title}}' followed by a name",
  },
};

export const rule: MessageRule = {
  meta,
  check(text) {
    const titles = [...new Set(findProviderMentions(text).map((m) => m.title))];
    return titles.map((title) => ({
      ruleId: meta.id,
      severity: meta.severity,
      message: `provider title '${title}' followed by a name`,
      state: null,
      pointer: '',
    }));
  },
};
