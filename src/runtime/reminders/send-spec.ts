/** The /reminders/send endpoint: schema, field-naming 400s, and wiring of config and state to the core. */
import { loadTemplates } from '../clinic/clinic-config';
import { errorReply } from '../core/http';
import { invalidRequestReply } from '../core/invalid-request';
import { signedUrl } from '../core/signature';
import type { WebhookSpec } from '../core/webhook';
import { validateReminderSend } from '../../generated/validators/validateReminderSend';
import { REMINDER_FIELDS, sendReminder, type ReminderRequest } from './send';
import { twilioSender } from './send-message';
import { reminderServices } from '../services';

export const remindersSendSpec: WebhookSpec<ReminderRequest> = {
  name: 'reminders_send',
  validateInput: validateReminderSend,
  invalidReply: invalidRequestReply(REMINDER_FIELDS),
  handle: async (req, ctx) => {
    const { config, request, log } = ctx;
    if (!config.messagingServiceSid || !config.clinicEvents) {
      // Replies to a reminder must have somewhere to go: no events URL, no reminders.
      log.error('reminders_send.config_incomplete', { status: 'config_error' });
      return errorReply(500);
    }
    const s = reminderServices(ctx);
    return sendReminder(req, {
      clinic: s.clinic,
      templates: loadTemplates(request.readAsset),
      ledger: s.ledger,
      pending: s.pending,
      send: twilioSender(request.getTwilioClient()),
      consent: s.consent,
      settings: {
        clinicName: config.clinicName,
        messagingServiceSid: config.messagingServiceSid,
        statusCallback: signedUrl({ domainName: request.domainName, path: '/sms/status', baseUrl: config.webhookBaseUrl }),
        secret: config.optoutHmacSecret,
        retention: {
          ...(config.retention.content ? { contentRetention: config.retention.content } : {}),
          ...(config.retention.address ? { addressRetention: config.retention.address } : {}),
        },
      },
      log,
      now: s.now,
    });
  },
};
