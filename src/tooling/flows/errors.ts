/**
 * The flows command's one error type: a PHI-free message (file, state, JSON pointer, placeholder
 * or SID names only, never a template's text or a phone number) and the exit code it maps to —
 * 2 for usage, credentials and "which deployment" problems, 1 for flows that cannot be rendered,
 * validated or deployed.
 */
import twilio from 'twilio';

export class FlowsError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'FlowsError';
  }
}

/** Usage, credentials or deployment-selection problem (exit 2). */
export const usageError = (message: string): FlowsError => new FlowsError(message, 2);

/** A flow could not be rendered, validated or deployed (exit 1). */
export const flowError = (message: string): FlowsError => new FlowsError(message, 1);

/**
 * A failed Twilio API call as a FlowsError: refused credentials are exit 2, anything else exit 1.
 * Only the status and Twilio's error code are kept (never the response message).
 */
export function apiError(step: string, err: unknown): FlowsError {
  if (err instanceof FlowsError) return err;
  if (!(err instanceof twilio.RestException)) return flowError(`could not reach Twilio while ${step}`);
  const code = err.code === undefined ? '' : `, error ${err.code}`;
  if (err.status === 401 || err.status === 403)
    return usageError(`Twilio refused the credentials while ${step} (HTTP ${err.status}${code})`);
  if (err.status === 404) return flowError(`not found while ${step} (HTTP 404${code})`);
  return flowError(`Twilio answered HTTP ${err.status}${code} while ${step}`);
}
