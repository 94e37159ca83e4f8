/**
 * MSG-CLINICAL-TERMS: clinical words in a message or template (conditions, specialties,
 * medications, procedures, lab and result words, and sensitive categories: mental health,
 * substance use, HIV/STI, reproductive health, genetics), from the versioned lexicon in
 * lexicon/message-lexicon.json, stemmed in English and Spanish. Also catches PHI hidden in a
 * clinic or location name ("Oncology Center", "Planned Parenthood", "Methadone Clinic").
 */
import type { LintFinding, LintRuleMeta, MessageRule } from '../../types';
import { detectLanguages } from '../language';
import { findTerms, getLexicon } from '../lexicon';
import { analyze } from '../text';

export const meta: LintRuleMeta = {
  id: 'MSG-CLINICAL-TERMS',
  title: 'Messages and templates carry no clinical terms',
  severity: 'error',
  source: 'Seed 000 (PHI-free message examples); issue 5 "Message linter"; reference A3 "Static clinical terms in the text"',
  remediation:
    'Remove the clinical word: say "your appointment", never the condition, specialty, medication, procedure or result. Use a neutral location or clinic name (e.g. "Main Street Clinic"), not one that names a specialty or service.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    clinicalTerm: "clinical term '{{term}}' ({{category}})",
  },
};

export const rule: MessageRule = {
  meta,
  check(text) {
    const { tokens } = analyze(text);
    const seen = new Set<string>();
    const findings: LintFinding[] = [];
    for (const m of findTerms(getLexicon(), tokens, detectLanguages(tokens))) {
      const key = `${m.category}\u0000${m.term}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        ruleId: meta.id,
        severity: meta.severity,
        message: `clinical term '${m.term}' (${m.category.replace(/_/g, ' ')})`,
        state: null,
        pointer: '',
      });
    }
    return findings;
  },
};
