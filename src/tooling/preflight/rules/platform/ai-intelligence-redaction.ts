/**
 * AI-INTELLIGENCE-REDACTION (API map row 32; recommended): Conversational Intelligence services
 * redact PII in transcripts (`auto_redaction`) and media (`media_redaction`), keep `data_logging`
 * off, and send their webhook over https with POST (`webhook_http_method` may be the literal
 * 'NULL' when no webhook is set). Fail closed on null booleans. Not auto-fixable: the update needs
 * an If-Match (ETag) header, which the preflight's TwilioApi cannot send.
 */
import { HOSTS } from '../../api/twilio-api';
import { perResource } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { accountOf, hostOf, isHttps, isPost, str } from './platform-util';

export const meta: RuleMeta = {
  id: 'AI-INTELLIGENCE-REDACTION',
  title: 'Conversational Intelligence services redact PII and keep data logging off',
  severity: 'recommended',
  product: 'ai',
  source: 'S3 "Voice & Recordings" (Conversation Intelligence: PII Redaction recommended, data use off; Voice only); API map row 32',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)'],
  mode: 'account',
  remediation:
    'Console: Conversational Intelligence > Services > Settings (PII redaction and media redaction on, data logging off, https POST webhook), or POST /v2/Services/{GA} AutoRedaction=true, MediaRedaction=true, WebhookHttpMethod=POST with the If-Match ETag header.',
  fixable: false,
  messages: {
    piiRedactionNot: 'PII redaction is not on',
    mediaRedactionNot: 'media redaction is not on',
    dataLoggingNotOff: 'data logging is not off',
    webhookNotPostOver: 'the webhook is not POST over https',
    redactionDataLoggingOff: 'redaction on, data logging off',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { api } = accountOf(ctx);
    const services = await api.all(`${HOSTS.intelligence}/v2/Services`, 'services');
    return perResource(
      meta,
      ctx,
      services,
      (s) => {
        const webhook = str(s.webhook_url);
        const webhookOk = !webhook || (isHttps(webhook) && isPost(s.webhook_http_method));
        const problems = [
          s.auto_redaction === true ? '' : 'PII redaction is not on',
          s.media_redaction === true ? '' : 'media redaction is not on',
          s.data_logging === false ? '' : 'data logging is not off',
          webhookOk ? '' : 'the webhook is not POST over https',
        ].filter(Boolean);
        return {
          ok: problems.length === 0,
          resource: String(s.sid),
          reason: problems.length === 0 ? 'redaction on, data logging off' : problems.join('; '),
          evidence: {
            autoRedaction: typeof s.auto_redaction === 'boolean' ? s.auto_redaction : null,
            mediaRedaction: typeof s.media_redaction === 'boolean' ? s.media_redaction : null,
            dataLogging: typeof s.data_logging === 'boolean' ? s.data_logging : null,
            webhookHost: hostOf(webhook),
          },
        };
      },
      'no Conversational Intelligence services',
    );
  },
};
