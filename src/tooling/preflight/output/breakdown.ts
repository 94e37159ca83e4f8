/** Totals by status, by product and by HIPAA safeguard: one computation for every output format. */
import { sortSections, type SafeguardId } from '../../compliance/hipaa-safeguards';
import type { Status } from '../types';

export type StatusCounts = Record<Status, number> & { total: number };

export interface Breakdown {
  byProduct: Record<string, StatusCounts>;
  /** Keyed by 45 CFR section, in regulation order. */
  bySafeguard: Record<string, StatusCounts>;
}

export const STATUSES: readonly Status[] = ['fail', 'unknown', 'warn', 'pass', 'skip'];

export function emptyCounts(): StatusCounts {
  return { pass: 0, fail: 0, warn: 0, unknown: 0, skip: 0, total: 0 };
}

export function breakdown(results: readonly { product: string; status: Status; safeguards: readonly SafeguardId[] }[]): Breakdown {
  const byProduct: Record<string, StatusCounts> = {};
  const bySafeguard: Record<string, StatusCounts> = {};
  const bump = (table: Record<string, StatusCounts>, key: string, status: Status): void => {
    const counts = (table[key] ??= emptyCounts());
    counts[status] += 1;
    counts.total += 1;
  };
  for (const r of [...results].sort((a, b) => a.product.localeCompare(b.product))) {
    bump(byProduct, r.product, r.status);
    for (const s of new Set(r.safeguards)) bump(bySafeguard, s, r.status);
  }
  const ordered: Record<string, StatusCounts> = {};
  for (const s of sortSections(Object.keys(bySafeguard))) ordered[s] = bySafeguard[s]!;
  return { byProduct, bySafeguard: ordered };
}
