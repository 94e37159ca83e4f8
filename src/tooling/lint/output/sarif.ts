/**
 * SARIF 2.1.0 output of the lint CLIs (node-sarif-builder), for CI code scanning: rules from their
 * metadata, one result per finding located at the file with the JSON pointer as a logical location,
 * and unreadable or invalid inputs as errors of the LINT-INPUT-INVALID rule.
 */
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LintFinding, LintRuleMeta } from '../types';
import type { LintTarget, ToolInfo } from './result';

export const INPUT_RULE_ID = 'LINT-INPUT-INVALID';

function result(
  ruleId: string,
  level: 'error' | 'warning',
  text: string,
  file: string | null,
  pointer: string,
  state: string | null,
): SarifResultBuilder {
  // Project files stay relative (code scanning resolves them against the checkout); others become file:// URIs.
  const uri = file && isAbsolute(file) ? pathToFileURL(file).href : file;
  const r = new SarifResultBuilder().initSimple({ ruleId, level, messageText: text, ...(uri ? { fileUri: uri } : {}) });
  const logical = { name: state ?? (pointer || '/'), fullyQualifiedName: pointer || '/', kind: 'object' };
  if (file && r.result.locations?.[0]) r.result.locations[0].logicalLocations = [logical];
  else r.result.locations = [{ logicalLocations: [logical] }];
  r.result.properties = { pointer: pointer || '/', ...(state !== null ? { state } : {}) };
  return r;
}

export function formatSarif(targets: readonly LintTarget[], rules: readonly LintRuleMeta[], tool: ToolInfo): string {
  const run = new SarifRunBuilder().initSimple({ toolDriverName: tool.name, toolDriverVersion: tool.version });
  for (const meta of rules) {
    const rule = new SarifRuleBuilder().initSimple({
      ruleId: meta.id,
      shortDescriptionText: meta.title,
      fullDescriptionText: `${meta.remediation} Source: ${meta.source}.`,
    });
    rule.rule.properties = { severity: meta.severity, docs: meta.docs };
    run.addRule(rule);
  }
  run.addRule(
    new SarifRuleBuilder().initSimple({
      ruleId: INPUT_RULE_ID,
      shortDescriptionText: 'The input is readable and valid',
      fullDescriptionText: 'Fix the file so it can be read and validates against its schema.',
    }),
  );
  for (const t of targets) {
    if (t.error) run.addResult(result(INPUT_RULE_ID, 'error', t.error.message, t.file, t.error.pointer, null));
    t.findings.forEach((f: LintFinding) =>
      run.addResult(result(f.ruleId, f.severity === 'error' ? 'error' : 'warning', f.message, t.file, f.pointer, f.state)),
    );
  }
  const log = new SarifBuilder();
  log.addRun(run);
  return log.buildSarifJsonString({ indent: true });
}
