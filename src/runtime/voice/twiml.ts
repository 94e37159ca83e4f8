/**
 * Voice TwiML for the IVR, built with the twilio SDK's own VoiceResponse (it escapes the text).
 * Pure: settings in, XML string out. Every action URL is a bare path (the signature check covers
 * the path only, so no query strings). `<Record>` is only ever built by `voicemailTwiml`, and only
 * when the clinic config enables voicemail; transcription is Twilio's own (no callback, no add-on).
 */
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { ClinicConfig } from '../clinic/clinic-config';
import type { ReplyAction } from '../reminders/pending';
import { ackPrompt, greeting, PROMPTS, SAY_LANGUAGE, welcome } from './prompts';

export type VoiceSettings = ClinicConfig['voice'];
export type VoicemailSettings = VoiceSettings['voicemail'];

export const VOICE_PATHS = { inbound: '/voice/inbound', menu: '/voice/menu', dialStatus: '/voice/dial-status' } as const;
export const GATHER_TIMEOUT_S = 6;
export const DIAL_TIMEOUT_S = 20;
export const DEFAULT_VOICEMAIL_SECONDS = 120;

type SayParent = Pick<VoiceResponse, 'say'>;

function say(parent: SayParent, text: string): void {
  parent.say({ language: SAY_LANGUAGE }, text);
}

/** Connects to the front desk; with voicemail on, Twilio reports the outcome to /voice/dial-status. */
function appendFrontDesk(response: VoiceResponse, voice: VoiceSettings): void {
  say(response, PROMPTS.connecting);
  const attrs: VoiceResponse.DialAttributes = voice.voicemail.enabled
    ? { timeout: DIAL_TIMEOUT_S, action: VOICE_PATHS.dialStatus, method: 'POST' }
    : { timeout: DIAL_TIMEOUT_S };
  response.dial(attrs, voice.frontDeskNumber);
}

/** The menu; no key pressed within the timeout falls through to the front desk. */
export function inboundTwiml(clinicName: string, voice: VoiceSettings): string {
  const response = new VoiceResponse();
  const gather = response.gather({ input: ['dtmf'], numDigits: 1, action: VOICE_PATHS.menu, method: 'POST', timeout: GATHER_TIMEOUT_S });
  say(gather, greeting(clinicName));
  appendFrontDesk(response, voice);
  return response.toString();
}

/**
 * For a caller Twilio did not verify: a greeting without the menu, then the front desk. Depends on
 * nothing but the clinic config, so it cannot tell anyone whether the number has an appointment.
 */
export function unverifiedInboundTwiml(clinicName: string, voice: VoiceSettings): string {
  return frontDeskTwiml(voice, welcome(clinicName));
}

/** Front desk, optionally after one fixed line (e.g. "we could not find an appointment"). */
export function frontDeskTwiml(voice: VoiceSettings, lead?: string): string {
  const response = new VoiceResponse();
  if (lead !== undefined) say(response, lead);
  appendFrontDesk(response, voice);
  return response.toString();
}

/**
 * "We could not find an upcoming appointment", then the front desk: the one answer to 1/2/3 for no
 * match, no events endpoint, and a caller Twilio did not verify, so the three are byte-identical.
 */
export function notFoundTwiml(voice: VoiceSettings): string {
  return frontDeskTwiml(voice, PROMPTS.notFound);
}

export function ackTwiml(action: ReplyAction): string {
  const response = new VoiceResponse();
  say(response, ackPrompt(action));
  response.hangup();
  return response.toString();
}

export function notAnOptionTwiml(): string {
  const response = new VoiceResponse();
  say(response, PROMPTS.notAnOption);
  response.redirect({ method: 'POST' }, VOICE_PATHS.inbound);
  return response.toString();
}

/** Ends the call, optionally after one fixed line. */
export function hangupTwiml(text?: string): string {
  const response = new VoiceResponse();
  if (text !== undefined) say(response, text);
  response.hangup();
  return response.toString();
}

/**
 * The voicemail prompt and `<Record>`. Refuses (hangs up politely) when voicemail is disabled, so
 * no code path can record without the config switch.
 */
export function voicemailTwiml(voicemail: VoicemailSettings): string {
  if (!voicemail.enabled) return hangupTwiml(PROMPTS.closed);
  const response = new VoiceResponse();
  say(response, PROMPTS.voicemail);
  response.record({
    maxLength: voicemail.maxLengthSeconds ?? DEFAULT_VOICEMAIL_SECONDS,
    playBeep: true,
    finishOnKey: '#',
    action: VOICE_PATHS.dialStatus,
    method: 'POST',
    ...(voicemail.transcribe === true ? { transcribe: true } : {}),
  });
  // Reached only when nothing was recorded (Twilio then skips the action request).
  say(response, PROMPTS.thankYou);
  response.hangup();
  return response.toString();
}
