/**
 * Runs the rules: offline (project) rules once, account rules for the target account and, with
 * --subaccounts, for each active subaccount. A rule that throws yields one `unknown` finding (fail
 * closed: a check we could not run never counts as a pass). Rules run concurrently; the shared
 * TwilioApi limiter bounds the requests in flight.
 */
import type { HipaaConfig } from '../config/hipaa-config';
import { finding } from './findings';
import { ApiError } from './api/twilio-api';
import type { AccountTarget, Finding, Profile, ProjectInfo, Rule, RuleContext } from './types';

export interface RunOptions {
  rules: readonly Rule[];
  profile: Profile;
  config: HipaaConfig;
  project: ProjectInfo;
  /** Accounts to scan; empty for offline runs. */
  accounts: readonly AccountTarget[];
  probeStatus: (url: string) => Promise<number>;
  onProgress?: (done: number, total: number) => void;
}

function reasonFor(err: unknown): { reason: string; evidence: Record<string, string | number | null> } {
  if (err instanceof ApiError) {
    return { reason: 'the API request failed after retries', evidence: { httpStatus: err.status, errorCode: err.code } };
  }
  return { reason: 'the check could not run', evidence: {} };
}

/**
 * Above this many passing resources for one rule and account, the passes are reported as one
 * summary finding (failures, warnings and unknowns are always listed one by one). Keeps a scan of
 * 10,000 numbers readable and its memory bounded.
 */
export const PASS_DETAIL_LIMIT = 50;

export function summarizePasses(rule: Rule, ctx: RuleContext, found: Finding[]): Finding[] {
  const passes = found.filter((f) => f.status === 'pass' && f.resource !== null);
  if (passes.length <= PASS_DETAIL_LIMIT) return found;
  const rest = found.filter((f) => !(f.status === 'pass' && f.resource !== null));
  return [
    ...rest,
    finding(rule.meta, ctx, 'pass', { reason: `${passes.length} resources passed`, evidence: { resources: passes.length } }),
  ];
}

async function runRule(rule: Rule, ctx: RuleContext): Promise<Finding[]> {
  try {
    const found = await rule.check(ctx);
    return found.length > 0
      ? summarizePasses(rule, ctx, found)
      : [finding(rule.meta, ctx, 'unknown', { reason: 'the check returned no result' })];
  } catch (err) {
    return [finding(rule.meta, ctx, 'unknown', reasonFor(err))];
  }
}

function contextFor(opts: RunOptions, account: AccountTarget | null): RuleContext {
  const cache = new Map<string, Promise<unknown>>();
  return {
    profile: opts.profile,
    config: opts.config,
    project: opts.project,
    account,
    cached: <T>(key: string, load: () => Promise<T>): Promise<T> => {
      let hit = cache.get(key) as Promise<T> | undefined;
      if (!hit) {
        hit = load();
        cache.set(key, hit);
      }
      return hit;
    },
    probeStatus: opts.probeStatus,
  };
}

export async function runRules(opts: RunOptions): Promise<Finding[]> {
  const applicable = opts.rules.filter((r) => r.meta.profiles.includes(opts.profile));
  const jobs: { rule: Rule; ctx: RuleContext }[] = [];
  const offline = contextFor(opts, null);
  for (const rule of applicable.filter((r) => r.meta.mode === 'offline')) jobs.push({ rule, ctx: offline });
  for (const account of opts.accounts) {
    const ctx = contextFor(opts, account);
    for (const rule of applicable.filter((r) => r.meta.mode === 'account')) jobs.push({ rule, ctx });
  }
  let done = 0;
  const results = await Promise.all(
    jobs.map(async ({ rule, ctx }) => {
      const found = await runRule(rule, ctx);
      done += 1;
      opts.onProgress?.(done, jobs.length);
      return found;
    }),
  );
  return results.flat();
}

export type Verdict = 0 | 1 | 3;

/** 0 every required check passed; 1 a required check failed; 3 a required check is unknown. */
export function verdict(findings: readonly Finding[], accountChecked: boolean): Verdict {
  const required = findings.filter((f) => f.severity === 'required');
  if (required.some((f) => f.status === 'fail')) return 1;
  if (!accountChecked || required.some((f) => f.status === 'unknown')) return 3;
  return 0;
}
