/**
 * The outcome of a `sid` run: one result per well-formed SID (found with its view, not found, or
 * could not check), the rejected arguments (described, never repeated), the ticket snippet and the
 * exit code (the worst of all: 0 found, 1 not found, 2 rejected argument, 3 could not check;
 * alerts that could not be read make a result "could not check" too).
 */
import type { AlertView } from './alerts';
import type { ResourceView } from './registry';

export type AlertsSection =
  { checked: true; windowDays: number; scanned: number; truncated: boolean; items: AlertView[] } | { checked: false; detail: string };

interface Base {
  sid: string;
  kind: ResourceView['kind'];
  alerts: AlertsSection;
}

export type SidResult =
  | (Base & { outcome: 'found'; resource: ResourceView })
  | (Base & { outcome: 'not_found'; searched: string | null })
  | (Base & { outcome: 'unknown'; detail: string });

export interface Rejection {
  /** 1-based position among the SID arguments. */
  argument: number;
  problem: 'malformed' | 'unknown-prefix';
  length: number;
  prefixClass: string;
}

export type ExitCode = 0 | 1 | 2 | 3;

export interface SidReport {
  /** The account the credentials belong to (where every SID was looked up). */
  account: string;
  results: SidResult[];
  rejected: Rejection[];
  ticketSnippet: string[];
  exitCode: ExitCode;
}

export function resultCode(r: SidResult): ExitCode {
  if (r.outcome === 'unknown' || !r.alerts.checked) return 3;
  return r.outcome === 'not_found' ? 1 : 0;
}

export function worst(codes: readonly ExitCode[]): ExitCode {
  return codes.reduce<ExitCode>((a, b) => (b > a ? b : a), 0);
}
