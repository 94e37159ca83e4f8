/**
 * Twilio-shaped REST errors: `{code, message, more_info, status}`.
 */
import type { FakeResponse, TwilioErrorBody } from './types';

export function twilioErrorBody(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** Thrown by stores/handlers; turned into a Twilio error response by the server. */
export class TwilioHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioHttpError';
  }

  toResponse(): FakeResponse {
    return { status: this.status, body: twilioErrorBody(this.status, this.code, this.message) };
  }
}

export const notFound = (): TwilioHttpError => new TwilioHttpError(404, 20404, 'The requested resource was not found');

export const missingParam = (name: string): TwilioHttpError =>
  new TwilioHttpError(400, 20001, `Missing required parameter ${name} in the post body`);

/** Codes used by the fake, with where they are documented (see README notes in the report). */
export const CODES = {
  authenticate: 20003,
  notFound: 20404,
  tooManyRequests: 20429,
  internal: 20500,
  /** https://www.twilio.com/docs/api/errors/54006 — Data larger than 16 KiB. */
  entityTooLarge: 54006,
  /** https://www.twilio.com/docs/api/errors/54155 — List Item revision mismatch (HTTP 412). */
  listItemRevisionMismatch: 54155,
  /** https://www.twilio.com/docs/api/errors/54156 — invalid List Item data. */
  invalidListItemData: 54156,
  /** https://www.twilio.com/docs/api/errors/54458 — List Item index must be a non-negative integer. */
  invalidListItemIndex: 54458,
  /** https://www.twilio.com/docs/api/errors/54205 — Map Item revision mismatch (HTTP 412). */
  mapItemRevisionMismatch: 54205,
  /** https://www.twilio.com/docs/api/errors/54206 — invalid Map Item data. */
  invalidMapItemData: 54206,
  /** https://www.twilio.com/docs/api/errors/54208 — Map Item already exists (HTTP 409). */
  mapItemExists: 54208,
  /** https://www.twilio.com/docs/api/errors/54209 — invalid Map Item key. */
  invalidMapItemKey: 54209,
  /** https://www.twilio.com/docs/api/errors/54301 — unique name already exists (HTTP 409). */
  uniqueNameExists: 54301,
  /** https://www.twilio.com/docs/api/errors/54302 — invalid unique name. */
  invalidUniqueName: 54302,
} as const;
