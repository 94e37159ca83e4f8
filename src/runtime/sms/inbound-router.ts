/**
 * Where non-keyword messages go. Other features (two-way reminder replies) register a router; the
 * default answers with an empty <Response/> so nothing is sent back.
 */
import { EMPTY_TWIML, twimlReply, type HttpReply } from '../core/http';

export interface InboundMessage {
  messageSid: string;
  accountSid: string;
  from: string;
  to: string;
  messagingServiceSid: string | null;
  body: string;
}

export interface RouteContext {
  /** The sender is opted out of this sender (or the ledger could not tell): no SMS may be sent back. */
  optedOut: boolean;
}

export interface ReplyRouter {
  /** Starts the reads `route` will need, while the opt-out gate reads the ledger (optional). */
  prefetch?(message: InboundMessage): void;
  route(message: InboundMessage, context: RouteContext): Promise<HttpReply>;
}

export const emptyRouter: ReplyRouter = {
  route: async () => twimlReply(EMPTY_TWIML),
};
