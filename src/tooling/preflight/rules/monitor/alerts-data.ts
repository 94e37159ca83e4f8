/**
 * Monitor alerts of the last ALERT_WINDOW_DAYS days, one bounded read per log level per account
 * scan (`GET https://monitor.twilio.com/v1/Alerts?LogLevel=…&StartDate=…`;
 * https://www.twilio.com/docs/usage/monitor-alert). Monitor has no error-code filter, so rules
 * filter the codes here; it keeps alerts for 30 days ("Queries for alerts older than 30 days are
 * not supported"). Only SIDs, codes, levels and dates are read: `alert_text`, the request URL and
 * variables can carry PHI and are never touched.
 */
import { readBounded, type BoundedRead } from '../../api/bounded-read';
import { HOSTS } from '../../api/twilio-api';
import { scannedAccount } from '../scanned-account';
import type { Evidence, RuleContext } from '../../types';

/** How far back alerts count (Monitor's own retention). */
export const ALERT_WINDOW_DAYS = 30;
/** Alerts read per log level; beyond this the rest of the window is `unknown`. */
export const ALERT_SCAN_LIMIT = 5000;

export type LogLevel = 'error' | 'warning';

export interface AlertView {
  sid: string;
  errorCode: string;
  /** A SID-shaped `resource_sid` (the number, service or call the alert is about), else null. */
  resourceSid: string | null;
  /** ISO 8601 `date_generated` (or `date_created`). */
  date: string | null;
}

export interface AlertWindow {
  alerts: AlertView[];
  /** True when more alerts of this level exist in the window than were read. */
  truncated: boolean;
  read: number;
}

/** `resource_sid` as the spec patterns it (two letters, 32 hex digits). */
const SID = /^[A-Za-z]{2}[0-9a-fA-F]{32}$/;
const sidOrNull = (v: unknown): string | null => (typeof v === 'string' && SID.test(v) ? v : null);

function startDate(now: number): string {
  return new Date(now - ALERT_WINDOW_DAYS * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function recentAlerts(ctx: RuleContext, level: LogLevel): Promise<AlertWindow> {
  const { api } = scannedAccount(ctx);
  return ctx.cached(`monitor:alerts:${level}`, async () => {
    const now = Date.now();
    const since = now - ALERT_WINDOW_DAYS * 86_400_000;
    const page: BoundedRead = await readBounded(api, `${HOSTS.monitor}/v1/Alerts`, 'alerts', {
      limit: ALERT_SCAN_LIMIT,
      pageSize: 1000,
      params: { LogLevel: level, StartDate: startDate(now) },
    });
    const alerts: AlertView[] = [];
    for (const a of page.records) {
      const date = typeof a.date_generated === 'string' ? a.date_generated : typeof a.date_created === 'string' ? a.date_created : null;
      const at = date ? Date.parse(date) : NaN;
      // Fail closed on a missing or unreadable date: the alert still counts as recent.
      if (!Number.isNaN(at) && at < since) continue;
      const code = String(a.error_code ?? '');
      alerts.push({ sid: String(a.sid), errorCode: /^[0-9]+$/.test(code) ? code : '', resourceSid: sidOrNull(a.resource_sid), date });
    }
    return { alerts, truncated: page.beyond > 0 || page.moreUnread, read: page.records.length };
  });
}

/** Evidence for one alert: SID-shaped and enum values only, never text. */
export function alertEvidence(a: AlertView, level: LogLevel): Evidence {
  return {
    errorCode: a.errorCode,
    logLevel: level,
    ...(a.resourceSid ? { resourceSid: a.resourceSid } : {}),
    ...(a.date ? { date: a.date } : {}),
  };
}
