/**
 * Wire shapes the fake's stores produce and its helper interfaces (types.ts) expose: kept here, with
 * no imports, so types.ts never imports a store (no import circle through the stores).
 */
export type MessageStatus = 'queued' | 'accepted' | 'scheduled' | 'sent' | 'canceled';

export interface MessageWire {
  [field: string]: unknown;
  sid: string;
  account_sid: string;
  api_version: string;
  body: string;
  date_created: string;
  date_sent: string | null;
  date_updated: string;
  direction: 'outbound-api';
  error_code: number | null;
  error_message: string | null;
  from: string | null;
  messaging_service_sid: string | null;
  num_media: string;
  num_segments: string;
  price: string | null;
  price_unit: string;
  status: MessageStatus;
  subresource_uris: Record<string, string>;
  to: string;
  uri: string;
}

/** One verification sent through Verify (a test reads what was sent, never a code). */
export interface VerifySend {
  serviceSid: string;
  channel: string;
  to: string;
}
