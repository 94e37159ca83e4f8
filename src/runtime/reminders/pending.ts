/**
 * Pending reminders by patient number (an HMAC key, never the number): what a numeric reply or an
 * IVR key press refers to, and which scheduled messages an opt-out must cancel. A reply answers the
 * most recently *sent* reminder whose appointment (plus the reply window) has not passed: a
 * reminder scheduled for later, or canceled, is never a candidate. A patient may change an earlier
 * answer.
 */
import type { TemplateLanguage } from '../clinic/clinic-config';
import { stateKey } from '../ledger/key';
import type { ReplyAction } from '../events/event';
import { casUpdate, type CasTiming, type KvStore, type Versioned } from '../state/kv';

export type { ReplyAction };

export interface PendingReminder {
  appointmentRef: string;
  templateId: string;
  language: TemplateLanguage;
  /** When it was (or, scheduled, will be) sent: Twilio sends a scheduled message at its sendAt. */
  sentAt: number;
  appointmentAt: number;
  /** The Message SID once Twilio accepted it. */
  messageSid?: string;
  /** The sender it goes out through (the Messaging Service). */
  sender?: string;
  /** Sent with Twilio scheduling (status `scheduled` until sentAt). */
  scheduled?: boolean;
  /** The scheduled message was canceled (an opt-out), or found not cancelable because it was already sent. */
  canceled?: boolean;
  answered?: { action: ReplyAction; at: number };
  /** The one "reply 1, 2 or 3" clarification has been sent for this reminder. */
  nudged?: boolean;
}

/** A send-once record for one appointment + template (see send-state.ts), kept until `until`. */
export interface SentEntry {
  state: 'sending' | 'sent';
  claimedAt: number;
  /** Epoch ms after which the entry is dropped. */
  until: number;
  messageSid?: string;
  /** Twilio's status when it accepted the message: `accepted`, `queued` or `scheduled`. */
  status?: string;
}

/** Reminders counted against the daily cap on one clinic day (YYYY-MM-DD), kept until `until`. */
export interface CapEntry {
  count: number;
  until: number;
}

/**
 * Everything kept per patient number in one Sync item, so a reminder send claims, counts and
 * records in one conditional write: open reminders, send-once entries (by a hash of appointmentRef
 * and templateId) and daily-cap counts (by clinic day).
 */
export interface PendingRecord {
  v: 1;
  reminders: PendingReminder[];
  sent?: Record<string, SentEntry>;
  caps?: Record<string, CapEntry>;
}

/** What `update` hands a change: the record with expired parts dropped (never null). */
export type LiveRecord = Required<PendingRecord>;

/** At most this many open reminders are kept per number (oldest dropped first). */
export const MAX_PENDING_PER_NUMBER = 5;
/** Scheduled, not yet sent reminders kept per number (a Sync item holds 16 KiB). */
export const MAX_SCHEDULED_PER_NUMBER = 20;

/** One entry per appointment and template (a clinic may send the English and the Spanish one). */
export function sameReminder(
  a: Pick<PendingReminder, 'appointmentRef' | 'templateId'>,
  b: Pick<PendingReminder, 'appointmentRef' | 'templateId'>,
): boolean {
  return a.appointmentRef === b.appointmentRef && a.templateId === b.templateId;
}

export class PendingReminders {
  constructor(
    private readonly kv: KvStore<PendingRecord>,
    private readonly secret: string,
    private readonly replyWindowMs: number,
    private readonly timing: CasTiming,
    private readonly now: () => number = Date.now,
  ) {}

  /** The record's key: an HMAC of the number (durable jobs hold this, never the number). */
  keyOf(e164: string): string {
    return stateKey(this.secret, 'pending', e164);
  }

  private key(e164: string): string {
    return this.keyOf(e164);
  }

  private open(record: PendingRecord | null, at: number): PendingReminder[] {
    return (record?.reminders ?? []).filter((r) => r.appointmentAt + this.replyWindowMs > at);
  }

