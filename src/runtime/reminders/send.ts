/**
 * The typed core of POST /reminders/send. Order: validate meaning (dates, template, location),
 * country, opt-out gate, send-once claim, daily cap, pending-reply record, send. Every refusal
 * after the claim gives back what it took, so a retry can succeed later; nothing from the request
 * is echoed, and only SIDs, statuses and codes are logged.
 */
import { findLocation, findTemplate, type ClinicConfig, type ReminderTemplates } from '../clinic/clinic-config';
import { errorReply, jsonReply, type HttpReply } from '../core/http';
import type { PhiFreeLogger } from '../core/log';
import { isAllowedCountry } from '../core/phone';
import { stateKey } from '../ledger/key';
import { sendGate, type OptOutLedger } from '../ledger/ledger';
import type { Quota } from '../state/quota';
import { CODE_UNSUBSCRIBED, recordCarrierOptOut } from './carrier-optout';
import type { ConsentDeps } from './consent-effects';
import { formatAppointment, renderTemplate } from './format';
import type { SendOnce } from './idempotency';
import type { PendingReminders } from './pending';
import { checkTimes, clinicDay, parseInstant } from './schedule';
import type { MessageRequest, SendMessage } from './send-message';

export interface ReminderRequest {
  to: string;
  appointmentAt: string;
  templateId: string;
  locationId: string;
  appointmentRef: string;
  sendAt?: string;
}

export const REMINDER_FIELDS = ['to', 'appointmentAt', 'templateId', 'locationId', 'appointmentRef', 'sendAt'] as const;

export interface SendSettings {
  clinicName: string;
  messagingServiceSid: string;
  statusCallback: string;
  secret: string;
  retention: Pick<MessageRequest, 'contentRetention' | 'addressRetention'>;
}

export interface SendDeps {
  clinic: ClinicConfig;
  templates: ReminderTemplates;
  ledger: OptOutLedger;
  pending: PendingReminders;
  sendOnce: SendOnce;
  quota: Quota;
  send: SendMessage;
  /** Cancels a scheduled send an opt-out overtook, and records carrier opt-outs (21610). */
  consent: ConsentDeps;
  settings: SendSettings;
  log: PhiFreeLogger;
  now: () => number;
}

const CAP_WINDOW_SECONDS = 2 * 86_400;
/** Send-once records outlive the appointment by this much. */
const KEEP_AFTER_APPOINTMENT_S = 7 * 86_400;

const invalid = (field: string): HttpReply => jsonReply(400, { error: 'invalid_request', fields: [field] });
const notSendable = (): HttpReply => jsonReply(409, { error: 'not_sendable' });
const unavailable = (): HttpReply => errorReply(503);

