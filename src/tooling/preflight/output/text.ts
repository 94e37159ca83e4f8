/** Human output: grouped by product, one line per finding, remediation and HIPAA safeguards under each failure. */
import type { Drift, DriftItem } from './drift';
import type { Report, ReportResult } from './report';

const LABEL: Record<ReportResult['status'], string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', unknown: 'UNKNOWN', skip: 'SKIP' };

function driftLines(drift: Drift): string[] {
  const c = drift.counts;
  const lines = [
    '',
    `Since the baseline of ${drift.baseline.generatedAt}: ${c.new} new, ${c.resolved} resolved, ${c.unchanged} unchanged, ${c.unverified} not re-checked`,
  ];
  const show = (label: string, items: readonly DriftItem[]): void => {
    for (const d of items)
      lines.push(`  ${label.padEnd(10)} ${d.id}${d.resource ? `  ${d.resource}` : ''}  ${d.status ?? d.previousStatus ?? ''}`);
  };
  show('NEW', drift.new);
  show('RESOLVED', drift.resolved);
  show('UNVERIFIED', drift.unverified);
  return lines;
}

export function formatText(report: Report, opts: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(`HIPAA preflight (profile ${report.profile}) for ${report.account ?? 'no account (offline)'}`);
  if (!report.accountChecked) lines.push('NOTE: no credentials: the Twilio account was NOT checked; only project checks ran.');
  const byProduct = new Map<string, ReportResult[]>();
  for (const r of report.results) byProduct.set(r.product, [...(byProduct.get(r.product) ?? []), r]);
  for (const [product, results] of byProduct) {
    lines.push('', `[${product}]`);
    for (const r of results) {
      if (!opts.verbose && (r.status === 'pass' || r.status === 'skip')) continue;
      const where = [r.account && r.account !== report.account ? r.account : null, r.resource].filter(Boolean).join(' ');
      lines.push(`  ${LABEL[r.status].padEnd(7)} ${r.id}${where ? `  ${where}` : ''}  ${r.reason}`);
      if (r.status === 'fail' || r.status === 'unknown' || r.status === 'warn') {
        lines.push(`          fix: ${r.remediation}${r.fixable ? ' (fixable with --fix)' : ''}`);
        lines.push(`          HIPAA: 45 CFR ${r.safeguards.join(', ')}`);
      }
    }
    const passed = results.filter((r) => r.status === 'pass').length;
    if (!opts.verbose && passed > 0) lines.push(`  ${passed} passed`);
  }
  if (report.drift) lines.push(...driftLines(report.drift));
  lines.push('', 'Passing is evidence for the HIPAA Security Rule safeguards cited, not a certification.');
  const s = report.summary;
  lines.push('', `${s.pass} passed, ${s.fail} failed, ${s.warn} warnings, ${s.unknown} unknown, ${s.skip} skipped: exit ${s.exitCode}`);
  return lines.join('\n');
}
