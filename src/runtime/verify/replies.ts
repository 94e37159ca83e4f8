/**
 * Every body /verify/* answers with: fixed strings and booleans only. The start answer is the
 * same whether or not the number exists, takes texts or calls, or has had too many codes.
 */
import { jsonReply, type HttpReply } from '../core/http';

export const verifyReplies = {
  /** /verify/start, whatever Twilio said about the number. */
  pending: (): HttpReply => jsonReply(202, { status: 'pending' }),
  /** /verify/check: true only when Twilio approved the code. */
  checked: (valid: boolean): HttpReply => jsonReply(200, { valid }),
  unsupportedDestination: (): HttpReply => jsonReply(422, { error: 'unsupported_destination' }),
  rateLimited: (): HttpReply => jsonReply(429, { error: 'rate_limited' }),
  unavailable: (): HttpReply => jsonReply(503, { error: 'unavailable' }),
} as const;
