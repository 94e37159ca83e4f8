import type { CliProfile } from '@twilio/cli-core';

/** The CLI profile as the credential variables our command layer reads (environment credentials). */
export function profileEnv(p: CliProfile): Record<string, string> {
  // The CLI's environment credentials TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN come back as apiKey = account SID.
  return p.apiKey === p.accountSid
    ? { TWILIO_ACCOUNT_SID: p.accountSid, TWILIO_AUTH_TOKEN: p.apiSecret }
    : { TWILIO_ACCOUNT_SID: p.accountSid, TWILIO_API_KEY: p.apiKey, TWILIO_API_SECRET: p.apiSecret };
}