export async function sendReminder(req: ReminderRequest, deps: SendDeps): Promise<HttpReply> {
  const { clinic, settings, log } = deps;
  const now = deps.now();
  const appointmentAt = parseInstant(req.appointmentAt);
  const sendAt = req.sendAt === undefined ? undefined : parseInstant(req.sendAt);
  const timeProblem = checkTimes(appointmentAt, sendAt, now);
  if (timeProblem !== null || appointmentAt === null) return invalid(timeProblem ?? 'appointmentAt');
  const template = findTemplate(deps.templates, req.templateId);
  if (!template) return invalid('templateId');
  const location = findLocation(clinic, req.locationId);
  if (!location) return invalid('locationId');
  if (!isAllowedCountry(req.to, clinic.countries)) {
    log.info('reminders.destination_refused', { status: 422 });
    return jsonReply(422, { error: 'unsupported_destination' });
  }
  const gate = await sendGate(deps.ledger, req.to, settings.messagingServiceSid, log);
  if (gate !== 'sendable') {
    // Unreadable (or not provably ours) is never "not opted out": nothing is sent; the caller retries later.
    log.info('reminders.not_sendable', { status: gate === 'opted_out' ? 409 : 503 });
    return gate === 'opted_out' ? notSendable() : unavailable();
  }

  const claimKey = deps.sendOnce.key(req.appointmentRef, req.templateId);
  const claim = await deps.sendOnce.claim(claimKey);
  if (claim.kind === 'duplicate') {
    log.info('reminders.duplicate', { messageSid: claim.messageSid, status: claim.status });
    return jsonReply(202, { messageSid: claim.messageSid, status: claim.status, duplicate: true });
  }
  if (claim.kind === 'in_progress') return jsonReply(409, { error: 'in_progress' });

  const sendTime = sendAt ? sendAt.getTime() : now;
  const capKey = stateKey(settings.secret, 'cap', clinicDay(sendTime, clinic.timeZone), req.to);
  const undo = async (giveBackCap: boolean): Promise<void> => {
    if (giveBackCap) await deps.quota.giveBack(capKey, CAP_WINDOW_SECONDS);
    await deps.sendOnce.release(claimKey);
  };
  let capped: boolean;
  try {
    capped = !(await deps.quota.take(capKey, clinic.reminders.dailyCapPerNumber, CAP_WINDOW_SECONDS));
  } catch (err) {
    await undo(false);
    throw err;
  }
  if (capped) {
    await undo(false);
    log.info('reminders.daily_cap_reached', { status: 429 });
    return jsonReply(429, { error: 'daily_cap_reached' });
  }

  const { date, time } = formatAppointment(appointmentAt, clinic.timeZone, template.language);
  const body = renderTemplate(template, { clinicName: settings.clinicName, date, time, locationName: location.name });
  const pendingEntry = {
    appointmentRef: req.appointmentRef,
    templateId: template.id,
    language: template.language,
    sentAt: sendTime,
    appointmentAt: appointmentAt.getTime(),
    sender: settings.messagingServiceSid,
    ...(sendAt ? { scheduled: true } : {}),
  };
  let added: boolean;
  try {
    // Before the send: a reply can arrive within seconds of delivery.
    added = await deps.pending.add(req.to, pendingEntry);
  } catch (err) {
    await undo(true);
    throw err;
  }
  if (!added) {
    await undo(true);
    log.info('reminders.too_many_scheduled', { status: 429 });
    return jsonReply(429, { error: 'too_many_scheduled' });
  }

  const outcome = await deps.send({
    to: req.to,
    messagingServiceSid: settings.messagingServiceSid,
    body,
    statusCallback: settings.statusCallback,
    ...(sendAt ? { sendAt } : {}),
    ...settings.retention,
  });
  if (!outcome.ok) {
    await undo(true);
    await deps.pending.remove(req.to, pendingEntry).catch(() => undefined);
    log.warn('reminders.send_failed', { errorCode: outcome.code ?? 0, templateId: template.id });
    if (outcome.code === CODE_UNSUBSCRIBED) {
      await recordCarrierOptOut(deps.consent, req.to, settings.messagingServiceSid, null, null);
      return notSendable();
    }
    return outcome.permanent ? jsonReply(422, { error: 'undeliverable' }) : errorReply(503);
  }

  if (sendAt) {
    const overtaken = await scheduledOvertaken(req, outcome.sid, deps);
    if (overtaken !== null) {
      if (overtaken.released) await undo(true);
      return overtaken.reply;
    }
  }

  const keepSeconds = Math.ceil((appointmentAt.getTime() - now) / 1000) + KEEP_AFTER_APPOINTMENT_S;
  try {
    await deps.sendOnce.markSent(claimKey, outcome.sid, outcome.status, keepSeconds);
  } catch {
    // Sent, but a retry more than STALE_CLAIM_MS from now could send again: the alert support acts on.
    log.error('reminders.sent_record_failed', { messageSid: outcome.sid });
  }
  log.info('reminders.sent', { messageSid: outcome.sid, status: outcome.status, templateId: template.id, scheduled: sendAt ? 'true' : 'false' });
  return jsonReply(202, { messageSid: outcome.sid, status: outcome.status });
}

/**
 * A scheduled send races an opt-out: the opt-out cancels what it finds in the pending store, so
 * once the SID is recorded there, the gate is asked again. If the patient opted out meanwhile (or
 * the ledger cannot tell), the message is canceled here (or the cancel queued durably). Null when
 * the send stands.
 */
async function scheduledOvertaken(req: ReminderRequest, messageSid: string, deps: SendDeps): Promise<{ reply: HttpReply; released: boolean } | null> {
  const { log, settings } = deps;
  const recorded = await deps.pending.markSent(req.to, req, messageSid).then(
    (r) => r === true,
    () => false,
  );
  const gate: 'sendable' | 'opted_out' | 'unreadable' = await deps.ledger.read(req.to).then(
    (record) => (deps.ledger.stateOf(record, settings.messagingServiceSid).optedOut ? 'opted_out' : 'sendable'),
    () => 'unreadable',
  );
  if (gate === 'sendable' && recorded) return null;
  // Opted out meanwhile, the ledger cannot tell, or the SID could not be recorded for a later opt-out to find.
  const outcome = await deps.consent.cancel(messageSid);
  if (outcome.kind !== 'retry') {
    log.warn('reminders.scheduled_withdrawn', { messageSid, status: gate });
    await deps.pending.remove(req.to, req).catch(() => undefined);
    return { reply: gate === 'opted_out' ? notSendable() : unavailable(), released: true };
  }
  try {
    await deps.consent.jobs.enqueue({ kind: 'cancel', messageSid, pendingKey: deps.pending.keyOf(req.to) });
    log.warn('reminders.scheduled_withdrawal_queued', { messageSid, status: gate });
    return { reply: gate === 'opted_out' ? notSendable() : unavailable(), released: true };
  } catch {
    // Still scheduled, and neither canceled nor queued: the alert support acts on (cancel by SID).
    log.error('reminders.scheduled_withdrawal_failed', { messageSid, status: gate });
    return { reply: unavailable(), released: false };
  }
}
