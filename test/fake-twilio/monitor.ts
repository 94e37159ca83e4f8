/**
 * Monitor v1 Alerts (monitor.twilio.com, twilio_monitor_v1) over `fake.resources` collection
 * `monitor_alerts`: the list (newest first; `LogLevel`, `StartDate`, `EndDate` filters as Twilio
 * documents them, dates `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`, compared with `date_generated`)
 * shows the list shape, without `request_variables`, `response_body` and the headers; the fetch
 * shows the whole alert. Monitor has no resource or error-code filter: clients filter themselves.
 */
import { pageOf, scoped, type CollectionDef, type ResourceStore, type WireRecord } from './collections';
import { notFound, TwilioHttpError } from './errors';
import { isoSeconds } from './ids';
import type { FakeRequest, Route } from './types';

export const MONITOR_HOST = 'monitor.twilio.com';
const SPEC = 'twilio_monitor_v1';
/** `fake.resources` collection holding every alert (full alert-instance records). */
export const MONITOR_ALERTS = 'monitor_alerts';

const LIST: CollectionDef = {
  name: MONITOR_ALERTS,
  host: MONITOR_HOST,
  spec: SPEC,
  style: 'v1',
  list: '/v1/Alerts',
  item: '/v1/Alerts/:Sid',
  key: 'alerts',
  filters: { LogLevel: 'log_level' },
};
/** Fields only the fetch shows. */
const INSTANCE_ONLY = ['request_variables', 'response_body', 'response_headers', 'request_headers'];

function dateQuery(req: FakeRequest, name: string): number | null {
  const raw = req.query.get(name);
  if (raw === null) return null;
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(raw) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(raw);
  const t = ok ? Date.parse(raw) : NaN;
  if (Number.isNaN(t)) throw new TwilioHttpError(400, 20001, `Invalid ${name}`);
  return t;
}

const when = (a: WireRecord): number => Date.parse(String(a.date_generated ?? a.date_created ?? ''));

export function monitorRoutes(resources: ResourceStore): Route[] {
  return [
    {
      method: 'GET',
      pattern: LIST.list,
      host: MONITOR_HOST,
      spec: SPEC,
      handler: (req) => {
        const start = dateQuery(req, 'StartDate');
        const end = dateQuery(req, 'EndDate');
        const hits = scoped(LIST, req, resources.all(MONITOR_ALERTS), null)
          .filter((a) => (start === null || when(a) >= start) && (end === null || when(a) <= end))
          .sort((a, b) => when(b) - when(a))
          .map((a) => Object.fromEntries(Object.entries(a).filter(([k]) => !INSTANCE_ONLY.includes(k))));
        return { status: 200, body: pageOf(LIST, req, hits) };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/Alerts/:Sid',
      host: MONITOR_HOST,
      spec: SPEC,
      handler: (req) => {
        const hit = scoped(LIST, req, resources.all(MONITOR_ALERTS), 'Sid').find((a) => a.sid === req.params.Sid);
        if (!hit) throw notFound();
        return { status: 200, body: hit };
      },
    },
  ];
}

export interface AlertSeed {
  sid: string;
  accountSid: string;
  errorCode: string;
  logLevel?: 'error' | 'warning' | 'notice' | 'debug';
  date: Date;
  resourceSid: string | null;
  /** Free text: Twilio puts the failing request's parameters here (PHI in a clinic's account). */
  alertText?: string;
  requestUrl?: string | null;
  requestVariables?: string | null;
  responseBody?: string | null;
}

/** A full alert (the fetch shape); the list drops the request/response fields. */
export function alertRecord(a: AlertSeed): WireRecord {
  const at = isoSeconds(a.date);
  return {
    account_sid: a.accountSid,
    alert_text: a.alertText ?? `Msg=Unreachable&ErrorCode=${a.errorCode}`,
    api_version: '2010-04-01',
    date_created: at,
    date_generated: at,
    date_updated: at,
    error_code: a.errorCode,
    log_level: a.logLevel ?? 'error',
    more_info: `https://www.twilio.com/docs/errors/${a.errorCode}`,
    request_method: 'POST',
    request_url: a.requestUrl ?? null,
    request_variables: a.requestVariables ?? null,
    resource_sid: a.resourceSid,
    response_body: a.responseBody ?? null,
    response_headers: null,
    request_headers: null,
    sid: a.sid,
    url: `https://${MONITOR_HOST}/v1/Alerts/${a.sid}`,
    service_sid: null,
  };
}
