/**
 * Twilio-style SIDs and timestamps.
 */
import type { Rng } from './prng';

/** `prefix` + 32 lowercase hex characters drawn from `rng`. */
export function makeSid(prefix: string, rng: Rng): string {
  let hex = '';
  for (let i = 0; i < 4; i++) {
    hex += Math.floor(rng() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  }
  return prefix + hex;
}

/** ISO 8601 without milliseconds, e.g. `2015-07-30T20:00:00Z`, as Twilio formats dates. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const SID_PATTERN = /^[A-Z]{2}[0-9a-fA-F]{32}$/;
