/**
 * Cancels a scheduled Message (Messages API: update `Status=canceled`). Only outcomes that mean
 * "nothing will be sent" are final: canceled now, or Twilio says the SID is gone or the message can
 * no longer be canceled (already sent or canceled). Anything else (rate limits, 5xx, no answer, an
 * unexpected refusal) must be retried.
 */
import type { Twilio } from 'twilio';
import { asRestError } from '../state/sync-errors';

/** Twilio: "Message cannot be canceled" (not in a cancelable state: already sent or canceled). */
export const CODE_NOT_CANCELABLE = 30409;
export const CODE_NOT_FOUND = 20404;

export type CancelOutcome = { kind: 'canceled' } | { kind: 'final'; code: number } | { kind: 'retry'; code: number | null };

export type CancelMessage = (messageSid: string) => Promise<CancelOutcome>;

export function twilioCanceler(client: Twilio): CancelMessage {
  return async (messageSid) => {
    try {
      const m = await client.messages(messageSid).update({ status: 'canceled' });
      return m.status === 'canceled' ? { kind: 'canceled' } : { kind: 'retry', code: null };
    } catch (err) {
      const { status, code } = asRestError(err);
      if (code === CODE_NOT_CANCELABLE || code === CODE_NOT_FOUND || status === 404) return { kind: 'final', code: code ?? 404 };
      return { kind: 'retry', code: typeof code === 'number' ? code : (status ?? null) };
    }
  };
}
