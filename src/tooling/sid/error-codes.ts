/**
 * One-line meanings of the Messaging error codes support staff meet most, from the titles of
 * Twilio's error pages (https://www.twilio.com/docs/api/errors/<code>). Any other code points to
 * its page: the dictionary changes, so this table stays small and never guesses.
 */

export const MESSAGING_ERRORS: Readonly<Record<number, string>> = {
  21211: "Invalid 'To' phone number",
  21408: "Permission to send an SMS has not been enabled for the region of the 'To' number (Geo Permissions)",
  21610: 'Attempt to send to an unsubscribed recipient (the recipient opted out with STOP)',
  21612: "The 'To' and 'From' combination cannot be connected (sender not allowed for this destination)",
  21614: "'To' number is not a valid mobile number (landline or invalid)",
  30001: 'Queue overflow (too many messages queued for the sender)',
  30002: 'Account suspended',
  30003: 'Unreachable destination handset (off, out of coverage or cannot receive SMS)',
  30004: 'Message blocked (by the recipient, the carrier or a block list)',
  30005: 'Unknown destination handset (number unknown or no longer in service)',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered by the carrier (spam or content filtering)',
  30008: 'Unknown error from the carrier',
  30009: 'Missing segment (part of a multi-part message did not arrive)',
  30010: 'Message price exceeds the max price',
  30019: 'Content size exceeds the carrier limit',
  30022: 'US A2P 10DLC: rate limits exceeded',
  30023: 'US A2P 10DLC: daily message cap reached',
  30024: 'Numeric sender ID not provisioned on the carrier',
  30029: 'Invalid ContentRetention (or Message Redaction not enabled on the account)',
  30030: 'Invalid AddressRetention (or Message Redaction not enabled on the account)',
  30032: 'Toll-free number has not been verified',
  30034: 'US A2P 10DLC: message from an unregistered number',
};

export function errorMeaning(code: number): string {
  return MESSAGING_ERRORS[code] ?? `see https://www.twilio.com/docs/api/errors/${code}`;
}
