/**
 * The preflight as two gate steps, run in-process with runPreflightCli: offline (project checks
 * only) and account (the deploy env file's account, every rule). Exit codes map as the preflight
 * documents them: 0 pass; 1 a required check failed; 2 usage/config error; 3 unknown or the account
 * not checked. --accept-risk RULE_ID lets that rule's REQUIRED failures through (each one recorded
 * later in deploy-audit.jsonl); it never turns `unknown` into a pass (a check that could not run
 * has no known risk to accept: make it runnable instead) and never applies to the rules below.
 */
import type { ReportResult } from '../preflight/output/report';
import type { Rule } from '../preflight/types';

/** Rules --accept-risk refuses, and why (shown to the user). */
export const NOT_ACCEPTABLE: Readonly<Record<string, string>> = {
  'PROJECT-DEPLOY-ENV-CLEAN': 'twilio-run uploads the deploy env file as it is; fix the file',
  'PROJECT-FUNCTIONS-PROTECTED': 'a public Function would be live (the post-deploy verification refuses it too); rename it *.protected.ts',
  'PROJECT-ASSETS-PRIVATE': 'a public asset would be live (the post-deploy verification refuses it too); rename it *.private.*',
  'PROJECT-DEPLOYINFO-ACCOUNT': 'name the target service explicitly with --service-sid instead (it is verified to belong to the account)',
};

/** Checks --accept-risk ids against the rules the preflight runs; returns a usage message or null. */
export function acceptRiskProblem(ids: readonly string[], rules: readonly Rule[]): string | null {
  const known = new Set(rules.map((r) => r.meta.id));
  for (const id of ids) {
    if (!known.has(id)) return '--accept-risk names a rule the preflight does not have (see docs/controls.md for the rule ids)';
    const why = NOT_ACCEPTABLE[id];
    if (why !== undefined) return `--accept-risk ${id} is not allowed: ${why}`;
    const rule = rules.find((r) => r.meta.id === id);
    if (rule?.meta.severity !== 'required') return `--accept-risk ${id}: a recommended rule never blocks a deploy, nothing to accept`;
  }
  return null;
}

export interface GateDecision {
  /** 0 go; 1 a required check failed; 3 a required check is unknown. */
  exitCode: 0 | 1 | 3;
  blocking: ReportResult[];
  unknown: ReportResult[];
  accepted: ReportResult[];
  /** Failures passed by an explicit, verified option (PROJECT-DEPLOYINFO-ACCOUNT with --service-sid). */
  covered: ReportResult[];
}

/** Decides on a preflight report's required findings (recommended ones are warnings and never block). */
export function decide(results: readonly ReportResult[], acceptRisk: ReadonlySet<string>, coveredIds: ReadonlySet<string>): GateDecision {
  const d: GateDecision = { exitCode: 0, blocking: [], unknown: [], accepted: [], covered: [] };
  for (const r of results) {
    if (r.severity !== 'required') continue;
    if (r.status === 'unknown') d.unknown.push(r);
    else if (r.status !== 'fail') continue;
    else if (coveredIds.has(r.id)) d.covered.push(r);
    else if (acceptRisk.has(r.id) && NOT_ACCEPTABLE[r.id] === undefined) d.accepted.push(r);
    else d.blocking.push(r);
  }
  d.exitCode = d.blocking.length > 0 ? 1 : d.unknown.length > 0 ? 3 : 0;
  return d;
}

function line(label: string, r: ReportResult, withFix: boolean): string[] {
  const where = [r.account, r.resource].filter(Boolean).join(' ');
  const out = [`  ${label.padEnd(9)} ${r.id}${where ? `  ${where}` : ''}  ${r.reason}`];
  if (withFix) out.push(`            fix: ${r.remediation}`);
  return out;
}

/**
 * The decision as PHI-free lines (rule ids, SIDs, project paths, masked numbers, fixed reasons);
 * `withFix` adds each remediation (when the preflight's own report was not shown).
 */
export function describeDecision(d: GateDecision, withFix: boolean): string[] {
  return [
    ...d.blocking.flatMap((r) => line('FAIL', r, withFix)),
    ...d.unknown.flatMap((r) => line('UNKNOWN', r, withFix)),
    ...(d.unknown.length > 0
      ? ['            unknown blocks, even with --accept-risk: make the check runnable (credentials, permissions, network) and run again']
      : []),
    ...d.accepted.flatMap((r) => line('ACCEPTED', r, false)),
    ...d.covered.flatMap((r) => line('COVERED', r, false)),
    ...(d.covered.length > 0 ? ['            --service-sid names the target service explicitly (verified to belong to the account)'] : []),
  ];
}

/** One audit key per accepted finding: rule + account + resource. */
export function uniqueAccepted(results: readonly ReportResult[]): ReportResult[] {
  const seen = new Set<string>();
  return results.filter((r) => {
    const key = `${r.id}|${r.account ?? ''}|${r.resource ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
