/**
 * Building findings from a rule's metadata, so rules stay short and uniform. A finding's reason is
 * one of the rule's declared messages (meta.messages, like ESLint's `messages`), named by id with
 * `message` (and `data` for its `{{placeholders}}`), or given as text that must match a declared
 * message (or several joined with '; '), or one of the engine's own ENGINE_MESSAGES. Under test
 * (NODE_ENV=test, set by jest) an undeclared reason throws, so every test that runs a rule checks it.
 */
import { checkDeclared, fillMessage, isDeclared, UndeclaredMessageError } from '../lint/declared-messages';
import type { Evidence, Finding, FixPlan, RuleContext, RuleMeta, Status } from './types';

export interface FindingInput {
  resource?: string | null;
  /** Reason text (must match a declared message); or use `message`. */
  reason?: string;
  /** Id of a declared message (meta.messages), or several ids joined with '; '. */
  message?: string | readonly string[];
  /** Values for the message's `{{placeholders}}`: counts, ids, kinds, never PHI. */
  data?: Readonly<Record<string, string | number>>;
  evidence?: Evidence;
  fix?: FixPlan;
}

/** Reasons the engine and CLI give for any rule (it could not run, passes summarised, no config, not a project). */
export const ENGINE_MESSAGES = {
  apiFailed: 'the API request failed after retries',
  couldNotRun: 'the check could not run',
  passesSummarised: '{{count}} resources passed',
  noResult: 'the check returned no result',
  noConfig: 'no hipaa.config.json: run `{{command}}`',
  notAProject: 'not run inside a hipaa-safe-messaging project: project check skipped',
  noResources: 'no resources of this kind',
} as const;

export { UndeclaredMessageError };

/** True when `reason` is a declared message of the rule or the engine (placeholders filled), or declared messages joined by '; '. */
export function isDeclaredReason(meta: RuleMeta, reason: string): boolean {
  return isDeclared(reason, meta.messages ?? {}, ENGINE_MESSAGES);
}

function reasonOf(meta: RuleMeta, input: FindingInput): string {
  if (input.message !== undefined) {
    const ids = typeof input.message === 'string' ? [input.message] : input.message;
    return ids.map((id) => fillMessage(meta.id, meta.messages, id, input.data ?? {})).join('; ');
  }
  const reason = input.reason ?? '';
  // Rules declare their messages; a meta without any (a test's ad-hoc rule) is not checked.
  checkDeclared(meta.id, meta.messages, reason, ENGINE_MESSAGES);
  return reason;
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
    reason: reasonOf(meta, input),
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
