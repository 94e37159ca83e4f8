/**
 * POST /studio/can-send — the pre-send gate of a REST-triggered Studio reminder. A Studio flow sends
 * without passing through /reminders/send, so the flow asks first: is the patient's number in an
 * allowed country, and is it not opted out of this sender (the opt-out ledger, read with the same
 * `isOptedOut` gate every Functions send path uses)? Fails closed: a ledger that cannot be read is
 * "do not send", and a clinic config that cannot be read is a 500 (the flow's fail branch ends it).
 * The answer carries no reason: the execution context would otherwise record a patient's status.
 */
import { loadClinicConfig, type CountryCode } from '../clinic/clinic-config';
import { jsonReply, type HttpReply } from '../core/http';
import { invalidRequestReply } from '../core/invalid-request';
import type { PhiFreeLogger } from '../core/log';
import { isAllowedCountry } from '../core/phone';
import type { WebhookSpec } from '../core/webhook';
import { validateStudioCanSend } from '../../generated/validators/validateStudioCanSend';
import { createLedger } from '../ledger/factory';
import { isOptedOut, type OptOutLedger } from '../ledger/ledger';

/** The Run Function parameters (see schemas/studio-can-send.schema.json and docs/studio.md). */
export interface CanSendParams {
  /** The patient ({{contact.channel.address}}). */
  To: string;
  /** The execution's From ({{flow.channel.address}}): the Messaging Service SID or clinic number. */
  Sender: string;
}

export interface CanSendDeps {
  ledger: OptOutLedger;
  countries: readonly CountryCode[];
  log: PhiFreeLogger;
}

export async function canSend(p: CanSendParams, deps: CanSendDeps): Promise<HttpReply> {
  if (!isAllowedCountry(p.To, deps.countries)) {
    deps.log.info('studio_can_send.refused', { status: 'destination' });
    return jsonReply(200, { send: false });
  }
  if (await isOptedOut(deps.ledger, p.To, p.Sender, deps.log)) {
    deps.log.info('studio_can_send.refused', { status: 'not_sendable' });
    return jsonReply(200, { send: false });
  }
  deps.log.info('studio_can_send.allowed');
  return jsonReply(200, { send: true });
}

export function studioCanSendSpec(): WebhookSpec<CanSendParams> {
  return {
    name: 'studio_can_send',
    validateInput: validateStudioCanSend,
    invalidReply: invalidRequestReply(['To', 'Sender']),
    handle: async (p, ctx) =>
      canSend(p, {
        ledger: createLedger(ctx.config, ctx.request.getTwilioClient),
        countries: loadClinicConfig(ctx.request.readAsset).countries,
        log: ctx.log,
      }),
  };
}
