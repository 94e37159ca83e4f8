/**
 * Reading fields of Twilio API records (unknown JSON) in rules. One `str` for every rule folder: an
 * empty string is no value (null), like an absent field. Not for deciding whether a URL field is
 * set: use isUnset (voice/urls.ts) or the URL policy helpers, which judge '' themselves.
 */

/** A non-empty string, else null. */
export function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
