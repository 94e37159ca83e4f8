/**
 * SARIF 2.1.0 for CI code scanning, built with node-sarif-builder. Failures of required rules are
 * errors, recommended ones warnings, unknowns notes; resources are logical locations (SIDs), project
 * findings point at the project file.
 */
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Report, ReportResult } from './report';

const LEVEL: Record<ReportResult['status'], 'error' | 'warning' | 'note' | 'none'> = {
  fail: 'error',
  warn: 'warning',
  unknown: 'warning',
  pass: 'none',
  skip: 'none',
};

export function formatSarif(report: Report): string {
  const run = new SarifRunBuilder().initSimple({ toolDriverName: report.tool.name, toolDriverVersion: report.tool.version });
  const seen = new Set<string>();
  for (const r of report.results) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const rule = new SarifRuleBuilder().initSimple({ ruleId: r.id, shortDescriptionText: r.title, fullDescriptionText: `${r.remediation} Source: ${r.source}.` });
    rule.rule.properties = { severity: r.severity, product: r.product };
    run.addRule(rule);
  }
  for (const r of report.results) {
    if (r.status === 'pass' || r.status === 'skip') continue;
    const projectFile = r.resource?.startsWith('project:') ? r.resource.slice('project:'.length).replace(/^\//, '').split('#')[0] : undefined;
    const result = new SarifResultBuilder().initSimple({
      ruleId: r.id,
      level: LEVEL[r.status],
      messageText: `${r.status === 'unknown' ? 'Could not be verified: ' : ''}${r.reason}`,
      ...(projectFile ? { fileUri: projectFile } : {}),
    });
    if (!projectFile) {
      result.result.locations = [{ logicalLocations: [{ name: r.resource ?? r.account ?? 'account', kind: 'resource', fullyQualifiedName: [r.account, r.resource].filter(Boolean).join('/') || undefined }] }];
    }
    result.result.properties = { status: r.status, severity: r.severity, ...(r.account ? { account: r.account } : {}) };
    run.addResult(result);
  }
  const log = new SarifBuilder();
  log.addRun(run);
  return log.buildSarifJsonString({ indent: true });
}
