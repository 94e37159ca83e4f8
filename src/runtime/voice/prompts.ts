/**
 * Every line the IVR speaks. PHI-free by construction: fixed wording plus the clinic name from
 * validated config; never the appointment's date, place or kind, never the caller's number.
 * English only in this version (the caller's language is not known before a reminder is matched).
 */
import type { ReplyAction } from '../reminders/pending';

/** `<Say>` language; the default Twilio voice (no voice that needs an add-on or a third party). */
export const SAY_LANGUAGE = 'en-US';

export function greeting(clinicName: string): string {
  return `Hello, this is ${clinicName}. Press 1 to confirm your next appointment, 2 to reschedule, 3 to cancel it, or 0 for the front desk.`;
}

/**
 * What a caller Twilio did not verify hears before the front desk (src/runtime/voice/verification.ts): the
 * same words whether or not the number has an appointment, and no menu.
 */
export function welcome(clinicName: string): string {
  return `Hello, this is ${clinicName}.`;
}

export const PROMPTS = {
  connecting: 'Please hold while we connect you to the front desk.',
  notFound: 'We could not find an upcoming appointment for this number.',
  notAnOption: 'Sorry, that is not an option.',
  unavailable: 'Sorry, we cannot take your answer right now.',
  voicemail:
    'Our front desk cannot take your call right now. Please leave a message after the tone, and do not include personal health details. Press the pound key when you are done.',
  closed: 'Our front desk cannot take your call right now. Please call again later. Goodbye.',
  thankYou: 'Thank you. Goodbye.',
} as const;

const ACKS: Record<ReplyAction, string> = {
  confirm: 'Thank you. Your appointment is confirmed. Goodbye.',
  reschedule: 'Thank you. We will contact you to find a new time. Goodbye.',
  cancel: 'Your appointment has been cancelled. Please call us when you would like to book a new one. Goodbye.',
};

export function ackPrompt(action: ReplyAction): string {
  return ACKS[action];
}
