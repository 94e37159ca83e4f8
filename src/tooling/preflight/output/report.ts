/**
 * The versioned JSON report (schema: schemas/preflight-report.schema.json). Everything the other
 * formats print comes from here, so no output can carry more than the findings do.
 */
import { EVIDENCE_NOT_CERTIFICATION, SAFEGUARDS, sortSections, type SafeguardId } from '../../compliance/hipaa-safeguards';
import type { Finding, Profile, Status } from '../types';
import { breakdown, type Breakdown } from './breakdown';
import { computeDrift, type Baseline, type Drift } from './drift';

export const REPORT_VERSION = 1;

export interface ReportResult {
  id: string;
  title: string;
  severity: Finding['severity'];
  product: Finding['product'];
  status: Status;
  account: string | null;
  resource: string | null;
  reason: string;
  evidence: Finding['evidence'];
  remediation: string;
  fixable: boolean;
  source: string;
  /** 45 CFR 164.3xx sections the rule supports. */
  safeguards: SafeguardId[];
}

/** The HIPAA Security Rule sections the report cites, with their names, and what a pass means. */
export interface ComplianceMapping {
  framework: 'HIPAA Security Rule (45 CFR Part 164, Subpart C)';
  statement: string;
  safeguards: Record<string, string>;
}

export interface Report {
  version: typeof REPORT_VERSION;
  tool: { name: string; version: string };
  generatedAt: string;
  account: string | null;
  accountChecked: boolean;
  profile: Profile;
  results: ReportResult[];
  summary: Record<Status, number> & { total: number; exitCode: 0 | 1 | 2 | 3 };
  compliance: ComplianceMapping;
  breakdown: Breakdown;
  /** Present when run with --baseline: what is new, resolved, unchanged (and unverified) since then. */
  drift?: Drift;
}

const ORDER: Status[] = ['fail', 'unknown', 'warn', 'pass', 'skip'];

export function buildReport(input: {
  findings: readonly Finding[];
  account: string | null;
  accountChecked: boolean;
  profile: Profile;
  exitCode: 0 | 1 | 2 | 3;
  toolVersion: string;
  now?: Date;
  baseline?: Baseline;
}): Report {
  const results: ReportResult[] = [...input.findings]
    .sort(
      (a, b) =>
        a.product.localeCompare(b.product) ||
        ORDER.indexOf(a.status) - ORDER.indexOf(b.status) ||
        a.id.localeCompare(b.id) ||
        String(a.resource).localeCompare(String(b.resource)),
    )
    .map((f) => ({
      id: f.id,
      title: f.title,
      severity: f.severity,
      product: f.product,
      status: f.status,
      account: f.account,
      resource: f.resource,
      reason: f.reason,
      evidence: f.evidence,
      remediation: f.remediation,
      fixable: f.fixable,
      source: f.source,
      safeguards: sortSections(f.safeguards),
    }));
  const summary = { pass: 0, fail: 0, warn: 0, unknown: 0, skip: 0, total: results.length, exitCode: input.exitCode };
  for (const r of results) summary[r.status] += 1;
  const cited = sortSections(results.flatMap((r) => r.safeguards));
  return {
    version: REPORT_VERSION,
    tool: { name: 'hipaa-preflight', version: input.toolVersion },
    generatedAt: (input.now ?? new Date()).toISOString(),
    account: input.account,
    accountChecked: input.accountChecked,
    profile: input.profile,
    results,
    summary,
    compliance: {
      framework: 'HIPAA Security Rule (45 CFR Part 164, Subpart C)',
      statement: EVIDENCE_NOT_CERTIFICATION,
      safeguards: Object.fromEntries(cited.map((s) => [s, SAFEGUARDS[s].name])),
    },
    breakdown: breakdown(results),
    ...(input.baseline ? { drift: computeDrift(input.baseline, results) } : {}),
  };
}
