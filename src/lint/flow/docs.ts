/**
 * The flow-lint rules as a Markdown table for docs/controls.md ("Lint rules"): requirement
 * (source) → rule id → severity → module, generated from the rule modules so it cannot drift.
 * scripts/gen-controls.ts can splice it in the way it does the preflight table.
 */
import type { FlowRule } from '../types';
import { FLOW_RULES } from './rules';

/** Module file of each rule, relative to the project root. */
export const FLOW_RULE_MODULES: Readonly<Record<string, string>> = {
  'FLOW-HTTPS-URLS': 'src/lint/flow/rules/https-urls.ts',
  'FLOW-HTTP-GET': 'src/lint/flow/rules/http-get.ts',
  'FLOW-HOST-ALLOWLIST': 'src/lint/flow/rules/host-allowlist.ts',
  'FLOW-RUN-FUNCTION-PROTECTED': 'src/lint/flow/rules/run-function-protected.ts',
  'FLOW-OPTOUT-GUARD-FIRST': 'src/lint/flow/rules/optout-guard-first.ts',
  'FLOW-INELIGIBLE-WIDGET': 'src/lint/flow/rules/ineligible-widget.ts',
  'FLOW-WHATSAPP': 'src/lint/flow/rules/whatsapp.ts',
  'FLOW-LIQUID-PHI': 'src/lint/flow/rules/liquid-phi.ts',
  'FLOW-CLINICAL-TEXT': 'src/lint/flow/rules/clinical-text.ts',
  'FLOW-TEXT-PLACEHOLDERS': 'src/lint/flow/rules/text-placeholders.ts',
  'FLOW-RESERVED-REPLY': 'src/lint/flow/rules/reserved-reply.ts',
  'FLOW-RECORDING': 'src/lint/flow/rules/recording.ts',
  'FLOW-VIRTUAL-AGENT': 'src/lint/flow/rules/virtual-agent.ts',
  'FLOW-FORK-STREAM': 'src/lint/flow/rules/fork-stream.ts',
  'FLOW-CAPTURE-PAYMENTS': 'src/lint/flow/rules/capture-payments.ts',
  'FLOW-SEND-TO-FLEX': 'src/lint/flow/rules/send-to-flex.ts',
  'FLOW-MMS-MEDIA': 'src/lint/flow/rules/mms-media.ts',
  'FLOW-ENDS-EXPLICITLY': 'src/lint/flow/rules/ends-explicitly.ts',
};

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function renderFlowRulesTable(rules: readonly FlowRule[] = FLOW_RULES): string {
  const lines = ['| requirement (source) | rule id | severity | checks | module | tests |', '| --- | --- | --- | --- | --- | --- |'];
  for (const { meta } of rules) {
    lines.push(`| ${cell(meta.source)} | \`${meta.id}\` | ${meta.severity} | ${cell(meta.title)} | \`${FLOW_RULE_MODULES[meta.id] ?? '?'}\` | \`test/lint/flow/rules.test.ts\` |`);
  }
  return lines.join('\n');
}
