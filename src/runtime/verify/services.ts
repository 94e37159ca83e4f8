/**
 * Wires /verify/* to the request: the Verify Service from the environment, the clinic's countries
 * and limits from the private clinic.json, the rate-limit buckets in the state store, and the
 * twilio client. A missing Service or an invalid clinic.json is a config error: 500, nothing sent.
 */
import { loadClinicConfig, type ClinicConfig } from '../clinic/clinic-config';
import { ConfigError } from '../core/config';
import type { HandlerContext } from '../core/webhook';
import { stateTiming } from '../services';
import { COLLECTIONS, openState } from '../state/factory';
import { Quota, type QuotaRecord } from '../state/quota';
import type { VerifyDeps } from './admit';
import { VerifyLimiter } from './limits';
import { twilioVerifyApi } from './verify-api';

/** The deps for one request, or null (already logged) when the configuration cannot serve it. */
export function verifyDeps(ctx: HandlerContext, event: string, now: () => number = Date.now): VerifyDeps | null {
  const serviceSid = ctx.config.verifyServiceSid;
  if (serviceSid === undefined) {
    ctx.log.error(`${event}.config_invalid`, { status: 'verify_service_missing' });
    return null;
  }
  let clinic: ClinicConfig;
  try {
    clinic = loadClinicConfig(ctx.request.readAsset);
  } catch (err) {
    ctx.log.error(`${event}.config_invalid`, { status: err instanceof ConfigError ? 'clinic_config_error' : 'unexpected' });
    return null;
  }
  const kv = openState(ctx.config, ctx.request.getTwilioClient).kv<QuotaRecord>(COLLECTIONS.verifyLimits);
  return {
    countries: clinic.countries,
    limiter: new VerifyLimiter(new Quota(kv, stateTiming(ctx)), ctx.config.optoutHmacSecret, clinic.verify, now),
    api: twilioVerifyApi(ctx.request.getTwilioClient(), serviceSid),
    log: ctx.log,
  };
}
