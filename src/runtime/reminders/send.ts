/**
 * The typed core of POST /reminders/send. Order: validate meaning (dates, template, location),
 * country, opt-out gate, then one conditional write of the patient's record that claims the send
 * (send-once), counts it against the daily cap and records the pending reply, then the send, then
 * one write recording the SID. Every refusal after the claim gives back what it took, so a retry
 * can succeed later; nothing from the request is echoed, and only SIDs, statuses and codes are
 * logged. The patient's record is read alongside the ledger, so an immediate send is four Twilio
 * requests (ledger read, record read, claim, messages.create) plus the SID write (see
 * docs/benchmarks.md).
 */
import { findLocation, findTemplate, type ClinicConfig, type ReminderTemplates } from '../clinic/clinic-config';
import { errorReply, jsonReply, type HttpReply } from '../core/http';
import type { PhiFreeLogger } from '../core/log';
import { isAllowedCountry } from '../core/phone';
import { sendGate, type OptOutLedger } from '../ledger/ledger';
import { CODE_UNSUBSCRIBED, recordCarrierOptOut } from './carrier-optout';
import type { ConsentDeps } from './consent-effects';
import { formatAppointment, renderTemplate } from './format';
import type { PendingReminders } from './pending';
import { claimSend, markSent, undoClaim } from './send-state';
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
  send: SendMessage;
  /** Cancels a scheduled send an opt-out overtook, and records carrier opt-outs (21610). */
  consent: ConsentDeps;
  settings: SendSettings;
  log: PhiFreeLogger;
  now: () => number;
}

/** A cap count is kept this long past its send time (the clinic day it counts lies inside). */
const CAP_WINDOW_MS = 2 * 86_400_000;
/** Send-once records outlive the appointment by this much. */
const KEEP_AFTER_APPOINTMENT_MS = 7 * 86_400_000;

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
  // The patient's record is read alongside the gate (never written before it passes); unreadable, the claim reads again.
  const snapshot = deps.pending.snapshot(req.to).then(
    (found) => found,
    () => undefined,
  );
  const [gate, known] = await Promise.all([sendGate(deps.ledger, req.to, settings.messagingServiceSid, log), snapshot]);
  if (gate !== 'sendable') {
    // Unreadable (or not provably ours) is never "not opted out": nothing is sent; the caller retries later.
    log.info('reminders.not_sendable', { status: gate === 'opted_out' ? 409 : 503 });
    return gate === 'opted_out' ? notSendable() : unavailable();
  }

  const sendTime = sendAt ? sendAt.getTime() : now;
  const pendingEntry = {
    appointmentRef: req.appointmentRef,
    templateId: template.id,
    language: template.language,
    sentAt: sendTime,
    appointmentAt: appointmentAt.getTime(),
    sender: settings.messagingServiceSid,
    ...(sendAt ? { scheduled: true } : {}),
  };
  const claimed = {
    e164: req.to,
    // Before the send: a reply can arrive within seconds of delivery.
    reminder: pendingEntry,
    capDay: clinicDay(sendTime, clinic.timeZone),
    capLimit: clinic.reminders.dailyCapPerNumber,
    capUntil: sendTime + CAP_WINDOW_MS,
    keepUntil: appointmentAt.getTime() + KEEP_AFTER_APPOINTMENT_MS,
  };
  const claim = await claimSend(deps.pending, claimed, known);
  if (claim.kind === 'duplicate') {
    log.info('reminders.duplicate', { messageSid: claim.messageSid, status: claim.status });
    return jsonReply(202, { messageSid: claim.messageSid, status: claim.status, duplicate: true });
  }
  if (claim.kind === 'in_progress') return jsonReply(409, { error: 'in_progress' });
  if (claim.kind === 'capped') {
    log.info('reminders.daily_cap_reached', { status: 429 });
    return jsonReply(429, { error: 'daily_cap_reached' });
  }
  if (claim.kind === 'too_many_scheduled') {
    log.info('reminders.too_many_scheduled', { status: 429 });
    return jsonReply(429, { error: 'too_many_scheduled' });
  }
  let stored = claim.stored;
  const undo = (): Promise<void> => undoClaim(deps.pending, claimed, stored);

  const { date, time } = formatAppointment(appointmentAt, clinic.timeZone, template.language);
  const body = renderTemplate(template, { clinicName: settings.clinicName, date, time, locationName: location.name });
  const outcome = await deps.send({
    to: req.to,
    messagingServiceSid: settings.messagingServiceSid,
    body,
    statusCallback: settings.statusCallback,
    ...(sendAt ? { sendAt } : {}),
    ...settings.retention,
  });
  if (!outcome.ok) {
    await undo();
    log.warn('reminders.send_failed', { errorCode: outcome.code ?? 0, templateId: template.id });
    if (outcome.code === CODE_UNSUBSCRIBED) {
      await recordCarrierOptOut(deps.consent, req.to, settings.messagingServiceSid, null, null);
      return notSendable();
    }
    return outcome.permanent ? jsonReply(422, { error: 'undeliverable' }) : errorReply(503);
  }

  // The SID on the send-once entry (a retry answers with it) and on the pending reminder (an opt-out cancels a scheduled one by it).
  const recorded = await markSent(
    deps.pending,
    req.to,
    req,
    { messageSid: outcome.sid, status: outcome.status, claimedAt: now, keepUntil: claimed.keepUntil },
    stored,
  ).then(
    (r) => {
      stored = r.stored;
      return r.recorded;
    },
    () => false,
  );
  if (sendAt) {
    const overtaken = await scheduledOvertaken(req, outcome.sid, recorded, deps);
    if (overtaken !== null) {
      if (overtaken.released) await undo();
      return overtaken.reply;
    }
  } else if (!recorded) {
    // Sent, but a retry more than STALE_CLAIM_MS from now could send again: the alert support acts on.
    log.error('reminders.sent_record_failed', { messageSid: outcome.sid });
  }
  log.info('reminders.sent', {
    messageSid: outcome.sid,
    status: outcome.status,
    templateId: template.id,
    scheduled: sendAt ? 'true' : 'false',
  });
  return jsonReply(202, { messageSid: outcome.sid, status: outcome.status });
}

/**
 * A scheduled send races an opt-out: the opt-out cancels what it finds in the pending store, so
 * once the SID is recorded there, the gate is asked again. If the patient opted out meanwhile (or
 * the ledger cannot tell), the message is canceled here (or the cancel queued durably). Null when
 * the send stands.
 */
async function scheduledOvertaken(
  req: ReminderRequest,
  messageSid: string,
  recorded: boolean,
  deps: SendDeps,
): Promise<{ reply: HttpReply; released: boolean } | null> {
  const { log, settings } = deps;
  const gate: 'sendable' | 'opted_out' | 'unreadable' = await deps.ledger.read(req.to).then(
    (record) => (deps.ledger.stateOf(record, settings.messagingServiceSid).optedOut ? 'opted_out' : 'sendable'),
    () => 'unreadable',
  );
  if (gate === 'sendable' && recorded) return null;
  // Opted out meanwhile, the ledger cannot tell, or the SID could not be recorded for a later opt-out to find.
  const outcome = await deps.consent.cancel(messageSid);
  if (outcome.kind !== 'retry') {
    log.warn('reminders.scheduled_withdrawn', { messageSid, status: gate });
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
