/**
 * RE: a Recording. Status, duration, channels, source, whether it is encrypted
 * (`encryption_details` present), its call or conference, error code and dates. Never the media
 * URL, the URI or the encryption key material.
 */
import { show, type KindModule } from '../kind';
import { fetchOne } from '../lookup';
import { int, iso, sid, word } from '../present';

export interface RecordingView {
  kind: 'recording';
  sid: string;
  status: string | null;
  durationSeconds: number | null;
  channels: number | null;
  source: string | null;
  encrypted: boolean;
  callSid: string | null;
  conferenceSid: string | null;
  errorCode: number | null;
  dateCreated: string | null;
  startTime: string | null;
  dateUpdated: string | null;
}

export interface RecordingRecord {
  sid: string;
  status?: unknown;
  duration?: unknown;
  channels?: unknown;
  source?: unknown;
  encryptionDetails?: unknown;
  callSid?: unknown;
  conferenceSid?: unknown;
  errorCode?: unknown;
  dateCreated?: unknown;
  startTime?: unknown;
  dateUpdated?: unknown;
}

export function toRecordingView(r: RecordingRecord): RecordingView {
  const details = r.encryptionDetails;
  return {
    kind: 'recording',
    sid: r.sid,
    status: word(r.status),
    durationSeconds: int(r.duration),
    channels: int(r.channels),
    source: word(r.source),
    encrypted: typeof details === 'object' && details !== null && Object.keys(details).length > 0,
    callSid: sid(r.callSid, 'CA'),
    conferenceSid: sid(r.conferenceSid, 'CF'),
    errorCode: int(r.errorCode),
    dateCreated: iso(r.dateCreated),
    startTime: iso(r.startTime),
    dateUpdated: iso(r.dateUpdated),
  };
}

export const recordingKind: KindModule<RecordingView> = {
  kind: 'recording',
  title: 'Recording',
  prefixes: ['RE'],
  async lookup(ctx, recordingSid) {
    const r = await fetchOne(
      () => ctx.client.api.v2010.accounts(ctx.accountSid).recordings(recordingSid).fetch(),
      'fetching the recording',
    );
    return toRecordingView({ ...r, sid: recordingSid });
  },
  lines: (v) => [
    ['status', show(v.status)],
    ['duration', v.durationSeconds === null ? '-' : `${v.durationSeconds} s`],
    ['channels', show(v.channels)],
    ['source', show(v.source)],
    ['encrypted', show(v.encrypted)],
    ['call', show(v.callSid)],
    ['conference', show(v.conferenceSid)],
    ['error', show(v.errorCode)],
    ['created', show(v.dateCreated)],
    ['started', show(v.startTime)],
    ['updated', show(v.dateUpdated)],
  ],
  snippet: (v) => [
    ['status', v.status],
    ['error', v.errorCode],
    ['call', v.callSid],
    ['created', v.dateCreated],
  ],
};
