/** Masks a phone number for display: country code and last four digits only (+1******1234). */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export function maskNumber(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const digits = e164.replace(/[^0-9]/g, '');
  const cc = parsed?.countryCallingCode ?? '';
  const rest = digits.slice(cc.length);
  if (rest.length <= 4) return `+${cc}${'*'.repeat(rest.length)}`;
  return `+${cc}${'*'.repeat(rest.length - 4)}${rest.slice(-4)}`;
}

/** True for a number libphonenumber-js accepts as a possible E.164 number. */
export function isE164(value: string): boolean {
  const parsed = parsePhoneNumberFromString(value);
  return parsed !== undefined && parsed.number === value && parsed.isPossible();
}
