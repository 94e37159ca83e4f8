/**
 * What identifies a finding across runs: the rule, the account and the resource. Never the reason
 * text, the evidence or the status, which change while the finding stays the same (a fail that
 * becomes unknown is the same finding; a reworded reason is the same finding).
 */
export interface FindingIdentity {
  id: string;
  account: string | null;
  resource: string | null;
}

/** `RULE-ID|AC…|resource`; empty parts for null. Stable across runs and tool versions. */
export function findingKey(f: FindingIdentity): string {
  return `${f.id}|${f.account ?? ''}|${f.resource ?? ''}`;
}
