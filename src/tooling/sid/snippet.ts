/**
 * The ticket snippet: lines to paste into a Twilio support ticket, made only of SIDs, error codes,
 * lower-case status words and ISO timestamps (`SM… status=undelivered error=30003 created=…`).
 * Every value is checked against those shapes here, whatever a kind hands over; anything else is
 * left out, so the snippet cannot carry a number, a name, text or a URL.
 */
import type { KindModule, SnippetValue } from './kind';
import type { AnyKind, ResourceView } from './registry';
import type { SidReport, SidResult } from './result';

const SID = /^[A-Z]{2}[0-9a-f]{32}$/;
const CODE = /^\d{1,6}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const WORD = /^[a-z][a-z0-9_-]{0,39}$/;
const KEY = /^[a-z][a-z0-9-]{0,19}$/;

/** One snippet line: `<SID>( key=value)*`. */
export const SNIPPET_LINE =
  /^(account=)?[A-Z]{2}[0-9a-f]{32}( [a-z][a-z0-9-]{0,19}=([A-Z]{2}[0-9a-f]{32}|\d{1,6}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z|[a-z][a-z0-9_-]{0,39}))*$/;

export function safeValue(v: SnippetValue): string | null {
  if (v === null) return null;
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 && CODE.test(String(v)) ? String(v) : null;
  if (SID.test(v) || ISO.test(v)) return v;
  const lower = v.toLowerCase();
  return WORD.test(lower) ? lower : null;
}

export function snippetLine(sid: string, fields: readonly [string, SnippetValue][]): string {
  const parts = [sid];
  for (const [key, value] of fields) {
    const safe = safeValue(value);
    if (safe !== null && KEY.test(key)) parts.push(`${key}=${safe}`);
  }
  return parts.join(' ');
}

function resultLines(r: SidResult, kindOf: (r: SidResult) => AnyKind | undefined): string[] {
  const lines: string[] = [];
  if (r.outcome === 'found') {
    const kind = kindOf(r) as KindModule<ResourceView> | undefined;
    lines.push(snippetLine(r.sid, kind ? kind.snippet(r.resource) : []));
  } else {
    lines.push(snippetLine(r.sid, [['result', r.outcome === 'not_found' ? 'not-found' : 'not-checked']]));
  }
  if (r.alerts.checked) {
    for (const a of r.alerts.items)
      lines.push(
        snippetLine(a.sid, [
          ['resource', r.sid],
          ['code', a.errorCode],
          ['level', a.level],
          ['date', a.date],
        ]),
      );
  } else {
    lines.push(snippetLine(r.sid, [['alerts', 'not-checked']]));
  }
  return lines;
}

export function buildSnippet(report: Pick<SidReport, 'account' | 'results'>, kindOf: (r: SidResult) => AnyKind | undefined): string[] {
  const account = SID.test(report.account) ? [`account=${report.account}`] : [];
  return [...account, ...report.results.flatMap((r) => resultLines(r, kindOf))].filter((l) => SNIPPET_LINE.test(l));
}
