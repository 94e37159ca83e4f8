/**
 * Records a patient's answer to their newest open reminder (SMS digit or IVR key press): the event
 * goes into the durable outbox first, then the reminder is marked answered, then the outbox is
 * drained within a small budget. A failure to store the event throws: the caller answers 500 so
 * Twilio retries (a retry re-enqueues the same eventId, which the clinic dedupes).
 */
import type { PhiFreeLogger } from '../core/log';
import type { EventOutbox } from '../events/outbox';
import type { ClinicEvent } from '../events/event';
import type { Versioned } from '../state/kv';
import type { PendingRecord, PendingReminder, PendingReminders, ReplyAction } from './pending';

export interface ReplySource {
  channel: 'sms' | 'voice';
  /** MessageSid (sms) or CallSid (voice). */
  sid: string;
  /** Suffix making voice event ids unique per key press. */
  eventSuffix?: string;
  receivedAt: number;
}

export interface RecordReplyDeps {
  pending: PendingReminders;
  outbox: EventOutbox;
  log: PhiFreeLogger;
  /** How long the inline drain may take (the rest waits for the next drain). */
  drainBudgetMs: number;
  /** The number's record as read when the reminder was found: marking it answered is then one write. */
  known?: Versioned<PendingRecord> | null;
}

export const DRAIN_BATCH = 10;

export function replyEvent(reminder: Pick<PendingReminder, 'appointmentRef'>, action: ReplyAction, source: ReplySource): ClinicEvent {
  return {
    eventId: `${source.sid}${source.eventSuffix ?? ''}`,
    type: 'appointment.reply',
    appointmentRef: reminder.appointmentRef,
    action,
    channel: source.channel,
    ...(source.channel === 'sms' ? { messageSid: source.sid } : { callSid: source.sid }),
    receivedAt: new Date(source.receivedAt).toISOString(),
  };
}

export async function recordReply(
  reminder: PendingReminder,
  from: string,
  action: ReplyAction,
  source: ReplySource,
  deps: RecordReplyDeps,
): Promise<void> {
  await deps.outbox.enqueue(replyEvent(reminder, action, source));
  await deps.pending.markAnswered(from, reminder.appointmentRef, action, deps.known);
  deps.log.info('reminders.reply_recorded', { action, channel: source.channel });
  await drainQuietly(deps.outbox, deps.log, deps.drainBudgetMs);
}

/** Drains the outbox, logging (never throwing) when the store itself fails: the events stay queued. */
export async function drainQuietly(outbox: EventOutbox, log: PhiFreeLogger, budgetMs: number): Promise<void> {
  try {
    const r = await outbox.drain(DRAIN_BATCH, budgetMs);
    if (r.delivered + r.failed > 0) log.info('events.drained', { count: r.delivered, attempts: r.delivered + r.failed });
  } catch {
    log.warn('events.drain_unavailable', { status: 'store_error' });
  }
}