  /** The record with expired reminders, send-once entries and cap counts dropped. */
  private live(record: PendingRecord | null, at: number): LiveRecord {
    const keep = <E extends { until: number }>(m: Record<string, E> | undefined): Record<string, E> =>
      Object.fromEntries(Object.entries(m ?? {}).filter(([, e]) => e.until > at));
    return { v: 1, reminders: this.open(record, at), sent: keep(record?.sent), caps: keep(record?.caps) };
  }

  /** The item's expiry: when its last reminder, send-once entry or cap count expires. */
  private ttlSeconds(record: LiveRecord, at: number): number {
    const ends = [
      ...record.reminders.map((r) => r.appointmentAt + this.replyWindowMs),
      ...Object.values(record.sent).map((e) => e.until),
      ...Object.values(record.caps).map((e) => e.until),
    ];
    return Math.max(60, Math.ceil((Math.max(at, ...ends) - at) / 1000));
  }

  private static stored(record: LiveRecord): PendingRecord {
    const { sent, caps, ...rest } = record;
    return { ...rest, ...(Object.keys(sent).length > 0 ? { sent } : {}), ...(Object.keys(caps).length > 0 ? { caps } : {}) };
  }

  /**
   * One compare-and-swap update of a number's record: `change` sees the live record (null `next`
   * leaves it alone). `known` (the record as this caller last wrote it) saves the first read.
   * Returns the result and the record as written (null when nothing was written).
   */
  async updateByKey<R>(
    key: string,
    change: (record: LiveRecord, at: number) => { next: LiveRecord | null; result: R },
    known?: Versioned<PendingRecord> | null,
  ): Promise<{ result: R; written: Versioned<PendingRecord> | null }> {
    const at = this.now();
    const { result, written } = await casUpdate<PendingRecord, R>(
      this.kv,
      key,
      (current) => {
        const out = change(this.live(current, at), at);
        if (out.next === null) return { next: null, result: out.result };
        return { next: PendingReminders.stored(out.next), result: out.result, ttlSeconds: this.ttlSeconds(out.next, at) };
      },
      this.timing,
      known,
    );
    return { result, written };
  }

  /** Adds `reminder` to `record` (see `add`); null when MAX_SCHEDULED_PER_NUMBER are already waiting. */
  withReminder(record: LiveRecord, reminder: PendingReminder, at: number): LiveRecord | null {
    const waiting = (r: PendingReminder): boolean => r.scheduled === true && r.canceled !== true && r.sentAt > at;
    const all = [...record.reminders.filter((r) => !sameReminder(r, reminder)), reminder];
    const scheduled = all.filter(waiting);
    if (scheduled.length > MAX_SCHEDULED_PER_NUMBER) return null;
    const others = all
      .filter((r) => !waiting(r))
      .sort((a, b) => a.sentAt - b.sentAt)
      .slice(-MAX_PENDING_PER_NUMBER);
    return { ...record, reminders: [...others, ...scheduled].sort((a, b) => a.sentAt - b.sentAt) };
  }

  /**
   * Adds (or replaces: same appointmentRef and templateId) a reminder for this number. Two
   * templates for one appointment (e.g. English and Spanish) are two entries. Scheduled messages not yet
   * sent are never dropped (an opt-out must find them to cancel them): false, and nothing stored,
   * when MAX_SCHEDULED_PER_NUMBER are already waiting.
   */
  async add(e164: string, reminder: PendingReminder): Promise<boolean> {
    const { result } = await this.updateByKey(this.key(e164), (record, at) => {
      const next = this.withReminder(record, reminder, at);
      return { next, result: next !== null };
    });
    return result;
  }

  /** The number's record as stored (for `updateByKey`'s `known`): read ahead of a claim. */
  snapshot(e164: string): Promise<Versioned<PendingRecord> | null> {
    return this.kv.read(this.key(e164));
  }

  /** The reminder a reply from this number answers: the most recently sent one still open (never a scheduled or canceled one), or null. */
  async latest(e164: string): Promise<PendingReminder | null> {
    return (await this.latestWithRecord(e164)).reminder;
  }

  /** `latest`, with the record as read (for `markAnswered`'s `known`: the answer is then one write). */
  async latestWithRecord(e164: string): Promise<{ reminder: PendingReminder | null; stored: Versioned<PendingRecord> | null }> {
    const found = await this.kv.read(this.key(e164));
    const at = this.now();
    const sent = this.open(found?.value ?? null, at).filter((r) => r.sentAt <= at && r.canceled !== true);
    return { reminder: sent.length === 0 ? null : (sent[sent.length - 1] ?? null), stored: found };
  }

