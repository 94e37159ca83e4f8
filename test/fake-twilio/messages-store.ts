/**
 * Programmable Messaging (v2010 Messages) state: validates a create like Twilio does, records
 * every create request's form parameters, and keeps the created messages in wire form
 * (api.v2010.account.message: RFC 2822 dates, string counters, relative URIs). Scheduled messages
 * turn `sent` once the fake clock reaches their SendAt (checked whenever messages are read);
 * updates cancel a still-scheduled message or redact a body, and every update is recorded.
 */
import type { WireRecord } from './collections';
import type { MessageStatus, MessageWire } from './wire-types';

export type { MessageStatus, MessageWire };
import { notFound, TwilioHttpError } from './errors';
import { makeSid } from './ids';
import type { Rng } from './prng';

/** Statuses the fake gives its messages (seeded records may carry any status of the spec). */
/** Codes, from https://www.twilio.com/docs/api/errors/<code>. */
export const MESSAGE_CODES = {
  bodyRequired: 21602, // Message body is required (Body, MediaUrl or ContentSid)
  fromOrServiceRequired: 21603, // A 'From' or 'MessagingServiceSid' parameter is required
  toRequired: 21604, // 'To' phone number is required to send a Message
  invalidTo: 21211, // Invalid 'To' Phone Number
  invalidFrom: 21212, // Invalid 'From' Phone Number
  invalidStatusCallback: 21609, // Invalid 'StatusCallback'
  unsubscribed: 21610, // Attempt to send to unsubscribed recipient
  bodyTooLong: 21617, // The concatenated message body exceeds the 1600 character limit
  invalidMessagingService: 21705, // The Messaging Service is invalid (not an MG SID)
  invalidContentRetention: 30029, // Invalid ContentRetention (or Message Privacy not enabled)
  invalidAddressRetention: 30030, // Invalid AddressRetention (or Message Privacy not enabled)
  sendAtMissing: 35111, // SendAt timestamp is missing (ScheduleType=fixed)
  sendAtOutOfRange: 35114, // SendAt must be 900 s .. 35 days ahead
  scheduleNeedsService: 35118, // MessagingServiceSid is required to schedule a message
  invalidScheduleType: 35126, // ScheduleType value not supported (only 'fixed')
  updateParametersInvalid: 30400, // Message update: neither Body nor Status, both, Status not 'canceled', or a non-empty Body
  cannotCancel: 30409, // This message cannot be canceled (it is no longer `scheduled`)
} as const;

/**
 * HTTP status of a 30409 / 30400 answer. Twilio's error pages do not state it; 400 is what the v2010
 * Messages API answers its other request errors with. Product code should key on the `code`.
 */
export const MESSAGE_UPDATE_ERROR_HTTP_STATUS = 400;

/** One successful cancel (Status=canceled on a scheduled message). */
export interface MessageCancel {
  sid: string;
  accountSid: string;
  to: string;
  messagingServiceSid: string | null;
  /** The SendAt the message was scheduled for (ISO 8601), null for a seeded record. */
  sendAt: string | null;
  /** Fake-clock time of the cancel (ISO 8601). */
  canceledAt: string;
}

/** One Message update request that reached the Messages route, with how it was answered. */
export interface MessageUpdateRequest {
  sid: string;
  accountSid: string;
  /** Form fields as sent (repeated fields joined by "\n"). */
  form: Record<string, string>;
  /** HTTP status answered: 200, or the error's status. */
  status: number;
  /** Twilio error code, null on success. */
  code: number | null;
}

interface PendingUpdateFault {
  remaining: number;
  status: number;
  code: number;
}

interface PendingUpdateDelay {
  remaining: number;
  ms: number;
}

const UPDATE_PARAMETERS = new Set(['Body', 'Status']);

export const MAX_BODY_CHARS = 1600;
export const SCHEDULE_MIN_SECONDS = 900;
export const SCHEDULE_MAX_SECONDS = 35 * 24 * 3600;

const E164 = /^\+[1-9]\d{1,14}$/;
const CHANNEL_ADDRESS = /^(whatsapp|messenger|rcs):(.+)$/;
const SHORT_CODE = /^\d{3,8}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 _.&-]{1,11}$/;
const MG_SID = /^MG[0-9a-fA-F]{32}$/;
/** GSM 03.38 basic set plus the extension table (counts as one character here). */
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;

/** RFC 2822 as the v2010 API formats it: `Fri, 24 May 2019 17:44:46 +0000`. */
export function rfc2822(d: Date): string {
  return d.toUTCString().replace(/GMT$/, '+0000');
}

