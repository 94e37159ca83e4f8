/**
 * Local JSON schema for Twilio's classic REST error body, used to validate every error
 * response the fake sends (the OpenAPI specs do not document error bodies). `details` is the
 * optional object some APIs add (Studio's flow validation errors, read by the SDK's RestException).
 */
import { isObject } from './openapi-schema';
import { formatErrors, newAjv } from './openapi-validator';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message', 'more_info', 'status'],
  additionalProperties: false,
  properties: {
    code: { type: 'integer', minimum: 10000 },
    message: { type: 'string', minLength: 1 },
    more_info: { type: 'string', format: 'uri', pattern: '^https://www\\.twilio\\.com/docs/errors/\\d+$' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    details: { type: 'object' },
  },
} as const;

const validateErrorBody = newAjv().compile(ERROR_SCHEMA);

export function validateTwilioError(label: string, httpStatus: number, body: unknown): string[] {
  if (!validateErrorBody(body)) return formatErrors(`${label} error body`, validateErrorBody.errors);
  return isObject(body) && body.status === httpStatus ? [] : [`${label} error body: /status does not equal the HTTP status`];
}
