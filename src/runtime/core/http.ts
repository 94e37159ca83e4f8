/**
 * The typed reply a webhook core returns; the Function shell turns it into a Twilio.Response.
 * Error bodies are fixed generic strings: nothing from the request is ever echoed.
 */
export interface HttpReply {
  status: number;
  contentType: string;
  body: string;
}

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

export function twimlReply(xml: string): HttpReply {
  return { status: 200, contentType: 'text/xml', body: xml };
}

/** Generic error bodies by status. */
const GENERIC = {
  400: 'Bad request',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  415: 'Unsupported media type',
  422: 'Unprocessable',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
} as const;

export type ErrorStatus = keyof typeof GENERIC;

export function errorReply(status: ErrorStatus): HttpReply {
  return { status, contentType: 'text/plain', body: GENERIC[status] };
}

/** A JSON reply; callers build bodies from fixed strings, SIDs and field names only. */
export function jsonReply(status: number, body: Record<string, unknown>): HttpReply {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}