function segments(body: string): number {
  if (body.length === 0) return 0;
  if (GSM7.test(body)) return body.length <= 160 ? 1 : Math.ceil(body.length / 153);
  return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
}

function isPhoneAddress(v: string): boolean {
  const channel = CHANNEL_ADDRESS.exec(v);
  return channel !== null ? (channel[1] === 'whatsapp' ? E164.test(channel[2] ?? '') : (channel[2] ?? '').length > 0) : E164.test(v);
}

function isAbsoluteHttpUrl(v: string): boolean {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return false;
  }
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0 && !u.hostname.includes('_');
}

const fail = (code: number, message: string): TwilioHttpError => new TwilioHttpError(400, code, message);

export class MessagesStore {
  private readonly created: MessageWire[] = [];
  private readonly requestLog: Record<string, string>[] = [];
  private readonly blocked = new Set<string>();
  /** SendAt (epoch ms) of every message created scheduled, by SID. */
  private readonly sendAtBySid = new Map<string, number>();
  private readonly cancelLog: MessageCancel[] = [];
  private readonly updateLog: MessageUpdateRequest[] = [];
  private readonly updateFaults: PendingUpdateFault[] = [];
  private readonly updateDelays: PendingUpdateDelay[] = [];
  redactionEnabled = false;

  constructor(
    private readonly rng: Rng,
    private readonly now: () => Date,
  ) {}

