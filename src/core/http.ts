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
const GENERIC: Record<number, string> = {
  400: 'Bad request',
  403: 'Forbidden',
  415: 'Unsupported media type',
  500: 'Internal error',
  503: 'Service unavailable',
};

export function errorReply(status: 400 | 403 | 415 | 500 | 503): HttpReply {
  return { status, contentType: 'text/plain', body: GENERIC[status] ?? 'Error' };
}
