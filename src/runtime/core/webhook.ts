/**
 * The one wrapper every webhook runs through: config check, X-Twilio-Signature check, refusal of
 * repeated parameter keys, account check, content-type check, schema validation, then the handler;
 * a throw becomes a generic 500 (503 when state storage is unavailable, so callers retry). Failures
 * answer with fixed generic bodies and one PHI-free log line; nothing from the request is echoed.
 */
import type { Twilio } from 'twilio';
import type { StandaloneValidator } from './validation';
import { ConfigError, loadConfig, type AppConfig } from './config';
import { errorReply, type HttpReply } from './http';
import { logger as defaultLogger, type PhiFreeLogger } from './log';
import { isValidSignature, paramsFromEvent, signedUrl, type WebhookParams } from './signature';
import { validateWith, type FieldError } from './validation';
import { CasError, StoreError } from '../state/kv';

export interface WebhookRequest {
  /** `context.DOMAIN_NAME` */
  domainName: string;
  /** `context.PATH` */
  path: string;
  /** Environment variables (the Function `context`). */
  env: Record<string, unknown>;
  /** The Function `event`: parameters plus `request.headers`. */
  event: Record<string, unknown>;
  getTwilioClient: () => Twilio;
  /** Reads a private asset by its deployed path (`/clinic.json`), or null when there is none. */
  readAsset: (path: string) => string | null;
}

export interface HandlerContext {
  config: AppConfig;
  request: WebhookRequest;
  log: PhiFreeLogger;
}

export interface WebhookSpec<I> {
  /** Log event prefix, e.g. `sms_inbound`. */
  name: string;
  validateInput: StandaloneValidator;
  /** The 400 for input that fails the schema (default: generic text). Must not echo values. */
  invalidReply?: (errors: readonly FieldError[]) => HttpReply;
  handle(input: I, ctx: HandlerContext): Promise<HttpReply>;
}

function headerOf(event: Record<string, unknown>, name: string): unknown {
  const request = event.request;
  if (typeof request !== 'object' || request === null) return undefined;
  const headers = (request as { headers?: unknown }).headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  return (headers as Record<string, unknown>)[name];
}

/** Twilio posts webhooks form-encoded; JSON bodies cannot be signature-checked by a Function (no raw body). */
function isFormEncoded(contentType: unknown): boolean {
  if (contentType === undefined) return true;
  return typeof contentType === 'string' && contentType.toLowerCase().startsWith('application/x-www-form-urlencoded');
}

export async function runWebhook<I>(spec: WebhookSpec<I>, request: WebhookRequest, log: PhiFreeLogger = defaultLogger): Promise<HttpReply> {
  let config: AppConfig;
  try {
    config = loadConfig(request.env, request.domainName);
  } catch (err) {
    log.error(`${spec.name}.config_invalid`, { status: err instanceof ConfigError ? 'config_error' : 'unexpected' });
    return errorReply(500);
  }

  const params: WebhookParams | null = paramsFromEvent(request.event);
  const url = signedUrl({ domainName: request.domainName, path: request.path, baseUrl: config.webhookBaseUrl });
  const signature = headerOf(request.event, 'x-twilio-signature');
  if (params === null || !isValidSignature(config.authToken, signature, url, params)) {
    log.warn(`${spec.name}.signature_rejected`, { status: 403 });
    return errorReply(403);
  }
  // A repeated key (`Body=a&Body=b`, which the runtime hands over as an array) is refused outright.
  // Twilio sends no repeated key to any of our webhooks (no webhook schema has an array field, and
  // media arrive as MediaUrl0, MediaUrl1, ...), and the signature cannot vouch for one: the SDK
  // signs a repeated key as its values de-duplicated, sorted and concatenated, so `Body=[x,x]`
  // carries the signature of `Body=x`, and `MediaUrl=[a,b]` that of `MediaUrl=aMediaUrlb`. It would
  // also let a second AccountSid slip past the account check below. Nothing is echoed.
  if (Object.values(params).some((value) => Array.isArray(value))) {
    log.warn(`${spec.name}.repeated_parameter`, { status: 400 });
    return errorReply(400);
  }
  // Twilio signs with the token of the account that owns the number; a request naming another
  // account (a number moved to a subaccount, a copied config) is not ours to act on.
  if (params.AccountSid !== undefined && params.AccountSid !== config.accountSid) {
    log.warn(`${spec.name}.account_mismatch`, { status: 403 });
    return errorReply(403);
  }
  if (!isFormEncoded(headerOf(request.event, 'content-type'))) {
    log.warn(`${spec.name}.unsupported_media_type`, { status: 415 });
    return errorReply(415);
  }
  const input = validateWith<I>(spec.validateInput, params);
  if (!input.ok) {
    log.warn(`${spec.name}.input_invalid`, { status: 400, count: input.errors.length });
    return spec.invalidReply ? spec.invalidReply(input.errors) : errorReply(400);
  }
  try {
    return await spec.handle(input.value, { config, request, log });
  } catch (err) {
    if (err instanceof ConfigError) {
      // A private asset (clinic config, templates) is missing or invalid: nothing was sent.
      log.error(`${spec.name}.config_invalid`, { status: 'config_error' });
      return errorReply(500);
    }
    if (err instanceof StoreError || err instanceof CasError) {
      // State we must read or write first is unavailable: fail closed, the caller may retry.
      log.error(`${spec.name}.state_unavailable`, { status: 503, errorCode: err.code ?? 0 });
      return errorReply(503);
    }
    log.error(`${spec.name}.unhandled_error`, { status: 500 });
    return errorReply(500);
  }
}
