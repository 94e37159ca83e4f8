/** Country of an E.164 number by libphonenumber-js (never a hand-rolled prefix table). */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** The ISO country of a valid E.164 number, or null when it is not a valid number at all. */
export function countryOf(e164: string): string | null {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.country ?? null;
}

export function isAllowedCountry(e164: string, allowed: readonly string[]): boolean {
  const country = countryOf(e164);
  return country !== null && allowed.includes(country);
}
