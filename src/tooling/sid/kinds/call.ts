/**
 * CA: a Call. Status, duration, direction, dates, masked numbers, and how many recordings it has
 * (counted from its recordings list, bounded). Never the caller name (CNAM), forwarded-from number
 * or any URI.
 */
import { show, type KindModule } from '../kind';
import { fetchOne, listBounded } from '../lookup';
import { int, iso, maskAddress, sid, word } from '../present';

export interface CallView {
  kind: 'call';
  sid: string;
  status: string | null;
  direction: string | null;
  durationSeconds: number | null;
  from: string | null;
  to: string | null;
  dateCreated: string | null;
  startTime: string | null;
  endTime: string | null;
  dateUpdated: string | null;
  parentCallSid: string | null;
  phoneNumberSid: string | null;
  /** Recordings of this call; `more`: the count stopped at the bound. */
  recordings: { count: number; more: boolean };
}

export interface CallRecord {
  sid: string;
  status?: unknown;
  direction?: unknown;
  duration?: unknown;
  from?: unknown;
  to?: unknown;
  dateCreated?: unknown;
  startTime?: unknown;
  endTime?: unknown;
  dateUpdated?: unknown;
  parentCallSid?: unknown;
  phoneNumberSid?: unknown;
}

export function toCallView(c: CallRecord, recordings: { count: number; more: boolean }): CallView {
  return {
    kind: 'call',
    sid: c.sid,
    status: word(c.status),
    direction: word(c.direction),
    durationSeconds: int(c.duration),
    from: maskAddress(c.from),
    to: maskAddress(c.to),
    dateCreated: iso(c.dateCreated),
    startTime: iso(c.startTime),
    endTime: iso(c.endTime),
    dateUpdated: iso(c.dateUpdated),
    parentCallSid: sid(c.parentCallSid, 'CA'),
    phoneNumberSid: sid(c.phoneNumberSid, 'PN'),
    recordings,
  };
}

export const callKind: KindModule<CallView> = {
  kind: 'call',
  title: 'Call',
  prefixes: ['CA'],
  async lookup(ctx, callSid) {
    const call = ctx.client.api.v2010.accounts(ctx.accountSid).calls(callSid);
    const c = await fetchOne(() => call.fetch(), 'fetching the call');
    const recs = await listBounded((page) => call.recordings.list(page), ctx.bounds.items, "listing the call's recordings");
    return toCallView({ ...c, sid: callSid }, { count: recs.items.length, more: recs.more });
  },
  lines: (v) => [
    ['status', show(v.status)],
    ['direction', show(v.direction)],
    ['duration', v.durationSeconds === null ? '-' : `${v.durationSeconds} s`],
    ['from', show(v.from)],
    ['to', show(v.to)],
    ['created', show(v.dateCreated)],
    ['started', show(v.startTime)],
    ['ended', show(v.endTime)],
    ['updated', show(v.dateUpdated)],
    ['parent call', show(v.parentCallSid)],
    ['phone number', show(v.phoneNumberSid)],
    ['recordings', `${v.recordings.count}${v.recordings.more ? '+' : ''}`],
  ],
  snippet: (v) => [
    ['status', v.status],
    ['created', v.dateCreated],
    ['start', v.startTime],
    ['end', v.endTime],
  ],
};
