/**
 * SARIF 2.1.0 for CI code scanning, built with node-sarif-builder. Failures of required rules are
 * errors, recommended ones warnings, unknowns notes; resources are logical locations (SIDs), project
 * findings point at the project file. Each rule carries its HIPAA safeguards as tags
 * (`HIPAA-164.312(e)(1)`, shown by GitHub code scanning) and as properties; each result a stable
 * partial fingerprint (rule + account + resource) and, with --baseline, its SARIF `baselineState`.
 */
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import { citation } from '../../compliance/hipaa-safeguards';
import { findingKey } from './identity';
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
    const rule = new SarifRuleBuilder().initSimple({
      ruleId: r.id,
      shortDescriptionText: r.title,
      fullDescriptionText: `${r.remediation} Source: ${r.source}.`,
    });
    rule.rule.properties = {
      severity: r.severity,
      product: r.product,
      tags: ['HIPAA', ...r.safeguards.map((s) => `HIPAA-${s}`)],
      hipaaSafeguards: r.safeguards.map((s) => citation(s)),
    };
    run.addRule(rule);
  }
  const drift = report.drift;
  const newKeys = new Set(drift?.new.map((d) => d.key));
  for (const r of report.results) {
    if (r.status === 'pass' || r.status === 'skip') continue;
    const projectFile = r.resource?.startsWith('project:')
      ? r.resource.slice('project:'.length).replace(/^\//, '').split('#')[0]
      : undefined;
    const result = new SarifResultBuilder().initSimple({
      ruleId: r.id,
      level: LEVEL[r.status],
      messageText: `${r.status === 'unknown' ? 'Could not be verified: ' : ''}${r.reason}`,
      ...(projectFile ? { fileUri: projectFile } : {}),
    });
    if (!projectFile) {
      result.result.locations = [
        {
          logicalLocations: [
            {
              name: r.resource ?? r.account ?? 'account',
              kind: 'resource',
              fullyQualifiedName: [r.account, r.resource].filter(Boolean).join('/') || undefined,
            },
          ],
        },
      ];
    }
    result.result.properties = {
      status: r.status,
      severity: r.severity,
      ...(r.account ? { account: r.account } : {}),
      hipaaSafeguards: r.safeguards,
    };
    result.result.partialFingerprints = { 'hipaaPreflightFinding/v1': findingKey(r) };
    if (drift) result.result.baselineState = newKeys.has(findingKey(r)) ? 'new' : 'unchanged';
    run.addResult(result);
  }
  run.run.properties = {
    hipaaStatement: report.compliance.statement,
    ...(drift
      ? {
          drift: {
            baseline: drift.baseline,
            counts: drift.counts,
            resolved: drift.resolved.map((d) => d.key),
            unverified: drift.unverified.map((d) => d.key),
          },
        }
      : {}),
  };
  const log = new SarifBuilder();
  log.addRun(run);
  return log.buildSarifJsonString({ indent: true });
}
