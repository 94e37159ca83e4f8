/**
 * Drift between an earlier JSON report (the baseline) and this run, as a pure function. A finding
 * is "open" when it is fail, warn or unknown; it is identified by rule + account + resource
 * (./identity.ts), never by its reason text.
 *
 * - new: open now, not open in the baseline (absent, or it passed then).
 * - resolved: open in the baseline, and this run checked the same rule for the same account and
 *   found no open finding for that resource.
 * - unchanged: open in both (a status change such as fail → unknown is noted, not hidden).
 * - unverified: open in the baseline, but this run could not tell (the rule is unknown for that
 *   account, or did not run at all). Fail closed: a check we could not run never resolves anything.
 */
import type { Status } from '../types';
import { findingKey, type FindingIdentity } from './identity';

export type DriftState = 'new' | 'resolved' | 'unchanged' | 'unverified';

export interface DriftInput extends FindingIdentity {
  status: Status;
  title?: string;
  product?: string;
}

export interface DriftItem {
  key: string;
  id: string;
  account: string | null;
  resource: string | null;
  title: string;
  product: string;
  /** This run's status; null for resolved and unverified findings (not open now). */
  status: Status | null;
  /** The baseline's status; null for new findings. */
  previousStatus: Status | null;
}

export interface Drift {
  baseline: { generatedAt: string; account: string | null; profile: string };
  counts: Record<DriftState, number>;
  new: DriftItem[];
  resolved: DriftItem[];
  unchanged: DriftItem[];
  unverified: DriftItem[];
}

const OPEN: ReadonlySet<Status> = new Set<Status>(['fail', 'warn', 'unknown']);

export function isOpen(status: Status): boolean {
  return OPEN.has(status);
}

function groupOpen(results: readonly DriftInput[]): Map<string, DriftInput[]> {
  const out = new Map<string, DriftInput[]>();
  for (const r of results) {
    if (!isOpen(r.status)) continue;
    const k = findingKey(r);
    out.set(k, [...(out.get(k) ?? []), r]);
  }
  return out;
}

function item(r: DriftInput, status: Status | null, previousStatus: Status | null): DriftItem {
  return {
    key: findingKey(r),
    id: r.id,
    account: r.account,
    resource: r.resource,
    title: r.title ?? r.id,
    product: r.product ?? '',
    status,
    previousStatus,
  };
}

/** Whether this run checked `id` for `account` and can speak for `resource` (no rule-level or per-resource unknown). */
function checked(current: readonly DriftInput[], id: string, account: string | null, resource: string | null): boolean {
  const same = current.filter((r) => r.id === id && r.account === account);
  if (same.length === 0) return false;
  return !same.some((r) => r.status === 'unknown' && (r.resource === null || r.resource === resource));
}

const byKey = (a: DriftItem, b: DriftItem): number => a.key.localeCompare(b.key);

/** An earlier report read as a drift baseline (parsed and validated by ./baseline.ts). */
export interface Baseline {
  generatedAt: string;
  account: string | null;
  profile: string;
  results: DriftInput[];
}

export function computeDrift(
  baseline: { generatedAt: string; account: string | null; profile: string; results: readonly DriftInput[] },
  current: readonly DriftInput[],
): Drift {
  const before = groupOpen(baseline.results);
  const now = groupOpen(current);
  const drift: Drift = {
    baseline: { generatedAt: baseline.generatedAt, account: baseline.account, profile: baseline.profile },
    counts: { new: 0, resolved: 0, unchanged: 0, unverified: 0 },
    new: [],
    resolved: [],
    unchanged: [],
    unverified: [],
  };
  // Duplicate identities (one rule reporting the same resource twice) pair up in order: a multiset.
  for (const [k, cur] of now) {
    const prev = before.get(k) ?? [];
    cur.forEach((r, i) => {
      const p = prev[i];
      if (p) drift.unchanged.push(item(r, r.status, p.status));
      else drift.new.push(item(r, r.status, null));
    });
  }
  for (const [k, prev] of before) {
    const cur = now.get(k) ?? [];
    for (const p of prev.slice(cur.length)) {
      if (checked(current, p.id, p.account, p.resource)) drift.resolved.push(item(p, null, p.status));
      else drift.unverified.push(item(p, null, p.status));
    }
  }
  for (const state of ['new', 'resolved', 'unchanged', 'unverified'] as const) {
    drift[state].sort(byKey);
    drift.counts[state] = drift[state].length;
  }
  return drift;
}
