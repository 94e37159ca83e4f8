/**
 * What the clinic's system receives when a patient answers a reminder: opaque references, the
 * action and SIDs. Never a number, a name or the reply text.
 */
/** What a patient's answer to a reminder asks for. */
export type ReplyAction = 'confirm' | 'reschedule' | 'cancel';

export interface ClinicEvent {
  /** Unique per reply (the inbound MessageSid, or CallSid + digit): the clinic dedupes on it (delivery is at least once). */
  eventId: string;
  type: 'appointment.reply';
  appointmentRef: string;
  action: ReplyAction;
  channel: 'sms' | 'voice';
  /** The patient's reply message (SMS channel). */
  messageSid?: string;
  /** The patient's call (voice channel). */
  callSid?: string;
  /** ISO 8601, when Twilio delivered the reply to us. */
  receivedAt: string;
}
