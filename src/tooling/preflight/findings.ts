/** Building findings from a rule's metadata, so rules stay short and uniform. */
import type { Evidence, Finding, FixPlan, RuleContext, RuleMeta, Status } from './types';

export interface FindingInput {
  resource?: string | null;
  reason: string;
  evidence?: Evidence;
  fix?: FixPlan;
}

export function finding(meta: RuleMeta, ctx: Pick<RuleContext, 'account'>, status: Status, input: FindingInput): Finding {
  // A recommended rule that fails is reported as a warning: it never blocks a deploy.
  const effective: Status = status === 'fail' && meta.severity === 'recommended' ? 'warn' : status;
  return {
    id: meta.id,
    title: meta.title,
    severity: meta.severity,
    product: meta.product,
    status: effective,
    resource: input.resource ?? null,
    reason: input.reason,
    evidence: input.evidence ?? {},
    remediation: meta.remediation,
    fixable: meta.fixable && input.fix !== undefined,
    source: meta.source,
    safeguards: meta.safeguards,
    account: ctx.account?.sid ?? null,
    ...(input.fix && effective !== 'pass' ? { fix: input.fix } : {}),
  };
}

/** Convenience: one finding per resource, pass or fail by a predicate. */
export function perResource<T>(
  meta: RuleMeta,
  ctx: Pick<RuleContext, 'account'>,
  items: readonly T[],
  judge: (item: T) => FindingInput & { ok: boolean },
  emptyReason = 'no resources of this kind',
): Finding[] {
  if (items.length === 0) return [finding(meta, ctx, 'pass', { reason: emptyReason })];
  return items.map((item) => {
    const { ok, ...rest } = judge(item);
    return finding(meta, ctx, ok ? 'pass' : 'fail', rest);
  });
}
