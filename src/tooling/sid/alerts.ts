/**
 * Monitor alerts about the SIDs asked for: one bounded read of the account's alerts of the last
 * 30 days (Monitor keeps 30 days and has no resource filter), matched on `resource_sid` here. Only
 * the alert SID, error code (with its meaning when known), log level and date are kept: never
 * `alert_text`, the request URL or variables, or the response body (they carry the request's
 * parameters: numbers, message text).
 */
import type { Twilio } from 'twilio';
import { errorMeaning } from './error-codes';
import { failure, page } from './lookup';
import { int, iso, sid, word } from './present';

export const ALERT_WINDOW_DAYS = 30;

export interface AlertView {
  sid: string;
  errorCode: number | null;
  meaning: string | null;
  level: string | null;
  date: string | null;
}

export type AlertsResult =
  | { checked: true; windowDays: number; since: string; scanned: number; truncated: boolean; bySid: Map<string, AlertView[]> }
  | { checked: false; detail: string };

export interface AlertRecord {
  sid?: unknown;
  resourceSid?: unknown;
  errorCode?: unknown;
  logLevel?: unknown;
  dateGenerated?: unknown;
  dateCreated?: unknown;
}

export function toAlertView(a: AlertRecord): AlertView | null {
  const alertSid = sid(a.sid, 'NO');
  if (alertSid === null) return null;
  const code = int(a.errorCode);
  return {
    sid: alertSid,
    errorCode: code,
    meaning: code === null ? null : errorMeaning(code),
    level: word(a.logLevel),
    date: iso(a.dateGenerated ?? a.dateCreated),
  };
}

/** Groups alerts by the SIDs asked for; alerts about other resources are dropped unread. */
export function matchAlerts(alerts: readonly AlertRecord[], sids: ReadonlySet<string>): Map<string, AlertView[]> {
  const bySid = new Map<string, AlertView[]>();
  for (const a of alerts) {
    const resource = typeof a.resourceSid === 'string' ? a.resourceSid : '';
    if (!sids.has(resource)) continue;
    const view = toAlertView(a);
    if (view === null) continue;
    bySid.set(resource, [...(bySid.get(resource) ?? []), view]);
  }
  for (const list of bySid.values()) list.sort((x, y) => (y.date ?? '').localeCompare(x.date ?? ''));
  return bySid;
}

export async function readAlerts(client: Twilio, sids: ReadonlySet<string>, now: Date, bound: number): Promise<AlertsResult> {
  const since = new Date(now.getTime() - ALERT_WINDOW_DAYS * 86_400_000);
  try {
    const alerts = await client.monitor.v1.alerts.list({ startDate: since, ...page(bound + 1) });
    const read = alerts.slice(0, bound);
    const records = read.map((a): AlertRecord => ({
      sid: a.sid,
      resourceSid: a.resourceSid,
      errorCode: a.errorCode,
      logLevel: a.logLevel,
      dateGenerated: a.dateGenerated,
      dateCreated: a.dateCreated,
    }));
    return {
      checked: true,
      windowDays: ALERT_WINDOW_DAYS,
      since: iso(since) ?? '',
      scanned: read.length,
      truncated: alerts.length > bound,
      bySid: matchAlerts(records, sids),
    };
  } catch (err) {
    return { checked: false, detail: failure(err, 'listing Monitor alerts').detail };
  }
}
