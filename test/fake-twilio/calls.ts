/**
 * v2010 Calls and Recordings (api.twilio.com, twilio_api_v2010), served from records in
 * `fake.resources`: `voice_calls` and `voice_recordings` (the preflight's voice fixture seeds the
 * latter too). Lists page like v2010; a call's own recordings list
 * (`…/Calls/{CA}/Recordings.json`) shows them in the call-recording shape (`track`, no `media_url`).
 * `callRecord` / `recordingRecord` build schema-exact wire records (RFC 2822 dates).
 */
import { collectionRoutes, type CollectionDef, type ResourceStore, type WireRecord } from './collections';
import type { Route } from './types';

const HOST = 'api.twilio.com';
const SPEC = 'twilio_api_v2010';
const ACC = '/2010-04-01/Accounts/:AccountSid';

/** `fake.resources` collections served by these routes. */
export const CALLS = 'voice_calls';
export const RECORDINGS = 'voice_recordings';

const v2010 = { host: HOST, spec: SPEC, style: 'v2010' } as const;

export const CALL_COLLECTIONS: readonly CollectionDef[] = [
  {
    name: CALLS,
    ...v2010,
    list: `${ACC}/Calls.json`,
    item: `${ACC}/Calls/:Sid.json`,
    key: 'calls',
    filters: { To: 'to', From: 'from', Status: 'status', ParentCallSid: 'parent_call_sid' },
  },
  {
    name: RECORDINGS,
    ...v2010,
    list: `${ACC}/Recordings.json`,
    item: `${ACC}/Recordings/:Sid.json`,
    key: 'recordings',
    filters: { CallSid: 'call_sid', ConferenceSid: 'conference_sid' },
  },
  {
    // `:CallSid` scopes the list by the record's `call_sid`.
    name: RECORDINGS,
    ...v2010,
    list: `${ACC}/Calls/:CallSid/Recordings.json`,
    item: `${ACC}/Calls/:CallSid/Recordings/:Sid.json`,
    key: 'recordings',
    present: (r) => ({
      track: 'both',
      price: typeof r.price === 'string' ? Number(r.price) : (r.price ?? null),
      media_url: undefined,
      subresource_uris: undefined,
    }),
  },
];

export function callRoutes(resources: ResourceStore): Route[] {
  return CALL_COLLECTIONS.flatMap((d) => collectionRoutes(resources, d));
}

/** RFC 2822, as v2010 formats dates. */
export const rfc2822 = (d: Date): string => d.toUTCString().replace('GMT', '+0000');

export interface CallSeed {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  status?: string;
  direction?: string;
  /** Seconds (string on the wire). */
  duration?: number;
  start?: Date;
  /** Caller ID name (CNAM): PHI in a clinic's inbound calls. */
  callerName?: string | null;
  forwardedFrom?: string | null;
  phoneNumberSid?: string | null;
  parentCallSid?: string | null;
}

export function callRecord(c: CallSeed): WireRecord {
  const start = c.start ?? new Date(Date.UTC(2026, 2, 1, 15, 0, 0));
  const duration = c.duration ?? 42;
  const end = new Date(start.getTime() + duration * 1000);
  const base = `/2010-04-01/Accounts/${c.accountSid}/Calls/${c.sid}`;
  return {
    sid: c.sid,
    date_created: rfc2822(start),
    date_updated: rfc2822(end),
    parent_call_sid: c.parentCallSid ?? null,
    account_sid: c.accountSid,
    to: c.to,
    to_formatted: c.to,
    from: c.from,
    from_formatted: c.from,
    phone_number_sid: c.phoneNumberSid ?? null,
    status: c.status ?? 'completed',
    start_time: rfc2822(start),
    end_time: rfc2822(end),
    duration: String(duration),
    price: '-0.0085',
    price_unit: 'USD',
    direction: c.direction ?? 'inbound',
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: c.forwardedFrom ?? null,
    group_sid: null,
    caller_name: c.callerName ?? null,
    queue_time: '0',
    trunk_sid: null,
    uri: `${base}.json`,
    subresource_uris: { recordings: `${base}/Recordings.json`, notifications: `${base}/Notifications.json`, events: `${base}/Events.json` },
  };
}

export interface RecordingSeed {
  sid: string;
  accountSid: string;
  callSid: string;
  status?: string;
  duration?: number;
  channels?: number;
  source?: string;
  /** Public key SID (CR…) when the recording is encrypted. */
  encryptionKeySid?: string | null;
  date?: Date;
}

export function recordingRecord(r: RecordingSeed): WireRecord {
  const date = rfc2822(r.date ?? new Date(Date.UTC(2026, 2, 1, 15, 1, 0)));
  const base = `/2010-04-01/Accounts/${r.accountSid}/Recordings/${r.sid}`;
  return {
    account_sid: r.accountSid,
    api_version: '2010-04-01',
    call_sid: r.callSid,
    conference_sid: null,
    date_created: date,
    date_updated: date,
    start_time: date,
    duration: String(r.duration ?? 30),
    sid: r.sid,
    price: '-0.0025',
    price_unit: 'USD',
    status: r.status ?? 'completed',
    channels: r.channels ?? 1,
    source: r.source ?? 'RecordVerb',
    error_code: null,
    uri: `${base}.json`,
    encryption_details: r.encryptionKeySid
      ? { encryption_public_key_sid: r.encryptionKeySid, encryption_cek: 'Q0VLLWZvci10ZXN0cw==', encryption_iv: 'SVYtZm9yLXRlc3Rz' }
      : null,
    subresource_uris: { add_on_results: `${base}/AddOnResults.json`, transcriptions: `${base}/Transcriptions.json` },
    media_url: `https://api.twilio.com${base}`,
  };
}
