/**
 * Pending reminders by patient number (an HMAC key, never the number): what a numeric reply or an
 * IVR key press refers to. The newest reminder whose appointment (plus the reply window) has not
 * passed is the one a reply answers; a patient may change an earlier answer.
 */
import type { TemplateLanguage } from '../clinic/clinic-config';
import { stateKey } from '../ledger/key';
import { casUpdate, type CasTiming, type KvStore } from '../state/kv';

export type ReplyAction = 'confirm' | 'reschedule' | 'cancel';

export interface PendingReminder {
  appointmentRef: string;
  templateId: string;
  language: TemplateLanguage;
  sentAt: number;
  appointmentAt: number;
  answered?: { action: ReplyAction; at: number };
  /** The one "reply 1, 2 or 3" clarification has been sent for this reminder. */
  nudged?: boolean;
}

export interface PendingRecord {
  v: 1;
  reminders: PendingReminder[];
}

/** At most this many open reminders are kept per number (oldest dropped first). */
export const MAX_PENDING_PER_NUMBER = 5;

export class PendingReminders {
  constructor(
    private readonly kv: KvStore<PendingRecord>,
    private readonly secret: string,
    private readonly replyWindowMs: number,
    private readonly timing: CasTiming,
    private readonly now: () => number = Date.now,
  ) {}

  private key(e164: string): string {
    return stateKey(this.secret, 'pending', e164);
  }

  private open(record: PendingRecord | null, at: number): PendingReminder[] {
    return (record?.reminders ?? []).filter((r) => r.appointmentAt + this.replyWindowMs > at);
  }

  private ttlSeconds(reminders: readonly PendingReminder[], at: number): number {
    const last = Math.max(...reminders.map((r) => r.appointmentAt + this.replyWindowMs));
    return Math.max(60, Math.ceil((last - at) / 1000));
  }

  /** Adds (or replaces, by appointmentRef) a reminder for this number. */
  async add(e164: string, reminder: PendingReminder): Promise<void> {
    const at = this.now();
    await casUpdate<PendingRecord, void>(
      this.kv,
      this.key(e164),
      (current) => {
        const others = this.open(current, at).filter((r) => r.appointmentRef !== reminder.appointmentRef);
        const reminders = [...others, reminder].sort((a, b) => a.sentAt - b.sentAt).slice(-MAX_PENDING_PER_NUMBER);
        return { next: { v: 1, reminders }, result: undefined, ttlSeconds: this.ttlSeconds(reminders, at) };
      },
      this.timing,
    );
  }

  /** The reminder a reply from this number answers: the newest still open, or null. */
  async latest(e164: string): Promise<PendingReminder | null> {
    const found = await this.kv.read(this.key(e164));
    const open = this.open(found?.value ?? null, this.now());
    return open.length === 0 ? null : (open[open.length - 1] ?? null);
  }

  /** Applies `change` to one reminder; returns what `change` returned, or null if it is gone. */
  async modify<R>(e164: string, appointmentRef: string, change: (r: PendingReminder) => { next: PendingReminder | null; result: R }): Promise<R | null> {
    const at = this.now();
    const { result } = await casUpdate<PendingRecord, R | null>(
      this.kv,
      this.key(e164),
      (current) => {
        const reminders = this.open(current, at);
        const i = reminders.findIndex((r) => r.appointmentRef === appointmentRef);
        const target = reminders[i];
        if (target === undefined) return { next: null, result: null };
        const out = change(target);
        if (out.next === null) return { next: null, result: out.result };
        const updated = reminders.map((r, j) => (j === i ? (out.next as PendingReminder) : r));
        return { next: { v: 1, reminders: updated }, result: out.result, ttlSeconds: this.ttlSeconds(updated, at) };
      },
      this.timing,
    );
    return result;
  }

  markAnswered(e164: string, appointmentRef: string, action: ReplyAction): Promise<boolean | null> {
    return this.modify(e164, appointmentRef, (r) => ({ next: { ...r, answered: { action, at: this.now() } }, result: true }));
  }

  /** True when this call set the flag (so the clarification is sent once per reminder). */
  async claimNudge(e164: string, appointmentRef: string): Promise<boolean> {
    const r = await this.modify(e164, appointmentRef, (p) => (p.nudged ? { next: null, result: false } : { next: { ...p, nudged: true }, result: true }));
    return r === true;
  }

  async remove(e164: string, appointmentRef: string): Promise<void> {
    const at = this.now();
    await casUpdate<PendingRecord, void>(
      this.kv,
      this.key(e164),
      (current) => {
        const reminders = this.open(current, at).filter((r) => r.appointmentRef !== appointmentRef);
        if (reminders.length === (current?.reminders.length ?? 0)) return { next: null, result: undefined };
        return { next: { v: 1, reminders }, result: undefined, ttlSeconds: reminders.length === 0 ? 60 : this.ttlSeconds(reminders, at) };
      },
      this.timing,
    );
  }
}
