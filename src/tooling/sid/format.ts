/**
 * Text and JSON renderings of a `sid` report. Text: a section per SID (the kind's lines, then its
 * Monitor alerts), then the ticket snippet between markers. JSON: the report object (typed view
 * per SID, `ticketSnippet`). Both carry only what the views and the snippet hold.
 */
import { ALERT_WINDOW_DAYS } from './alerts';
import type { AnyKind } from './registry';
import type { SidReport, SidResult } from './result';

export const SNIPPET_START = '----- ticket snippet (SIDs, codes and timestamps only) -----';
export const SNIPPET_END = '----- end of ticket snippet -----';

function alertLines(r: SidResult): string[] {
  if (!r.alerts.checked) return [`  alerts: could not check (${r.alerts.detail})`];
  const scope = `last ${r.alerts.windowDays} days${r.alerts.truncated ? `, newest ${r.alerts.scanned} alerts read` : ''}`;
  if (r.alerts.items.length === 0) return [`  alerts (${scope}): none`];
  return [
    `  alerts (${scope}): ${r.alerts.items.length}`,
    ...r.alerts.items.map((a) => `    ${a.sid}  ${a.errorCode ?? '-'}  ${a.level ?? '-'}  ${a.date ?? '-'}  ${a.meaning ?? ''}`.trimEnd()),
  ];
}

function section(r: SidResult, account: string, kind: AnyKind | undefined): string[] {
  const title = kind?.title ?? r.kind;
  if (r.outcome === 'not_found')
    return [`${r.sid}  ${title}: not found in account ${account}${r.searched ? ` (${r.searched})` : ''}`, ...alertLines(r)];
  if (r.outcome === 'unknown') return [`${r.sid}  ${title}: could not check: ${r.detail}`, ...alertLines(r)];
  const lines = kind ? kind.lines(r.resource) : [];
  const width = Math.max(0, ...lines.map(([label]) => label.length));
  return [`${r.sid}  ${title}`, ...lines.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`.trimEnd()), ...alertLines(r)];
}

export function formatText(report: SidReport, kindOf: (r: SidResult) => AnyKind | undefined): string {
  const out: string[] = [];
  for (const r of report.results) out.push(...section(r, report.account, kindOf(r)), '');
  out.push(
    `${report.results.length} SID(s) looked up in account ${report.account}; Monitor alerts from the last ${ALERT_WINDOW_DAYS} days.`,
    '',
  );
  out.push(SNIPPET_START, ...report.ticketSnippet, SNIPPET_END);
  return out.join('\n');
}

export function formatJson(report: SidReport): string {
  return JSON.stringify(report, null, 2);
}