  /** Scheduled messages not yet sent nor canceled, by record key. */
  async scheduledByKey(key: string): Promise<PendingReminder[]> {
    const found = await this.kv.read(key);
    const at = this.now();
    return this.open(found?.value ?? null, at).filter(
      (r) => r.scheduled === true && r.messageSid !== undefined && r.canceled !== true && r.sentAt > at,
    );
  }

  /** How many of this number's reminders were canceled by an opt-out (still on record). */
  async canceledCount(e164: string): Promise<number> {
    const found = await this.kv.read(this.key(e164));
    return (found?.value.reminders ?? []).filter((r) => r.canceled === true).length;
  }

  /** Applies `change` to one reminder; returns what `change` returned, or null if it is gone. */
  async modify<R>(
    e164: string,
    appointmentRef: string,
    change: (r: PendingReminder) => { next: PendingReminder | null; result: R },
    known?: Versioned<PendingRecord> | null,
  ): Promise<R | null> {
    return this.modifyByKey(this.key(e164), (r) => r.appointmentRef === appointmentRef, change, known);
  }

  /** Applies `change` to the first reminder `match` selects, by record key. */
  async modifyByKey<R>(
    key: string,
    match: (r: PendingReminder) => boolean,
    change: (r: PendingReminder) => { next: PendingReminder | null; result: R },
    known?: Versioned<PendingRecord> | null,
  ): Promise<R | null> {
    const { result } = await this.updateByKey<R | null>(
      key,
      (record) => {
        const i = record.reminders.findIndex(match);
        const target = record.reminders[i];
        if (target === undefined) return { next: null, result: null };
        const out = change(target);
        if (out.next === null) return { next: null, result: out.result };
        const replaced = out.next;
        return { next: { ...record, reminders: record.reminders.map((r, j) => (j === i ? replaced : r)) }, result: out.result };
      },
      known,
    );
    return result;
  }

  /** `known`: the record as just read (`latestWithRecord`), saving the re-read when no one wrote since. */
  markAnswered(
    e164: string,
    appointmentRef: string,
    action: ReplyAction,
    known?: Versioned<PendingRecord> | null,
  ): Promise<boolean | null> {
    return this.modify(e164, appointmentRef, (r) => ({ next: { ...r, answered: { action, at: this.now() } }, result: true }), known);
  }

  /** True when this call set the flag (so the clarification is sent once per reminder). */
  async claimNudge(e164: string, appointmentRef: string, known?: Versioned<PendingRecord> | null): Promise<boolean> {
    const r = await this.modify(
      e164,
      appointmentRef,
      (p) => (p.nudged ? { next: null, result: false } : { next: { ...p, nudged: true }, result: true }),
      known,
    );
    return r === true;
  }

  /** Records the Message SID Twilio gave the reminder (appointmentRef + templateId). */
  markSent(e164: string, ref: Pick<PendingReminder, 'appointmentRef' | 'templateId'>, messageSid: string): Promise<boolean | null> {
    return this.modifyByKey(
      this.key(e164),
      (r) => sameReminder(r, ref),
      (r) => ({ next: { ...r, messageSid }, result: true }),
    );
  }

  /** Marks the scheduled message `messageSid` canceled (by record key: durable jobs hold no number). */
  markCanceledByKey(key: string, messageSid: string): Promise<boolean | null> {
    return this.modifyByKey(
      key,
      (r) => r.messageSid === messageSid,
      (r) => (r.canceled ? { next: null, result: false } : { next: { ...r, canceled: true }, result: true }),
    );
  }

  async remove(e164: string, ref: Pick<PendingReminder, 'appointmentRef' | 'templateId'>): Promise<void> {
    await this.updateByKey<void>(this.key(e164), (record) => {
      const reminders = record.reminders.filter((r) => !sameReminder(r, ref));
      if (reminders.length === record.reminders.length) return { next: null, result: undefined };
      return { next: { ...record, reminders }, result: undefined };
    });
  }
}
