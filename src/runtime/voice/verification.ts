/**
 * Who may act on an appointment by phone. Caller ID alone proves nothing (anyone can spoof it), so
 * the IVR looks up, offers and records reminder answers only for calls Twilio verified under
 * SHAKEN/STIR with A-level attestation: the `StirVerstat` parameter Twilio adds to the voice
 * webhooks of an incoming call equals `TN-Validation-Passed-A` exactly. Everything else is
 * unverified and fails closed to the front desk: no parameter (calls from outside the US, many
 * carriers and PBXs), B or C attestation, a failed validation, the `-Diverted`/`-Passthrough`
 * variants, `NULL`, lower case, garbage.
 *
 * Values are from Twilio's "Trusted Calling with SHAKEN/STIR" page
 * (https://www.twilio.com/docs/voice/trusted-calling-with-shakenstir). A value is logged only as
 * the lower-case form of one of those documented values; anything else is logged as `unrecognized`
 * and never echoed, so the parameter cannot carry data into a log line.
 */
import type { ClinicConfig } from '../clinic/clinic-config';

/** The one value that verifies a caller. */
export const STIR_VERIFIED_A = 'TN-Validation-Passed-A';

/** Every `StirVerstat` value Twilio documents. Only {@link STIR_VERIFIED_A} verifies. */
export const STIR_VERSTAT_VALUES = [
  'TN-Validation-Passed-A',
  'TN-Validation-Passed-B',
  'TN-Validation-Passed-C',
  'TN-Validation-Failed-A',
  'TN-Validation-Failed-B',
  'TN-Validation-Failed-C',
  'No-TN-Validation',
  'TN-Validation-Failed',
  'NULL',
  'TN-Validation-Passed-A-Diverted',
  'TN-Validation-Passed-B-Diverted',
  'TN-Validation-Passed-C-Diverted',
  'TN-Validation-Failed-A-Diverted',
  'TN-Validation-Failed-B-Diverted',
  'TN-Validation-Failed-C-Diverted',
  'TN-Validation-Passed-A-Passthrough',
  'TN-Validation-Passed-B-Passthrough',
  'TN-Validation-Passed-C-Passthrough',
  'TN-Validation-Failed-A-Passthrough',
  'TN-Validation-Failed-B-Passthrough',
  'TN-Validation-Failed-C-Passthrough',
] as const;

export type VoiceVerification = NonNullable<ClinicConfig['voice']['verification']>;

/** What applies when the clinic config has no `voice.verification`. */
export const DEFAULT_VOICE_VERIFICATION: VoiceVerification = { mode: 'stir-a-only' };

export interface CallerCheck {
  verified: boolean;
  /** Safe to log (the `status` field): a documented value in lower case, `absent` or `unrecognized`. */
  label: string;
}

const KNOWN: ReadonlySet<string> = new Set(STIR_VERSTAT_VALUES);

/** The loggable form of a `StirVerstat` value; never the value itself unless Twilio documents it. */
export function verstatLabel(stirVerstat: unknown): string {
  if (stirVerstat === undefined || stirVerstat === '') return 'absent';
  if (typeof stirVerstat === 'string' && KNOWN.has(stirVerstat)) return stirVerstat.toLowerCase();
  return 'unrecognized';
}

/**
 * The decision. Exact, case-sensitive comparison: Twilio sends the documented spelling, and
 * anything else (including a lower-cased copy) is not what Twilio verified.
 */
export function checkCaller(stirVerstat: unknown, verification: VoiceVerification = DEFAULT_VOICE_VERIFICATION): CallerCheck {
  const label = verstatLabel(stirVerstat);
  // The only mode today; a mode this code does not know never verifies anyone.
  if (verification.mode !== 'stir-a-only') return { verified: false, label };
  return { verified: stirVerstat === STIR_VERIFIED_A, label };
}
