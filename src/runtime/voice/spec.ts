/**
 * The three voice webhooks: schema, wiring of config and state to the pure TwiML/menu core.
 * POST /voice/inbound (the number's "A call comes in" webhook), POST /voice/menu (the `<Gather>`
 * action) and POST /voice/dial-status (the front-desk `<Dial>` and voicemail `<Record>` action).
 * /voice/inbound offers the menu only to a call Twilio verified (src/runtime/voice/verification.ts);
 * /voice/menu checks again on its own request.
 */
import { loadClinicConfig } from '../clinic/clinic-config';
import { twimlReply } from '../core/http';
import type { WebhookSpec } from '../core/webhook';
import { validateVoiceDialStatus } from '../../generated/validators/validateVoiceDialStatus';
import { validateVoiceInbound } from '../../generated/validators/validateVoiceInbound';
import { validateVoiceMenu } from '../../generated/validators/validateVoiceMenu';
import { reminderServices } from '../services';
import { handleDialStatus, type DialCallStatus } from './dial-status';
import { handleMenu, VOICE_DRAIN_BUDGET_MS } from './menu';
import { inboundTwiml, unverifiedInboundTwiml } from './twiml';
import { checkCaller } from './verification';

export interface VoiceCallParams {
  CallSid: string;
  AccountSid: string;
  From: string;
  To: string;
  /** SHAKEN/STIR result; absent when the call carried no PASSporT. Logged only via its label. */
  StirVerstat?: string;
}

export interface VoiceMenuParams extends VoiceCallParams {
  Digits?: string;
}

export interface VoiceDialStatusParams {
  CallSid: string;
  AccountSid: string;
  DialCallStatus?: DialCallStatus;
  RecordingSid?: string;
}

export function voiceInboundSpec(): WebhookSpec<VoiceCallParams> {
  return {
    name: 'voice_inbound',
    validateInput: validateVoiceInbound,
    handle: async (p, { config, request, log }) => {
      const clinic = loadClinicConfig(request.readAsset);
      const caller = checkCaller(p.StirVerstat, clinic.voice.verification);
      log.info('voice.inbound', { callSid: p.CallSid, status: caller.label });
      return twimlReply(
        caller.verified ? inboundTwiml(config.clinicName, clinic.voice) : unverifiedInboundTwiml(config.clinicName, clinic.voice),
      );
    },
  };
}

export function voiceMenuSpec(): WebhookSpec<VoiceMenuParams> {
  return {
    name: 'voice_menu',
    validateInput: validateVoiceMenu,
    handle: async (p, ctx) => {
      const clinic = loadClinicConfig(ctx.request.readAsset);
      const xml = await handleMenu(
        {
          callSid: p.CallSid,
          from: p.From,
          ...(p.Digits === undefined ? {} : { digits: p.Digits }),
          ...(p.StirVerstat === undefined ? {} : { stirVerstat: p.StirVerstat }),
        },
        {
          voice: clinic.voice,
          log: ctx.log,
          stores: () => {
            const services = reminderServices(ctx);
            return { pending: services.pending, outbox: services.outbox };
          },
          now: Date.now,
          drainBudgetMs: VOICE_DRAIN_BUDGET_MS,
        },
      );
      return twimlReply(xml);
    },
  };
}

export function voiceDialStatusSpec(): WebhookSpec<VoiceDialStatusParams> {
  return {
    name: 'voice_dial_status',
    validateInput: validateVoiceDialStatus,
    handle: async (p, { request, log }) => {
      const clinic = loadClinicConfig(request.readAsset);
      const outcome = {
        callSid: p.CallSid,
        ...(p.DialCallStatus === undefined ? {} : { dialCallStatus: p.DialCallStatus }),
        ...(p.RecordingSid === undefined ? {} : { recordingSid: p.RecordingSid }),
      };
      return twimlReply(handleDialStatus(outcome, clinic.voice.voicemail, log));
    },
  };
}