  /** Validates and stores an outbound message for `accountSid`; every call is recorded first. */
  create(accountSid: string, form: URLSearchParams): MessageWire {
    this.requestLog.push(recordOf(form));
    const get = (name: string): string | undefined => {
      const v = form.get(name);
      return v === null || v === '' ? undefined : v;
    };
    const to = get('To');
    if (to === undefined) throw fail(MESSAGE_CODES.toRequired, "A 'To' phone number is required.");
    if (!isPhoneAddress(to)) throw fail(MESSAGE_CODES.invalidTo, "The 'To' number is not a valid phone number.");

    const from = get('From');
    const serviceSid = get('MessagingServiceSid');
    if (from === undefined && serviceSid === undefined) {
      throw fail(MESSAGE_CODES.fromOrServiceRequired, "A 'From' phone number or a 'MessagingServiceSid' is required.");
    }
    if (serviceSid !== undefined && !MG_SID.test(serviceSid))
      throw fail(MESSAGE_CODES.invalidMessagingService, 'The Messaging Service is invalid.');
    if (from !== undefined && !(isPhoneAddress(from) || SHORT_CODE.test(from) || ALPHANUMERIC_SENDER.test(from))) {
      throw fail(MESSAGE_CODES.invalidFrom, "The 'From' number is not a valid phone number, shortcode, or alphanumeric sender ID.");
    }

    const body = form.get('Body') ?? '';
    const media = form.getAll('MediaUrl').filter((m) => m !== '');
    if (body === '' && media.length === 0 && get('ContentSid') === undefined) {
      throw fail(MESSAGE_CODES.bodyRequired, 'Message body is required.');
    }
    if (body.length > MAX_BODY_CHARS)
      throw fail(MESSAGE_CODES.bodyTooLong, 'The concatenated message body exceeds the 1600 character limit.');

    const statusCallback = get('StatusCallback');
    if (statusCallback !== undefined && !isAbsoluteHttpUrl(statusCallback))
      throw fail(MESSAGE_CODES.invalidStatusCallback, 'The StatusCallback URL is not a valid URL.');

    const sendAt = this.checkSchedule(get('ScheduleType'), get('SendAt'), serviceSid);
    const scheduled = sendAt !== undefined;
    this.checkRetention(get('ContentRetention'), ['retain', 'discard'], MESSAGE_CODES.invalidContentRetention, 'ContentRetention');
    this.checkRetention(get('AddressRetention'), ['retain', 'obfuscate'], MESSAGE_CODES.invalidAddressRetention, 'AddressRetention');

    if ((serviceSid !== undefined && this.isBlocked(to, serviceSid)) || (from !== undefined && this.isBlocked(to, from))) {
      throw fail(MESSAGE_CODES.unsubscribed, 'Attempt to send to unsubscribed recipient');
    }

    const t = rfc2822(this.now());
    const sid = makeSid(media.length > 0 ? 'MM' : 'SM', this.rng);
    const uriBase = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}`;
    const message: MessageWire = {
      sid,
      account_sid: accountSid,
      api_version: '2010-04-01',
      body,
      date_created: t,
      date_sent: null,
      date_updated: t,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: from ?? null,
      messaging_service_sid: serviceSid ?? null,
      num_media: String(media.length),
      // Twilio reports 0 segments until a Messaging Service has picked a sender.
      num_segments: String(serviceSid !== undefined && from === undefined ? 0 : Math.max(segments(body), media.length > 0 ? 1 : 0)),
      price: null,
      price_unit: 'USD',
      status: scheduled ? 'scheduled' : serviceSid !== undefined ? 'accepted' : 'queued',
      subresource_uris: { media: `${uriBase}/Media.json`, feedback: `${uriBase}/Feedback.json` },
      to,
      uri: `${uriBase}.json`,
    };
    this.created.push(message);
    if (sendAt !== undefined) this.sendAtBySid.set(sid, sendAt);
    return message;
  }

  /** Created messages, oldest first (scheduled ones whose SendAt has come are `sent`). */
  all(): MessageWire[] {
    this.settle();
    return this.created;
  }

  /**
   * Message update (POST …/Messages/{Sid}.json), as Twilio documents it:
   * - `Status=canceled` cancels a message that is still `scheduled` (created with a Messaging
   *   Service, ScheduleType=fixed and SendAt); it answers the whole Message resource with status
   *   `canceled`, and the message is never sent. Any other status (queued, accepted, sent, an
   *   earlier cancel, ...) is refused with 30409 "This message cannot be canceled".
   *   https://www.twilio.com/docs/api/errors/30409
   *   https://www.twilio.com/docs/messaging/features/message-scheduling
   * - `Body=` (empty) redacts the body; the only other update the API has.
   * - 30400 "Parameters are not valid": neither Body nor Status, both at once, a Status other than
   *   `canceled`, or a non-empty Body. https://www.twilio.com/docs/api/errors/30400
   * - Unknown SID (or another account's) 404 / 20404. https://www.twilio.com/docs/api/errors/20404
   * - Any other form parameter 400 / 20001, as the fake's other update routes answer.
   * Request body and response: OpenAPI `UpdateMessage` in twilio_api_v2010.json (@twilio-alpha/mcp):
   * form `{Body?, Status?: message_enum_update_status = ['canceled']}`, 200 api.v2010.account.message.
   * `seeded` supplies records seeded in `fake.resources` (updated in place). Every call is recorded.
   */
  update(accountSid: string, sid: string, form: URLSearchParams, seeded: () => readonly WireRecord[] = () => []): WireRecord {
    const entry: MessageUpdateRequest = { sid, accountSid, form: recordOf(form), status: 200, code: null };
    this.updateLog.push(entry);
    try {
      this.throwInjectedUpdateFault();
      const message: WireRecord | undefined =
        this.all().find((m) => m.sid === sid && m.account_sid === accountSid) ??
        seeded().find((m) => m.sid === sid && m.account_sid === accountSid);
      if (message === undefined) throw notFound();
      for (const name of form.keys()) {
        if (!UPDATE_PARAMETERS.has(name)) throw new TwilioHttpError(400, 20001, `Unknown parameter ${name}`);
      }
      const status = form.get('Status');
      const body = form.get('Body');
      const invalid = (why: string): TwilioHttpError =>
        new TwilioHttpError(MESSAGE_UPDATE_ERROR_HTTP_STATUS, MESSAGE_CODES.updateParametersInvalid, `Parameters are not valid: ${why}`);
      if (status === null && body === null) throw invalid('Body or Status is required.');
      if (status !== null && body !== null) throw invalid('a message cannot be canceled and redacted at once.');
      const t = this.now();
      if (status !== null) {
        if (status !== 'canceled') throw invalid("Status can only be 'canceled'.");
        if (message.status !== 'scheduled') {
          throw new TwilioHttpError(MESSAGE_UPDATE_ERROR_HTTP_STATUS, MESSAGE_CODES.cannotCancel, 'This message cannot be canceled');
        }
        message.status = 'canceled';
        message.date_updated = rfc2822(t);
        const sendAt = this.sendAtBySid.get(sid);
        this.sendAtBySid.delete(sid);
        this.cancelLog.push({
          sid,
          accountSid,
          to: String(message.to),
          messagingServiceSid: typeof message.messaging_service_sid === 'string' ? message.messaging_service_sid : null,
          sendAt: sendAt === undefined ? null : new Date(sendAt).toISOString(),
          canceledAt: t.toISOString(),
        });
      } else {
        if (body !== '') throw invalid('to redact a message, Body must be empty.');
        message.body = '';
        message.date_updated = rfc2822(t);
      }
      return message;
    } catch (e: unknown) {
      if (e instanceof TwilioHttpError) {
        entry.status = e.status;
        entry.code = e.code;
      }
      throw e;
    }
  }

  /** Successful cancels, in order. */
  cancels(): MessageCancel[] {
    return this.cancelLog;
  }

  /** Every update request that reached the route, in order, failed ones too. */
  updates(): MessageUpdateRequest[] {
    return this.updateLog;
  }

  /** Answer the next `n` update requests (only those) with `status` / `code`, leaving the message untouched. */
  failNextUpdates(n: number, status: number, code: number): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('failNextUpdates: n must be a positive integer');
    this.updateFaults.push({ remaining: n, status, code });
  }

  /** Hold the next `n` update requests for `ms` before handling them (the update still happens). */
  delayNextUpdates(n: number, ms: number): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('delayNextUpdates: n must be a positive integer');
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('delayNextUpdates: ms must be a finite number >= 0');
    this.updateDelays.push({ remaining: n, ms });
  }

  /** The delay owed to the update request being handled now (0 when none is pending). */
  takeUpdateDelayMs(): number {
    const head = this.updateDelays[0];
    if (head === undefined) return 0;
    head.remaining -= 1;
    if (head.remaining <= 0) this.updateDelays.shift();
    return head.ms;
  }

  requests(): Record<string, string>[] {
    return this.requestLog;
  }

  block(to: string, sender: string): void {
    this.blocked.add(blockKey(to, sender));
  }

  unblock(to: string, sender: string): void {
    this.blocked.delete(blockKey(to, sender));
  }

  clear(): void {
    this.created.length = 0;
    this.requestLog.length = 0;
    this.blocked.clear();
    this.sendAtBySid.clear();
    this.cancelLog.length = 0;
    this.updateLog.length = 0;
    this.updateFaults.length = 0;
    this.updateDelays.length = 0;
  }

  /** Scheduled messages whose SendAt the fake clock has reached are sent (at SendAt). */
  private settle(): void {
    const now = this.now().getTime();
    for (const m of this.created) {
      const at = this.sendAtBySid.get(m.sid);
      if (m.status !== 'scheduled' || at === undefined || at > now) continue;
      const t = rfc2822(new Date(at));
      m.status = 'sent';
      m.date_sent = t;
      m.date_updated = t;
      // The Messaging Service has picked a sender by now, so the segments are counted.
      if (m.num_segments === '0') m.num_segments = String(Math.max(segments(m.body), Number(m.num_media) > 0 ? 1 : 0));
      this.sendAtBySid.delete(m.sid);
    }
  }

  private throwInjectedUpdateFault(): void {
    const head = this.updateFaults[0];
    if (head === undefined) return;
    head.remaining -= 1;
    if (head.remaining <= 0) this.updateFaults.shift();
    throw new TwilioHttpError(head.status, head.code, 'Injected failure (fake-twilio failNextUpdates)');
  }

  private isBlocked(to: string, sender: string): boolean {
    return this.blocked.has(blockKey(to, sender));
  }

  /** SendAt as epoch ms for a valid schedule, undefined when the message is not scheduled. */
  private checkSchedule(scheduleType: string | undefined, sendAt: string | undefined, serviceSid: string | undefined): number | undefined {
    if (scheduleType === undefined) return undefined;
    if (scheduleType !== 'fixed')
      throw fail(MESSAGE_CODES.invalidScheduleType, "The ScheduleType value provided is not supported; use 'fixed'.");
    if (serviceSid === undefined) throw fail(MESSAGE_CODES.scheduleNeedsService, 'MessagingServiceSid is required to schedule a message.');
    if (sendAt === undefined) throw fail(MESSAGE_CODES.sendAtMissing, "SendAt is required when ScheduleType is 'fixed'.");
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(sendAt) ? Date.parse(sendAt) : NaN;
    const ahead = (at - this.now().getTime()) / 1000;
    if (!(ahead >= SCHEDULE_MIN_SECONDS && ahead <= SCHEDULE_MAX_SECONDS)) {
      throw fail(
        MESSAGE_CODES.sendAtOutOfRange,
        'SendAt time must be between 900 seconds and 35 days (3024000 seconds) in the future, inclusive.',
      );
    }
    return at;
  }

  private checkRetention(value: string | undefined, allowed: readonly string[], code: number, name: string): void {
    if (value === undefined) return;
    if (!allowed.includes(value) || !this.redactionEnabled) {
      throw fail(code, `${name} value used in the request is invalid or Message Privacy features are not enabled for this account.`);
    }
  }
}

function blockKey(to: string, sender: string): string {
  return `${to}\u0000${sender}`;
}

/** Form fields as a record; a repeated field (MediaUrl, PersistentAction) keeps its values joined by "\n". */
function recordOf(form: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) out[k] = k in out ? `${out[k]}\n${v}` : v;
  return out;
}
