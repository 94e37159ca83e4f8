/**
 * The one place a reminder becomes a Twilio Message: through the Messaging Service, with the
 * status callback, scheduled when asked, retention overrides only when configured, and never
 * message tags (tagging is not HIPAA-eligible).
 */
import type { Twilio } from 'twilio';
import { asRestError } from '../state/sync-errors';

export interface MessageRequest {
  to: string;
  messagingServiceSid: string;
  body: string;
  statusCallback: string;
  sendAt?: Date;
  contentRetention?: 'retain' | 'discard';
  addressRetention?: 'retain' | 'obfuscate';
}

export type SendOutcome =
  | { ok: true; sid: string; status: string }
  /** `code`: Twilio's error code (or HTTP status); `permanent`: a 4xx that a retry will not fix. */
  | { ok: false; code: number | null; permanent: boolean };

export type SendMessage = (req: MessageRequest) => Promise<SendOutcome>;

export function twilioSender(client: Twilio): SendMessage {
  return async (req) => {
    try {
      const m = await client.messages.create({
        to: req.to,
        messagingServiceSid: req.messagingServiceSid,
        body: req.body,
        statusCallback: req.statusCallback,
        ...(req.sendAt ? { scheduleType: 'fixed' as const, sendAt: req.sendAt } : {}),
        ...(req.contentRetention ? { contentRetention: req.contentRetention } : {}),
        ...(req.addressRetention ? { addressRetention: req.addressRetention } : {}),
      });
      return { ok: true, sid: m.sid, status: m.status };
    } catch (err) {
      const { status, code } = asRestError(err);
      const permanent = typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
      return { ok: false, code: typeof code === 'number' ? code : (status ?? null), permanent };
    }
  };
}
