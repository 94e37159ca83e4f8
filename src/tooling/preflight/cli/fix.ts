/**
 * --fix: show every planned change as `before -> after`, apply only after --yes or an interactive
 * confirmation, one fix at a time; the caller re-runs the checks afterwards. Fix plans exist only
 * for reversible settings (the rules decide), so nothing here can delete or release anything.
 */
import type { Finding } from '../types';

export function fixable(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.fix !== undefined && (f.status === 'fail' || f.status === 'warn'));
}

export function describeFixes(findings: readonly Finding[]): string {
  const lines: string[] = [];
  for (const f of findings) {
    if (!f.fix) continue;
    lines.push(`${f.id}  ${f.fix.resource}`);
    for (const c of f.fix.changes) lines.push(`    ${c.field}: ${String(c.before)} -> ${String(c.after)}`);
  }
  return lines.join('\n');
}

export interface FixOutcome {
  applied: number;
  failed: number;
}

export async function applyFixes(
  findings: readonly Finding[],
  apiFor: (account: string | null) => import('../api/twilio-api').TwilioApi | null,
): Promise<FixOutcome> {
  let applied = 0;
  let failed = 0;
  for (const f of findings) {
    const api = apiFor(f.account);
    if (!f.fix || !api) continue;
    try {
      await f.fix.apply(api);
      applied += 1;
    } catch {
      failed += 1;
    }
  }
  return { applied, failed };
}
