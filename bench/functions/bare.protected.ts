/**
 * Baseline for the benchmark only (never deployed: it lives in bench/, outside functions/):
 * a protected Function that does nothing but answer an empty <Response/>.
 */
import type { ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';

export const handler: ServerlessFunctionSignature = (_context, _event, callback) => {
  callback(null, new Twilio.twiml.MessagingResponse());
};
