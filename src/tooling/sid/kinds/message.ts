/**
 * SM / MM: a Message. Status, error code with its meaning, direction, dates, segments, media
 * count, Messaging Service, masked numbers. Never the body (nor price, URIs or error text).
 */
import { errorMeaning } from '../error-codes';
import { show, type KindModule } from '../kind';
import { fetchOne } from '../lookup';
import { int, iso, maskAddress, sid, word } from '../present';

export interface MessageView {
  kind: 'message';
  sid: string;
  status: string | null;
  errorCode: number | null;
  errorMeaning: string | null;
  direction: string | null;
  from: string | null;
  to: string | null;
  dateCreated: string | null;
  dateSent: string | null;
  dateUpdated: string | null;
  numSegments: number | null;
  numMedia: number | null;
  messagingServiceSid: string | null;
}

/** The fields read from the SDK's MessageInstance (the body is never read). */
export interface MessageRecord {
  sid: string;
  status?: unknown;
  errorCode?: unknown;
  direction?: unknown;
  from?: unknown;
  to?: unknown;
  dateCreated?: unknown;
  dateSent?: unknown;
  dateUpdated?: unknown;
  numSegments?: unknown;
  numMedia?: unknown;
  messagingServiceSid?: unknown;
}

export function toMessageView(m: MessageRecord): MessageView {
  const errorCode = int(m.errorCode);
  return {
    kind: 'message',
    sid: m.sid,
    status: word(m.status),
    errorCode: errorCode === 0 ? null : errorCode,
    errorMeaning: errorCode === null || errorCode === 0 ? null : errorMeaning(errorCode),
    direction: word(m.direction),
    from: maskAddress(m.from),
    to: maskAddress(m.to),
    dateCreated: iso(m.dateCreated),
    dateSent: iso(m.dateSent),
    dateUpdated: iso(m.dateUpdated),
    numSegments: int(m.numSegments),
    numMedia: int(m.numMedia),
    messagingServiceSid: sid(m.messagingServiceSid, 'MG'),
  };
}

export const messageKind: KindModule<MessageView> = {
  kind: 'message',
  title: 'Message',
  prefixes: ['SM', 'MM'],
  async lookup(ctx, messageSid) {
    const m = await fetchOne(() => ctx.client.api.v2010.accounts(ctx.accountSid).messages(messageSid).fetch(), 'fetching the message');
    return toMessageView({ ...m, sid: messageSid });
  },
  lines: (v) => [
    ['status', show(v.status)],
    ['error', v.errorCode === null ? 'none' : `${v.errorCode}: ${show(v.errorMeaning)}`],
    ['direction', show(v.direction)],
    ['from', show(v.from)],
    ['to', show(v.to)],
    ['created', show(v.dateCreated)],
    ['sent', show(v.dateSent)],
    ['updated', show(v.dateUpdated)],
    ['segments', show(v.numSegments)],
    ['media', show(v.numMedia)],
    ['messaging service', show(v.messagingServiceSid)],
  ],
  snippet: (v) => [
    ['status', v.status],
    ['error', v.errorCode],
    ['created', v.dateCreated],
    ['sent', v.dateSent],
    ['updated', v.dateUpdated],
  ],
};
